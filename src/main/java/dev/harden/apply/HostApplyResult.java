package dev.harden.apply;

import dev.harden.module.Finding;
import java.util.List;

/**
 * What applying a plan did on one host. {@code steps} is the host's story in order
 * ("staged 2 files", "validated /etc/ssh/sshd_config with sshd -t", "reloaded ssh", ...).
 */
public record HostApplyResult(String host, Status status, String generation, List<String> steps,
                              List<String> reloaded, List<Finding> findings, String error) {

    public enum Status {
        /** Nothing to do: the host already matched. */
        UNCHANGED,
        /** Left alone: the host is on hold (harden release, or apply --ignore-hold). */
        HELD,
        /** Every change is active and verified. */
        APPLIED,
        /** Nothing was changed (validation failed, host changed since the plan, locked, unreachable). */
        FAILED,
        /** Changes were made, something went wrong, and the host is back as it was. */
        ROLLED_BACK,
        /** Changes were made, something went wrong, and the revert could not restore everything. */
        REVERT_INCOMPLETE,
        /** The connection was lost while changes were being made: the host's state is not known. */
        UNKNOWN,
        /** Not touched: a staged rollout stopped at an earlier batch. */
        NOT_ATTEMPTED
    }

    public HostApplyResult {
        steps = List.copyOf(steps);
        reloaded = List.copyOf(reloaded);
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return status != Status.UNCHANGED && status != Status.APPLIED && status != Status.HELD;
    }
}
