package dev.harden.engine;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.plan.Plan;
import java.util.List;
import java.util.function.Function;

/**
 * The use case every change follows once its plan exists (apply, rollback, the watcher): stop
 * when there is nothing to do, ask for approval, apply, and judge the outcome. The command line
 * asks the operator; CI passes --auto-approve; the watcher approves by its own rules. The plan
 * is shown by the caller before, the results after: this class never prints.
 */
public final class ChangeFlow {

    /** Decides whether a plan with changes may be applied. */
    @FunctionalInterface
    public interface Approval {
        boolean approve(Plan plan);

        Approval ALWAYS = plan -> true;
    }

    /** What happened: the plan, the per-host results (empty when nothing was applied), the verdict. */
    public record Outcome(Plan plan, List<HostApplyResult> results, boolean cancelled, ExitStatus status) {
        public Outcome {
            results = List.copyOf(results);
        }

        public boolean nothingToDo() {
            return !plan.hasChanges();
        }
    }

    private final Engine engine;

    public ChangeFlow(Engine engine) {
        this.engine = engine;
    }

    public Outcome run(FleetRun run, Function<Plan, ApplyContext> context, int parallelism, Approval approval,
                       Progress progress) {
        Plan plan = run.plan();
        if (!plan.hasChanges()) {
            return new Outcome(plan, List.of(), false, plan.hasFailures() ? ExitStatus.ERROR : ExitStatus.OK);
        }
        if (!approval.approve(plan)) {
            return new Outcome(plan, List.of(), true, ExitStatus.ERROR);
        }
        List<HostApplyResult> results = engine.apply(run, context.apply(plan), parallelism, progress);
        return new Outcome(plan, results, false, ExitStatus.ofChange(plan, results));
    }
}
