package dev.harden.module.upgrades;

import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.ResourceId;
import java.util.List;

/**
 * Automatic security updates with a reboot window (Layer 1). So far only its policy keys: they
 * are read and checked while the desired state loads; the module plans nothing yet.
 */
public final class UpgradesModule implements Module {

    @Override
    public String name() {
        return "upgrades";
    }

    @Override
    public List<Setting> settings() {
        return UpgradesPolicy.settings();
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return List.of();
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        UpgradesPolicy.of(input.policy());
        return ModuleResult.nothing(List.of());
    }
}
