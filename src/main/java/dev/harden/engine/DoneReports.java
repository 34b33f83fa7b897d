package dev.harden.engine;

import dev.harden.apply.HostApplyResult;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;

/** How a host's end of a stage is told to the progress listener, in a few words. */
final class DoneReports {

    private DoneReports() {
    }

    /** "planned (2 changes)", "planned (no changes)", "failed: MESSAGE". */
    static String of(HostOutcome outcome) {
        if (outcome instanceof HostFailure failure) {
            return "failed: " + failure.message();
        }
        HostPlan plan = (HostPlan) outcome;
        int changes = plan.changes().size();
        return "planned (" + (changes == 0 ? "no changes" : changes == 1 ? "1 change" : changes + " changes") + ")";
    }

    /** "applied (generation G)", "unchanged", "failed, rolled back: MESSAGE", ... */
    static String of(HostApplyResult result) {
        String words = switch (result.status()) {
            case APPLIED -> "applied"
                    + (result.generation() == null ? "" : " (generation " + result.generation() + ")");
            case UNCHANGED -> "unchanged";
            case HELD -> "on hold, left alone";
            case NOT_ATTEMPTED -> "not attempted";
            case FAILED -> "failed, nothing changed";
            case ROLLED_BACK -> "failed, rolled back";
            case REVERT_INCOMPLETE -> "failed, REVERT INCOMPLETE";
            case UNKNOWN -> "failed, outcome unknown";
        };
        return result.error() == null ? words : words + ": " + result.error();
    }
}
