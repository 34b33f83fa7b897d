package dev.harden.plan;

import dev.harden.facts.FileState;
import dev.harden.module.DesiredFile;
import java.util.ArrayList;
import java.util.List;

/**
 * One file that differs between a host and the desired state: what is there now (with its
 * fingerprint, checked again right before activation), what should be, and a unified diff
 * (or a note instead of one when the content is sensitive).
 */
public record FileChange(FileState before, DesiredFile desired, String diff) {

    public String module() {
        return desired.module();
    }

    public String path() {
        return desired.path();
    }

    public boolean creates() {
        return before instanceof FileState.Absent;
    }

    public boolean contentChanges() {
        if (desired.remove()) {
            return before instanceof FileState.Present;
        }
        return !(before instanceof FileState.Present p) || !java.util.Arrays.equals(p.content(), desired.content());
    }

    /** One line: "update /etc/ssh/sshd_config", "create ... (0440 root:root)", "mode 0644 -> 0600". */
    public String summary() {
        if (desired.remove()) {
            return "remove " + path() + " (it did not exist before)";
        }
        String meta = String.format("%04o %s:%s", desired.mode(), desired.owner(), desired.group());
        if (!(before instanceof FileState.Present present)) {
            return "create " + path() + " (" + meta + ")";
        }
        List<String> parts = new ArrayList<>();
        if (contentChanges()) {
            parts.add("content");
        }
        if (present.mode() != desired.mode()) {
            parts.add(String.format("mode %04o -> %04o", present.mode(), desired.mode()));
        }
        if (!present.owner().equals(desired.owner()) || !present.group().equals(desired.group())) {
            parts.add("owner " + present.owner() + ":" + present.group() + " -> " + desired.owner() + ":" + desired.group());
        }
        return "update " + path() + " (" + String.join(", ", parts) + ")";
    }
}
