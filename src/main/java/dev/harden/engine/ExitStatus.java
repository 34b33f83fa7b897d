package dev.harden.engine;

import dev.harden.apply.HostApplyResult;
import dev.harden.module.Finding;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import java.util.List;

/**
 * What a run's outcome means as an exit status, the same for the command line, CI and the
 * watcher (Terraform's convention): 0 success or nothing to report, 1 an error on any host (the
 * other hosts still proceeded), 2 changes to make or something to look at.
 */
public enum ExitStatus {
    OK(0), ERROR(1), CHANGES(2);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** plan: an error when a host could not be planned; with {@code detailed}, 2 when anything would change. */
    public static ExitStatus ofPlan(Plan plan, boolean detailed) {
        if (plan.hasFailures()) {
            return ERROR;
        }
        return detailed && plan.hasChanges() ? CHANGES : OK;
    }

    /** check: 2 when a host drifted from the desired state or has a warning. */
    public static ExitStatus ofCheck(Plan plan) {
        if (plan.hasFailures()) {
            return ERROR;
        }
        boolean warnings = plan.planned().stream().flatMap(h -> h.findings().stream())
                .anyMatch(f -> f.severity() == Finding.Severity.WARNING);
        return warnings || plan.planned().stream().anyMatch(HostPlan::hasChanges) ? CHANGES : OK;
    }

    /** apply and rollback: an error when a host could not be planned or its change failed in any way. */
    public static ExitStatus ofChange(Plan plan, List<HostApplyResult> results) {
        return plan.hasFailures() || results.stream().anyMatch(HostApplyResult::failed) ? ERROR : OK;
    }

    /** history: an error when any host's history could not be read. */
    public static ExitStatus ofHistory(List<HostHistory> histories) {
        return histories.stream().anyMatch(h -> h.error() != null) ? ERROR : OK;
    }
}
