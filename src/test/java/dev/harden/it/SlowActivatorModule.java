package dev.harden.it;

import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A test module whose one file is reloaded by an on-host activator that takes {@code seconds}:
 * long enough for the revert timer to fire while harden still works, so confirmation and revert
 * really race. Its file can cut access (it runs under commit-confirmed) and its activator, like
 * every module's, is stored with the generation, so the timer's revert runs it too.
 */
final class SlowActivatorModule implements dev.harden.module.Module {

    static final String PATH = "/etc/harden-it-slow";

    private final int seconds;

    SlowActivatorModule(int seconds) {
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public String onHostCode() {
        return "activate_slow() { echo \"slow activator: $(date +%s)\" >> /var/log/harden-it-slow.log; sleep " + seconds
                + "; }\n";
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return List.of(ResourceId.file(PATH));
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        FileResource file = new FileResource(name(), PATH, "slow\n".getBytes(StandardCharsets.UTF_8), 0644, "root",
                "root", Optional.empty(), List.of(Reload.activator("slow")), false, true);
        return new ModuleResult(List.of(file), List.of());
    }
}
