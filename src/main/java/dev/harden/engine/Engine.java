package dev.harden.engine;

import dev.harden.apply.Applier;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.desired.DesiredStateLoader;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.Modules;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.plan.Planner;
import dev.harden.resource.Change;
import dev.harden.source.GitHistory;
import dev.harden.source.GitSource;
import dev.harden.source.HistoryGate;
import dev.harden.source.Snapshot;
import dev.harden.source.TrustPolicy;
import dev.harden.state.GenerationStore;
import dev.harden.state.RollbackPlanner;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The pipeline, end to end: source, desired state, per-host facts and plans (concurrently,
 * with a bounded pool), and apply. Commands call this and render what it returns. Every host's
 * failure, whatever its cause, is that host's: the others proceed.
 */
public final class Engine {

    private final Modules modules;
    private final GitSource source;

    public Engine(Modules modules, Path cacheDir) {
        this.modules = modules;
        this.source = new GitSource(cacheDir);
    }

    /** Reads and validates the desired state; no host is contacted. */
    public DesiredState load(String repo, String ref, boolean workingTree) {
        return load(repo, ref, workingTree, TrustPolicy.unchecked());
    }

    /**
     * Reads and validates the desired state, its commit's signature verified first when the policy
     * asks for it (a commit that is not trusted is refused here); no host is contacted.
     */
    public DesiredState load(String repo, String ref, boolean workingTree, TrustPolicy trust) {
        Snapshot snapshot = source.read(repo, ref, workingTree, trust);
        return DesiredStateLoader.load(snapshot, modules);
    }

    /** Plans the selected hosts over the default transports. */
    public FleetRun plan(DesiredState state, RunOptions options, Progress progress) {
        Transports transports = new Transports(state, options);
        return plan(state, options, progress, transports, transports::notes, transports);
    }

    /** Plans over a given connector (tests use their own). */
    public FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector) {
        return plan(state, options, progress, connector, List::of, () -> { });
    }

    /**
     * Plans a rollback of the selected hosts to {@code target} ("previous" or a generation id)
     * from the generations recorded on each host; only the inventory is needed from the desired
     * state. Apply the returned run with a rollback context.
     */
    public FleetRun rollback(DesiredState state, RunOptions options, Progress progress, String target) {
        Transports transports = new Transports(state, options);
        return plan(state, options, progress, transports, transports::notes, transports,
                (entry, host) -> RollbackPlanner.plan(host, target, loginUser(entry), entry.target(),
                        state.modules().onHostCode()));
    }

    /** The generations recorded on each selected host, newest first. */
    public List<HostHistory> history(DesiredState state, RunOptions options) {
        try (Transports transports = new Transports(state, options)) {
            return HostTasks.run(state.inventory().select(options.limit()), options.parallelism(), Progress.NONE,
                    HostHistory::host, entry -> {
                        try (Host host = transports.connect(entry)) {
                            return new HostHistory(entry.name(), GenerationStore.list(host), null);
                        }
                    }, (entry, e) -> new HostHistory(entry.name(), List.of(),
                            HostTasks.message(entry.name(), "reading its history", e)));
        }
    }

    /**
     * Plans in two phases: every selected host is reached and its facts gathered (concurrently),
     * then each host is planned with a read-only view of the fleet's facts. Under a trust policy
     * that checks history, a reached host's last applied commit is read first, and a host the
     * commit would not move forward (or, in strict mode, whose range holds an untrusted commit)
     * fails with the reason, before its facts are gathered.
     */
    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          Supplier<List<String>> transportNotes, AutoCloseable resources) {
        List<HostEntry> hosts = state.inventory().select(options.limit());
        Map<String, Host> open = new ConcurrentHashMap<>();
        Map<String, Facts> gathered = new ConcurrentHashMap<>();
        List<String> trustNotes = new ArrayList<>();
        List<Reached> reached;
        try (GitHistory history = options.trust().checksHistory() ? source.history(state.source()) : null) {
            HistoryGate gate = history == null ? null : history.gate(state.source().commit(), options.trust());
            reached = HostTasks.run(hosts, options.parallelism(), progress, Reached::host, entry -> {
                Host host = reach(connector, state, entry, open);
                if (gate != null) {
                    gate.admit(entry.name(), GenerationStore.lastApplied(host));
                }
                gathered.put(entry.name(), gather(host, entry, state));
                return new Reached(entry.name(), null);
            }, (entry, e) -> new Reached(entry.name(), failed(entry, open, "gathering its facts", e)));
            if (gate != null) {
                trustNotes.addAll(gate.notes());
            }
        }
        FleetView fleet = new FleetView(state.inventory(), gathered);
        List<HostOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            HostEntry entry = hosts.get(i);
            HostOutcome outcome = reached.get(i).failure();
            if (outcome == null) {
                try {
                    outcome = Planner.plan(entry, gathered.get(entry.name()), state, fleet);
                } catch (RuntimeException | StackOverflowError e) {
                    outcome = failed(entry, open, "planning", e);
                }
            }
            outcomes.add(outcome);
        }
        return new FleetRun(state, plan(state, outcomes, () -> concat(trustNotes, transportNotes.get())), open,
                resources, (entry, host) -> Planner.plan(entry, gather(host, entry, state), state, fleet));
    }

    /** Plans each host on its own from what it recorded (a rollback). */
    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          Supplier<List<String>> transportNotes, AutoCloseable resources,
                          BiFunction<HostEntry, Host, HostPlan> planner) {
        List<HostEntry> hosts = state.inventory().select(options.limit());
        Map<String, Host> open = new ConcurrentHashMap<>();
        List<HostOutcome> outcomes = HostTasks.run(hosts, options.parallelism(), progress, HostOutcome::host,
                entry -> planner.apply(entry, reach(connector, state, entry, open)),
                (entry, e) -> failed(entry, open, "planning", e));
        return new FleetRun(state, plan(state, outcomes, transportNotes), open, resources, planner);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** A host reached and its facts gathered, or why not. */
    private record Reached(String host, HostFailure failure) {
    }

    private static Host reach(Connector connector, DesiredState state, HostEntry entry, Map<String, Host> open) {
        Host host = connector.connect(entry);
        open.put(entry.name(), host);
        host.checkManagedPaths(managedPaths(state, entry));
        return host;
    }

    private static HostFailure failed(HostEntry entry, Map<String, Host> open, String doing, Throwable e) {
        Host host = open.remove(entry.name());
        if (host != null) {
            host.close();
        }
        return new HostFailure(entry.name(), entry.target(), HostTasks.message(entry.name(), doing, e));
    }

    private static Plan plan(DesiredState state, List<HostOutcome> outcomes, Supplier<List<String>> transportNotes) {
        List<String> notes = new ArrayList<>();
        if (!state.source().workingTree() && !state.source().uncommitted().isEmpty()) {
            notes.add("uncommitted changes are NOT in this plan (" + String.join(", ", state.source().uncommitted())
                    + "); commit them, or pass --working-tree to plan them");
        }
        notes.addAll(transportNotes.get());
        return new Plan(state.source().commit(), state.source().label(), notes, outcomes);
    }

    /** Applies the run's plan to every host that has changes, reusing the run's connections. */
    public List<HostApplyResult> apply(FleetRun run, ApplyContext context, int parallelism, Progress progress) {
        DesiredState state = run.state();
        Applier applier = new Applier(context, state.modules().onHostCode());
        boolean rollback = "rollback".equals(context.kind());
        return HostTasks.run(run.plan().planned(), parallelism, progress, HostApplyResult::host, plan -> {
            Host host = run.host(plan.host());
            HostEntry entry = state.inventory().hosts().get(plan.host());
            if (rollback) { // differing from Git is the point here
                return applier.apply(host, plan, h -> run.replan(plan.host()), h -> List.of());
            }
            return applier.apply(host, plan, h -> run.replan(plan.host()), h -> verifyAfterApply(h, entry, state));
        }, (plan, e) -> new HostApplyResult(plan.host(), HostApplyResult.Status.UNKNOWN, null, List.of(), List.of(),
                List.of(), HostTasks.message(plan.host(), "applying", e) + "; the outcome is unknown: run harden"
                + " history -l " + plan.host()));
    }

    /** Gathers facts again and plans again: what still differs, and what the modules verify. */
    private static List<Finding> verifyAfterApply(Host host, HostEntry entry, DesiredState state) {
        HostPlan again = Planner.plan(entry, gather(host, entry, state), state);
        List<Finding> findings = new ArrayList<>(again.findings());
        for (Change change : again.changes()) {
            findings.add(Finding.warning(change.module(), change.id().key() + " still differs after apply: "
                    + change.summary()));
        }
        return findings;
    }

    private static Facts gather(Host host, HostEntry entry, DesiredState state) {
        return FactsProbe.gather(host, loginUser(entry), state.modules().probe(state.policyFor(entry)));
    }

    private static List<String> managedPaths(DesiredState state, HostEntry entry) {
        return state.modules().probe(state.policyFor(entry)).observed().stream()
                .filter(id -> id.key().startsWith("/")).map(id -> id.key()).toList();
    }

    private static String loginUser(HostEntry entry) {
        return entry.transport() == HostEntry.Transport.LOCAL ? "" : entry.user();
    }
}
