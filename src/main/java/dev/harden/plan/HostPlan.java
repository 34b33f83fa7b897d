package dev.harden.plan;

import dev.harden.module.Finding;
import java.util.List;

/**
 * The changes one host needs, in module order, plus findings. {@code facts} is the one-line
 * description of the host (OS, OpenSSH) at planning time.
 */
public record HostPlan(String host, String target, String facts, List<FileChange> changes, List<Finding> findings)
        implements HostOutcome {

    public HostPlan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }
}
