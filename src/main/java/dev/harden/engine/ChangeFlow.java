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
        return run(run, context, parallelism, approval, progress, Rollout.ALL_AT_ONCE);
    }

    /**
     * With a rollout: batch after batch, stopping after a batch with too many failures; the hosts
     * of the later batches are reported as not attempted, with the host that stopped the rollout.
     */
    public Outcome run(FleetRun run, Function<Plan, ApplyContext> context, int parallelism, Approval approval,
                       Progress progress, Rollout rollout) {
        return run(run, context, parallelism, approval, progress, rollout, host -> true);
    }

    /** Only the hosts {@code which} accepts (drift healing changes the drifted hosts only). */
    public Outcome run(FleetRun run, Function<Plan, ApplyContext> context, int parallelism, Approval approval,
                       Progress progress, Rollout rollout, java.util.function.Predicate<String> which) {
        Plan plan = run.plan();
        if (!plan.hasChanges()) {
            return new Outcome(plan, List.of(), false, plan.hasFailures() ? ExitStatus.ERROR : ExitStatus.OK);
        }
        if (!approval.approve(plan)) {
            return new Outcome(plan, List.of(), true, ExitStatus.ERROR);
        }
        ApplyContext applyContext = context.apply(plan);
        List<Rollout.Batch> batches = rollout.batches(plan.planned().stream().filter(p -> which.test(p.host())).toList(),
                run.state().inventory());
        java.util.Set<String> inBatches = new java.util.HashSet<>();
        batches.forEach(b -> inBatches.addAll(b.hosts()));
        // hosts without changes go with the last batch: planned again once every batch before prepared
        // (a key born there), they make the changes that now concern them in the same run
        java.util.function.Predicate<String> unchanged = host -> which.test(host) && !inBatches.contains(host);
        List<HostApplyResult> results = new java.util.ArrayList<>();
        String stoppedBy = null;
        for (int i = 0; i < batches.size(); i++) {
            Rollout.Batch batch = batches.get(i);
            if (stoppedBy != null) {
                for (String host : batch.hosts()) {
                    results.add(new HostApplyResult(host, HostApplyResult.Status.NOT_ATTEMPTED, null, List.of(), List.of(),
                            List.of(), "not attempted: " + stoppedBy));
                }
                continue;
            }
            boolean last = i == batches.size() - 1;
            List<HostApplyResult> done = engine.apply(run, applyContext, parallelism, progress,
                    host -> batch.hosts().contains(host) || last && unchanged.test(host));
            results.addAll(done);
            List<HostApplyResult> failed = done.stream().filter(r -> batch.hosts().contains(r.host()))
                    .filter(HostApplyResult::failed).toList();
            if (failed.size() * 100 > batch.maxFailPercent() * batch.hosts().size()) {
                HostApplyResult first = failed.get(0);
                stoppedBy = "the rollout stopped after " + batch.name() + ", where " + failed.size() + " of "
                        + batch.hosts().size() + " host(s) failed (" + first.host() + ": " + first.error() + ")";
            }
        }
        if (batches.isEmpty() || stoppedBy != null && results.stream().noneMatch(r -> unchanged.test(r.host()))) {
            // nothing prepared in this call: the hosts without changes answer at once
            results.addAll(engine.apply(run, applyContext, parallelism, progress, unchanged));
        }
        List<String> order = plan.planned().stream().map(p -> p.host()).toList();
        results.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.host())));
        return new Outcome(plan, results, false, ExitStatus.ofChange(plan, results));
    }
}
