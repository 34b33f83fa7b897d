package dev.harden.engine;

import dev.harden.desired.DesiredState;
import dev.harden.desired.ExemptionEdit;
import dev.harden.facts.Exemption;
import dev.harden.facts.Facts;
import dev.harden.inventory.HostEntry;
import dev.harden.module.FleetView;
import dev.harden.module.runbook.RunbookModule;
import dev.harden.module.runbook.Runbook;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.plan.Planner;
import dev.harden.state.ExemptionStore;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The exception use cases beside plan and apply: refusing an exception that weakens access unless
 * the operator says so, ending one early on its hosts (the host runs its own end), and the
 * runbook of each host (harden explain).
 */
final class Exceptions {

    private Exceptions() {
    }

    /**
     * The run with every host where the opened exception weakens access failing, naming what it
     * weakens, unless {@code weakenAccess}.
     */
    static FleetRun refuseWeakening(FleetRun run, ExemptionEdit edit, boolean weakenAccess) {
        if (weakenAccess || !(edit instanceof ExemptionEdit.Open open)) {
            return run;
        }
        List<HostOutcome> outcomes = new ArrayList<>();
        for (HostOutcome outcome : run.plan().hosts()) {
            List<String> weakens = outcome instanceof HostPlan plan ? plan.records().exemptions().stream()
                    .filter(e -> e.id().equals(open.exemption().id())).findFirst().map(Exemption::weakens)
                    .orElse(List.of()) : List.of();
            outcomes.add(weakens.isEmpty() ? outcome : new HostFailure(outcome.host(), outcome.target(),
                    outcome.host() + ": exception " + open.exemption().id() + " weakens access control there ("
                    + String.join(", ", weakens) + "); pass --weaken-access to open it anyway"));
        }
        Plan plan = run.plan();
        return run.withPlan(new Plan(plan.commit(), plan.source(), plan.notes(), outcomes));
    }

    /** Ends exception {@code id} on every selected host now; per host what the host said, or why not. */
    static List<HostExceptionEnd> end(DesiredState state, RunOptions options, Connector connector, String id,
                                      String by) {
        return HostTasks.run(state.inventory().select(options.limit(), options.shard()), options.parallelism(),
                Progress.NONE, HostTasks.Report.silent(), entry -> {
                    try (Host host = connector.connect(entry)) {
                        return new HostExceptionEnd(entry.name(), ExemptionStore.end(host, id, by), null);
                    }
                }, (entry, e) -> new HostExceptionEnd(entry.name(), List.of(),
                        HostTasks.message(entry.name(), "ending exception " + id, e)));
    }

    /** The runbook of every selected host, as its README says (or would say) with its exceptions in force. */
    static List<HostRunbook> explain(DesiredState state, RunOptions options, Connector connector, Progress progress) {
        List<HostEntry> hosts = state.inventory().select(options.limit(), options.shard());
        progress.stage("explaining", hosts.size());
        try {
            return HostTasks.run(hosts, options.parallelism(), progress,
                    (p, r) -> p.hostDone(r.host(), r.error() != null, r.error() == null ? "explained" : r.error()),
                    entry -> {
                        try (Host host = connector.connect(entry)) {
                            progress.phase(entry.name(), "gathering facts");
                            Facts facts = Engine.gather(host, entry, state);
                            return new HostRunbook(entry.name(), runbook(entry, facts, state), null);
                        }
                    }, (entry, e) -> new HostRunbook(entry.name(), "",
                            HostTasks.message(entry.name(), "explaining", e)));
        } finally {
            progress.stageDone();
        }
    }

    private static String runbook(HostEntry entry, Facts facts, DesiredState state) {
        Instant now = Instant.now();
        List<Exemption> active = state.exemptionsFor(entry, facts.records(), now);
        var input = Planner.input(entry, facts.withRecords(facts.records().withExemptions(active)), state,
                FleetView.single(state.inventory(), entry.name(), facts), active);
        return state.modules().all().stream().filter(RunbookModule.class::isInstance).map(RunbookModule.class::cast)
                .findFirst().map(r -> r.text(input)).orElseGet(() -> Runbook.text(input, state.modules().all()));
    }
}
