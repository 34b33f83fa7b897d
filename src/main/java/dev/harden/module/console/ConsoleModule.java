package dev.harden.module.console;

import dev.harden.facts.Facts;
import dev.harden.module.MissingDirectories;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.OnHostCode;
import dev.harden.module.RunbookSection;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.FileResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.UnitResource;
import dev.harden.resource.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every host carries harden-local (/usr/local/sbin/harden-local, root only): status, history and
 * rollback from the host's own console, with the code each generation stored, and no controller,
 * network or Git. And a timer that, after a boot and every 10 minutes, ends the exceptions whose
 * time is up and arms the others (the precise on-host timers harden arms do not survive a reboot).
 */
public final class ConsoleModule implements Module {

    public static final String COMMAND = "/usr/local/sbin/harden-local";
    static final String SERVICE = "/etc/systemd/system/harden-expire.service";
    static final String TIMER = "/etc/systemd/system/harden-expire.timer";
    static final String ENABLED = "console.enabled";
    private static final byte[] SCRIPT = OnHostCode.load(ConsoleModule.class, "harden-local.sh")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SERVICE_TEXT = """
            # Managed by harden (module console). Ends the exceptions whose time is up, and arms the
            # timers of the others; see /etc/harden/README.
            [Unit]
            Description=harden: end the exceptions whose time is up
            Documentation=file:/etc/harden/README

            [Service]
            Type=oneshot
            ExecStart=/usr/local/sbin/harden-local expire
            """;
    private static final String TIMER_TEXT = """
            # Managed by harden (module console). The precise timers that end exceptions do not survive
            # a reboot: this one runs harden-local expire after every boot, and every 10 minutes.
            [Unit]
            Description=harden: end exceptions whose time is up, after a boot and every 10 minutes

            [Timer]
            OnBootSec=30s
            OnUnitActiveSec=10min
            AccuracySec=1s

            [Install]
            WantedBy=timers.target
            """;

    @Override
    public String name() {
        return "console";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.bool(ENABLED, "install harden-local (status, history, rollback from the host's own"
                + " console) and the timer that ends exceptions after a reboot"));
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        List<ResourceId> observed = new ArrayList<>(MissingDirectories.observed("/usr/local/sbin"));
        observed.addAll(MissingDirectories.observed("/etc/systemd/system"));
        observed.addAll(List.of(ResourceId.file(COMMAND), ResourceId.file(SERVICE), ResourceId.file(TIMER),
                ResourceId.unit("harden-expire.timer")));
        return observed;
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        if (!input.policy().bool(ENABLED)) {
            return ModuleResult.nothing(List.of());
        }
        Facts facts = input.facts();
        List<Resource> resources = new ArrayList<>(MissingDirectories.resources(name(), "/usr/local/sbin", facts));
        resources.add(new FileResource(name(), COMMAND, SCRIPT, 0700, "root", "root",
                Optional.of(Validator.of("sh", "-n", "{}")), List.of(), false, false));
        boolean systemd = "systemd".equals(facts.initSystem());
        if (systemd || facts.isImageRoot()) {
            resources.addAll(MissingDirectories.resources(name(), "/etc/systemd/system", facts));
            resources.add(unitFile(SERVICE, SERVICE_TEXT));
            resources.add(unitFile(TIMER, TIMER_TEXT));
        }
        if (systemd && !facts.isImageRoot()) {
            resources.add(new UnitResource(name(), "harden-expire.timer", "enabled", "active", false));
        }
        return ModuleResult.of(resources, List.of(), List.of());
    }

    @Override
    public List<RunbookSection> runbook(ModuleInput input) {
        if (!input.policy().bool(ENABLED)) {
            return List.of();
        }
        return List.of(new RunbookSection("From this console, with no controller, network or Git", List.of(
                "sudo harden-local status: the last change, the hold, exceptions in force",
                "sudo harden-local history: every change harden made here, newest first (sudo harden-local show ID)",
                "sudo harden-local rollback --to previous: undoes the last change with its own stored code, after"
                        + " checking the host is as that change left it; --to ID undoes every change after ID",
                "a console rollback puts the host on hold, so harden and its watcher leave it alone until"
                        + " harden release")));
    }

    private FileResource unitFile(String path, String text) {
        return new FileResource(name(), path, text.getBytes(StandardCharsets.UTF_8), 0644, "root", "root",
                Optional.empty(), List.of(), false, false);
    }
}
