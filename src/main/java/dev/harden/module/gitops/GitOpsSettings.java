package dev.harden.module.gitops;

import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import dev.harden.resource.ResourceId;
import java.util.List;
import java.util.Set;

/**
 * The gitops.* keys: how the watcher treats a host that changed out of band (drift). It manages
 * nothing on the host itself; its keys are layered like any module's, so a group can heal while
 * another only reports.
 */
public final class GitOpsSettings implements Module {

    public static final String DRIFT = "gitops.drift";

    @Override
    public String name() {
        return "gitops";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting(DRIFT, new SettingType.Choice(Set.of("report", "heal")),
                "what the watcher does with a host changed out of band: report it, or heal it with the change protocol"));
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return List.of();
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        return ModuleResult.nothing(List.of());
    }
}
