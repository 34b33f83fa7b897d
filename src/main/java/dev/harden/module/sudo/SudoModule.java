package dev.harden.module.sudo;

import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.RunbookSection;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import dev.harden.resource.FileResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.Validator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Logged sudo (Layer 1): a sudoers drop-in that sends every sudo use to a log file and syslog,
 * runs commands in a pseudo-terminal, and optionally records session I/O. Validated with
 * {@code visudo -cf} before it is activated. The file name has no dot, since sudo skips those.
 */
public final class SudoModule implements Module {

    public static final String DROP_IN = "/etc/sudoers.d/harden";
    private static final SettingType.Text PATH_OR_EMPTY = new SettingType.Text(
            Pattern.compile("(/[A-Za-z0-9._/-]+)?"), "an absolute path (letters, digits, . _ - /) or \"\" for none");
    private static final SettingType.Text PATH = new SettingType.Text(
            Pattern.compile("/[A-Za-z0-9._/-]+"), "an absolute path (letters, digits, . _ - /)");

    @Override
    public String name() {
        return "sudo";
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.bool("sudo.enabled", "manage the sudoers drop-in " + DROP_IN),
                new Setting("sudo.log_file", PATH_OR_EMPTY, "file that records every sudo command (\"\": syslog only)"),
                Setting.bool("sudo.use_pty", "run sudo commands in a pseudo-terminal (needed for I/O logging)"),
                Setting.bool("sudo.log_io", "record the terminal input and output of sudo sessions (can capture secrets)"),
                new Setting("sudo.io_log_dir", PATH, "where I/O logs go when sudo.log_io is true"));
    }

    @Override
    public List<ResourceId> observes(HostPolicy policy) {
        return List.of(ResourceId.file(DROP_IN));
    }

    @Override
    public ModuleResult plan(ModuleInput input) {
        HostPolicy policy = input.policy();
        if (!policy.bool("sudo.enabled")) {
            return ModuleResult.nothing(List.of());
        }
        String rendered = input.templates().render("sudoers_harden.ftl",
                Map.of("policy", policy.nested(), "host", Map.of("name", input.hostName())));
        FileResource file = new FileResource(name(), DROP_IN, rendered.getBytes(StandardCharsets.UTF_8), 0440, "root",
                "root", Optional.of(Validator.of("visudo", "-c", "-q", "-f", "{}")), List.of(), false, true);
        return new ModuleResult(List.of(file), List.of());
    }

    /** Where sudo use is logged, and how to escalate. */
    @Override
    public List<RunbookSection> runbook(ModuleInput input) {
        HostPolicy policy = input.policy();
        String title = "sudo";
        if (!policy.bool("sudo.enabled")) {
            return List.of(new RunbookSection(title, List.of("sudo logging is not managed by harden here"
                    + " (sudo.enabled: false)")));
        }
        String logFile = policy.text("sudo.log_file");
        return List.of(new RunbookSection(title, List.of(
                "escalate with sudo from your own account; who may use it is the host's sudoers, not harden's",
                "every sudo command is logged to " + (logFile.isEmpty() ? "" : logFile + " and ") + "syslog"
                        + " (authpriv: journalctl -t sudo, or /var/log/auth.log where rsyslog runs)",
                policy.bool("sudo.log_io") ? "the input and output of sudo sessions is recorded in "
                        + policy.text("sudo.io_log_dir") + " (sudoreplay -d " + policy.text("sudo.io_log_dir")
                        + " -l lists them); it may hold secrets you typed" : "sessions are not recorded (sudo.log_io:"
                        + " false)",
                "settings: " + DROP_IN + ", written by harden")));
    }
}
