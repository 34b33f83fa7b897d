package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.apply.Applier;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.desired.DesiredStateLoader;
import dev.harden.desired.ExemptionEdit;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.facts.ProbeRequest;
import dev.harden.facts.Hold;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.Modules;
import dev.harden.module.Pin;
import dev.harden.module.Requests;
import dev.harden.policy.HostPolicy;
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
import dev.harden.state.ExemptionStore;
import dev.harden.state.GenerationStore;
import dev.harden.state.HoldStore;
import dev.harden.state.RollbackPlanner;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import dev.harden.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The pipeline, end to end: source, desired state, per-host facts and plans (concurrently,
 * with a bounded pool), and apply. Commands call this and render what it returns. Every host's
 * failure, whatever its cause, is that host's: the others proceed.
 */
public final class Engine {

    private final Modules modules;
    private final GitSource source;
    private final UnaryOperator<Host> hosts;

    public Engine(Modules modules, Path cacheDir) {
        this(modules, cacheDir, UnaryOperator.identity());
    }

    /**
     * An engine whose every connection to a host over the default transports is passed through
     * {@code hosts} first (tests observe every command a run sends).
     */
    public Engine(Modules modules, Path cacheDir, UnaryOperator<Host> hosts) {
        this.modules = modules;
        this.source = new GitSource(cacheDir);
        this.hosts = hosts;
    }

    /** The default transports, each connection passed through this engine's host wrapper. */
    private Connector connector(Transports transports) {
        return entry -> hosts.apply(transports.connect(entry));
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
        return plan(transports.state(), options, progress, connector(transports), transports::notes, transports);
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
        return rollback(transports.state(), options, progress, target, connector(transports), transports::notes,
                transports);
    }

    /** Plans a rollback over a given connector (tests use their own). */
    public FleetRun rollback(DesiredState state, RunOptions options, Progress progress, String target,
                             Connector connector) {
        return rollback(state, options, progress, target, connector, List::of, () -> { });
    }

    private FleetRun rollback(DesiredState state, RunOptions options, Progress progress, String target,
                              Connector connector, Supplier<List<String>> transportNotes, AutoCloseable resources) {
        return plan(state, options, progress, connector, transportNotes, resources,
                (entry, host) -> RollbackPlanner.plan(host, target, loginUser(entry), entry.target(),
                        state.modules().onHostCode()));
    }

    /**
     * Plans the selected hosts with a change to their exceptions (one opened, or one's end moved),
     * to be applied like any plan (with a context of kind "exception"). A host where a new exception
     * weakens access control fails, naming what it weakens, unless {@code weakenAccess}.
     */
    public FleetRun except(DesiredState state, ExemptionEdit edit, boolean weakenAccess, RunOptions options,
                           Progress progress) {
        return Exceptions.refuseWeakening(plan(state.with(edit), options, progress), edit, weakenAccess);
    }

    /** The same over a given connector (tests use their own). */
    public FleetRun except(DesiredState state, ExemptionEdit edit, boolean weakenAccess, RunOptions options,
                           Progress progress, Connector connector) {
        return Exceptions.refuseWeakening(plan(state.with(edit), options, progress, connector), edit, weakenAccess);
    }

    /**
     * Ends exception {@code id} on the selected hosts now: each host runs the exception's own end
     * (what its timer runs), recording {@code by}.
     */
    public List<HostExceptionEnd> endException(DesiredState state, RunOptions options, String id, String by) {
        try (Transports transports = new Transports(state, options)) {
            return Exceptions.end(state, options, transports, id, by);
        }
    }

    /** The runbook of each selected host (read-only): what /etc/harden/README says there. */
    public List<HostRunbook> explain(DesiredState state, RunOptions options, Progress progress) {
        try (Transports transports = new Transports(state, options)) {
            return Exceptions.explain(state, options, transports, progress);
        }
    }

    /** The generations recorded on each selected host, newest first. */
    public List<HostHistory> history(DesiredState state, RunOptions options) {
        try (Transports transports = new Transports(state, options)) {
            return history(transports.state(), options, connector(transports));
        }
    }

    /** The history over a given connector (tests use their own). */
    public List<HostHistory> history(DesiredState state, RunOptions options, Connector connector) {
        return HostTasks.run(state.inventory().select(options.limit(), options.shard()), options.parallelism(),
                Progress.NONE, HostTasks.Report.silent(), entry -> {
                    try (Host host = connector.connect(entry)) {
                        return new HostHistory(entry.name(), GenerationStore.list(host), ExemptionStore.list(host),
                                null);
                    }
                }, (entry, e) -> new HostHistory(entry.name(), List.of(),
                        HostTasks.message(entry.name(), "reading its history", e)));
    }

    /**
     * Plans in two phases: every selected host is reached and its facts gathered (concurrently),
     * then each host is planned with a read-only view of the fleet's facts and policies. Under a
     * trust policy that checks history, a reached host's last applied commit is read first, and a
     * host the commit would not move forward (or, in strict mode, whose range holds an untrusted
     * commit) fails with the reason, before its facts are gathered. Lines the modules pin (newly
     * trusted public keys) are recorded in the checkout and noted in the plan.
     */
    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          Supplier<List<String>> transportNotes, AutoCloseable resources) {
        List<HostEntry> hosts = state.inventory().select(options.limit(), options.shard());
        options.requests().rotate().forEach((module, names) -> names.forEach(name -> {
            if (!state.inventory().hosts().containsKey(name)) {
                throw new HardenException("cannot rotate the " + module + " secrets of " + YamlNode.quote(name)
                        + ": no such host in the inventory");
            }
        }));
        Map<String, Host> open = new ConcurrentHashMap<>();
        Map<String, Facts> gathered = new ConcurrentHashMap<>();
        List<String> trustNotes = new ArrayList<>();
        List<Reached> reached;
        Requests requests = options.requests();
        List<HostOutcome> outcomes = new ArrayList<>();
        List<String> pinNotes = new ArrayList<>();
        FleetView fleet;
        progress.stage("planning", hosts.size());
        try {
            try (GitHistory history = options.trust().checksHistory() ? source.history(state.source()) : null) {
                HistoryGate gate = history == null ? null : history.gate(state.source().commit(), options.trust());
                reached = HostTasks.run(hosts, options.parallelism(), progress, (p, r) -> {
                    if (r.failure() != null) { // a reached host is done once planned, below
                        p.hostDone(r.host(), true, DoneReports.of(r.failure()));
                    }
                }, entry -> {
                    progress.phase(entry.name(), "connecting");
                    Host host = reach(connector, state, entry, open);
                    if (gate != null) {
                        progress.phase(entry.name(), "checking its history");
                        gate.admit(entry.name(), GenerationStore.lastApplied(host));
                    }
                    progress.phase(entry.name(), "gathering facts");
                    gathered.put(entry.name(), gather(host, entry, state));
                    progress.phase(entry.name(), Progress.WAITING); // planned once every host's facts are in
                    return new Reached(entry.name(), null);
                }, (entry, e) -> new Reached(entry.name(), failed(entry, open, "gathering its facts", e)));
                if (gate != null) {
                    trustNotes.addAll(gate.notes());
                }
            }
            fleet = new FleetView(state.inventory(), gathered, policies(state));
            for (int i = 0; i < hosts.size(); i++) {
                HostEntry entry = hosts.get(i);
                HostOutcome outcome = reached.get(i).failure();
                if (outcome == null) {
                    progress.phase(entry.name(), "planning");
                    try {
                        outcome = HostPlanning.plan(entry, gathered.get(entry.name()), state, fleet, requests);
                        pinNotes.addAll(record(state, ((HostPlan) outcome).pins()));
                    } catch (RuntimeException | StackOverflowError e) {
                        outcome = failed(entry, open, "planning", e);
                    }
                    progress.hostDone(entry.name(), outcome instanceof HostFailure, DoneReports.of(outcome));
                }
                outcomes.add(outcome);
            }
        } finally {
            progress.stageDone();
        }
        Supplier<List<String>> notes = () -> {
            List<String> all = new ArrayList<>(trustNotes);
            all.addAll(transportNotes.get());
            all.addAll(pinNotes);
            return all;
        };
        return new FleetRun(state, plan(state, outcomes, notes), open, resources,
                (entry, host) -> HostPlanning.plan(entry, gather(host, entry, state), state, fleet, requests), fleet,
                requests);
    }

    /** Every inventory host's effective policy, each merged once, on demand. */
    private static Function<String, HostPolicy> policies(DesiredState state) {
        Map<String, HostPolicy> merged = new ConcurrentHashMap<>();
        return name -> {
            HostEntry entry = state.inventory().hosts().get(name);
            return entry == null ? null : merged.computeIfAbsent(name, n -> state.policyFor(entry));
        };
    }

    /** Records the modules' pins in the checkout; the notes say where (or which line to add by hand). */
    private static List<String> record(DesiredState state, List<Pin> pins) {
        List<String> notes = new ArrayList<>();
        synchronized (Engine.class) { // hosts of one run record into the same files
            for (Pin pin : pins) {
                notes.add(CheckoutFile.record(state.source(), pin.file(), pin.key(), pin.line(), pin.what()));
            }
        }
        return notes;
    }

    /** Plans each host on its own from what it recorded (a rollback). */
    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          Supplier<List<String>> transportNotes, AutoCloseable resources,
                          BiFunction<HostEntry, Host, HostPlan> planner) {
        List<HostEntry> hosts = state.inventory().select(options.limit(), options.shard());
        Map<String, Host> open = new ConcurrentHashMap<>();
        List<HostOutcome> outcomes;
        progress.stage("planning", hosts.size());
        try {
            outcomes = HostTasks.run(hosts, options.parallelism(), progress,
                    (p, outcome) -> p.hostDone(outcome.host(), outcome instanceof HostFailure, DoneReports.of(outcome)),
                    entry -> {
                        progress.phase(entry.name(), "connecting");
                        Host host = reach(connector, state, entry, open);
                        progress.phase(entry.name(), "planning");
                        return planner.apply(entry, host);
                    }, (entry, e) -> failed(entry, open, "planning", e));
        } finally {
            progress.stageDone();
        }
        return new FleetRun(state, plan(state, outcomes, transportNotes), open, resources, planner, null,
                Requests.NONE);
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

    /**
     * Applies the run's plan to every host that has changes, reusing the run's connections. A host
     * on hold is left alone (and says so) unless the context ignores holds; after a successful
     * change, the context's hold (a rollback's) is put on the host.
     */
    public List<HostApplyResult> apply(FleetRun run, ApplyContext context, int parallelism, Progress progress) {
        return apply(run, context, parallelism, progress, host -> true);
    }

    /** Applies the run's plan to the hosts {@code which} accepts (a rollout's batch). */
    public List<HostApplyResult> apply(FleetRun run, ApplyContext context, int parallelism, Progress progress,
                                       java.util.function.Predicate<String> which) {
        DesiredState state = run.state();
        Applier applier = new Applier(context, state.modules().onHostCode());
        boolean rollback = "rollback".equals(context.kind());
        Instant now = Instant.now();
        List<HostPlan> planned = run.plan().planned().stream().filter(p -> which.test(p.host())).toList();
        // phase one: lock every host with changes and make its preparing changes (packages, secrets)
        HostTasks.Report silent = HostTasks.Report.silent();
        List<Applier.Started> started = HostTasks.run(planned, parallelism, Progress.NONE, silent, plan -> {
            Optional<Hold> hold = plan.activeHold(now);
            if (hold.isPresent() && !context.ignoreHold() && plan.hasChanges()) {
                return null;
            }
            if (plan.hasChanges()) {
                progress.phase(plan.host(), "locking and preparing");
            }
            return applier.start(run.host(plan.host()), plan);
        }, (plan, e) -> Applier.Started.done(new HostApplyResult(plan.host(), HostApplyResult.Status.UNKNOWN, null,
                List.of(), List.of(), List.of(), HostTasks.message(plan.host(), "preparing", e)
                + "; the outcome is unknown: run harden history -l " + plan.host())));
        boolean anyPrepared = started.stream().anyMatch(s -> s != null && s.prepared());
        // between the phases: with something prepared, every host is planned again knowing it
        Map<String, FleetView> fleets = new ConcurrentHashMap<>();
        Map<String, List<String>> pinNotes = new ConcurrentHashMap<>();
        Map<String, Applier.Replanner> replanners = replanners(run, planned, rollback, anyPrepared, parallelism,
                fleets, pinNotes);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            order.add(i);
        }
        return HostTasks.run(order, parallelism, progress,
                (p, result) -> p.hostDone(result.host(), result.failed(), DoneReports.of(result)), i -> {
            HostPlan plan = planned.get(i);
            Applier.Started host = started.get(i);
            HostEntry entry = state.inventory().hosts().get(plan.host());
            Applier.Replanner replanner = replanners.get(plan.host());
            Applier.PostCheck check = rollback ? h -> List.of() : h -> {
                progress.phase(plan.host(), "verifying");
                return verifyAfterApply(h, entry, state, fleets.get(plan.host()), run.requests());
            };
            HostApplyResult result;
            if (host == null) { // left alone in phase one: on hold
                return held(plan, plan.activeHold(now).orElseThrow());
            }
            if (plan.hasChanges()) {
                progress.phase(plan.host(), "applying");
            }
            result = replanner == null ? host.abandon("it could not be planned again after the others were"
                    + " prepared") : host.finish(replanner, check);
            if (anyPrepared && result.status() == HostApplyResult.Status.UNCHANGED && replanner != null) {
                result = applier.apply(run.host(plan.host()), replanner.replan(run.host(plan.host())), replanner, check);
            }
            return withNotes(withHold(run, context, result), pinNotes.getOrDefault(plan.host(), List.of()));
        }, (i, e) -> new HostApplyResult(planned.get(i).host(), HostApplyResult.Status.UNKNOWN, null, List.of(),
                List.of(), List.of(), HostTasks.message(planned.get(i).host(), "applying", e)
                + "; the outcome is unknown: run harden history -l " + planned.get(i).host()));
    }

    /**
     * How each host is planned again in its second phase: by itself, with fresh facts; or, when
     * any host of the run prepared something, with every host's fresh facts in the fleet view
     * ({@code fleets} gets the view each host is planned and verified with). Lines a second-phase
     * plan pins (the public key of a secret born in the first phase) are recorded, with notes
     * per host in {@code pinNotes}.
     */
    private Map<String, Applier.Replanner> replanners(FleetRun run, List<HostPlan> planned, boolean rollback,
                                                     boolean anyPrepared, int parallelism,
                                                     Map<String, FleetView> fleets,
                                                     Map<String, List<String>> pinNotes) {
        Map<String, Applier.Replanner> replanners = new ConcurrentHashMap<>();
        DesiredState state = run.state();
        if (rollback || !anyPrepared) {
            planned.forEach(p -> replanners.put(p.host(), h -> recording(state, run.replan(p.host()), pinNotes)));
            if (run.fleet() != null) {
                FleetView latest = run.fleet();
                planned.forEach(p -> fleets.put(p.host(), latest));
            }
            return replanners;
        }
        Map<String, Facts> fresh = new ConcurrentHashMap<>();
        HostTasks.run(planned, parallelism, Progress.NONE, HostTasks.Report.silent(), p -> {
            HostEntry entry = state.inventory().hosts().get(p.host());
            fresh.put(p.host(), gather(run.host(p.host()), entry, state));
            return "";
        }, (p, e) -> "");
        FleetView fleet = run.learned(fresh);
        for (HostPlan p : planned) {
            HostEntry entry = state.inventory().hosts().get(p.host());
            fleets.put(p.host(), fleet);
            if (fresh.containsKey(p.host())) {
                replanners.put(p.host(), h -> recording(state, HostPlanning.plan(entry, gather(h, entry, state), state,
                        fleet, run.requests()), pinNotes));
            }
        }
        return replanners;
    }

    /** A host's second-phase plan, its pins recorded. */
    private static HostPlan recording(DesiredState state, HostPlan plan, Map<String, List<String>> pinNotes) {
        List<String> notes = record(state, plan.pins());
        if (!notes.isEmpty()) {
            pinNotes.computeIfAbsent(plan.host(), h -> new java.util.concurrent.CopyOnWriteArrayList<>()).addAll(notes);
        }
        return plan;
    }

    /** The result with the notes of what its run recorded in the checkout, as its last steps. */
    private static HostApplyResult withNotes(HostApplyResult result, List<String> notes) {
        if (notes.isEmpty()) {
            return result;
        }
        List<String> steps = new ArrayList<>(result.steps());
        notes.forEach(n -> steps.add("note: " + n));
        return new HostApplyResult(result.host(), result.status(), result.generation(), steps, result.reloaded(),
                result.findings(), result.error());
    }

    private static HostApplyResult held(HostPlan plan, Hold hold) {
        return new HostApplyResult(plan.host(), HostApplyResult.Status.HELD, null, List.of(hold.describe()
                + "; harden release -l " + plan.host() + " ends it, apply --ignore-hold overrides it"),
                List.of(), List.of(), null);
    }

    /** After a successful change, puts the context's hold (a rollback's) on the host. */
    private static HostApplyResult withHold(FleetRun run, ApplyContext context, HostApplyResult result) {
        if (result.status() != HostApplyResult.Status.APPLIED || context.holdAfter().isEmpty()) {
            return result;
        }
        HoldStore.set(run.host(result.host()), context.holdAfter().get());
        List<String> steps = new ArrayList<>(result.steps());
        steps.add("on hold now: apply and the watcher leave it alone until harden release -l " + result.host());
        return new HostApplyResult(result.host(), result.status(), result.generation(), steps, result.reloaded(),
                result.findings(), result.error());
    }

    /** Where each selected host stands: applied commit, hold, drift, latest trouble (read-only). */
    public List<HostStatus> status(DesiredState state, RunOptions options, Progress progress) {
        try (FleetRun run = plan(state, options, progress)) {
            List<HostStatus> statuses = new ArrayList<>();
            for (HostOutcome outcome : run.plan().hosts()) {
                if (outcome instanceof HostFailure failure) {
                    statuses.add(new HostStatus(failure.host(), failure.target(), Optional.empty(), Optional.empty(),
                            Optional.empty(), 0, Optional.empty(), failure.message()));
                    continue;
                }
                HostPlan plan = (HostPlan) outcome;
                Optional<String> problem;
                try {
                    problem = GenerationStore.list(run.host(plan.host())).stream().findFirst()
                            .filter(g -> !g.complete()).map(g -> "generation " + g.id() + " (" + g.kind() + ") is "
                                    + g.status() + Optional.ofNullable(g.meta().get("reverted_by")).map(b -> ", "
                                    + "reverted by " + b).orElse(""));
                } catch (RuntimeException e) {
                    problem = Optional.of(HostTasks.message(plan.host(), "reading its history", e));
                }
                statuses.add(new HostStatus(plan.host(), plan.target(), plan.records().appliedCommit(),
                        plan.records().appliedGeneration(), plan.records().hold(), plan.records().exemptions(),
                        plan.changes().size(), problem, null));
            }
            return statuses;
        }
    }

    /** Puts the selected hosts on hold; per host the hold it replaced, or why it failed. */
    public List<HostChangeOfHold> hold(DesiredState state, RunOptions options, Hold hold) {
        return onEachHost(state, options, host -> new HostChangeOfHold(host.name(), Optional.of(hold),
                setHold(host, hold), null));
    }

    /** Releases the selected hosts' holds; per host the hold that was released (if any). */
    public List<HostChangeOfHold> release(DesiredState state, RunOptions options) {
        return onEachHost(state, options, host -> new HostChangeOfHold(host.name(), Optional.empty(),
                HoldStore.clear(host), null));
    }

    private static Optional<Hold> setHold(Host host, Hold hold) {
        HoldStore.set(host, hold);
        return Optional.empty();
    }

    private List<HostChangeOfHold> onEachHost(DesiredState state, RunOptions options,
                                              java.util.function.Function<Host, HostChangeOfHold> work) {
        try (Transports transports = new Transports(state, options)) {
            return HostTasks.run(transports.state().inventory().select(options.limit(), options.shard()),
                    options.parallelism(), Progress.NONE, HostTasks.Report.silent(), entry -> {
                        try (Host host = connector(transports).connect(entry)) {
                            return work.apply(host);
                        }
                    }, (entry, e) -> new HostChangeOfHold(entry.name(), Optional.empty(), Optional.empty(),
                            HostTasks.message(entry.name(), "changing its hold", e)));
        }
    }

    /**
     * Gathers facts again and plans again, with the fleet view the host was planned with (its own
     * facts the new ones): what still differs, and what the modules verify.
     */
    private static List<Finding> verifyAfterApply(Host host, HostEntry entry, DesiredState state, FleetView fleet,
                                                  Requests requests) {
        Facts facts = gather(host, entry, state);
        FleetView view = fleet == null ? FleetView.single(state.inventory(), entry.name(), facts,
                name -> state.policyFor(state.inventory().hosts().get(name))) : fleet.with(entry.name(), facts);
        HostPlan again = HostPlanning.plan(entry, facts, state, view, requests == null ? Requests.NONE : requests);
        List<Finding> findings = new ArrayList<>(again.findings());
        for (Change change : again.changes()) {
            findings.add(Finding.warning(change.module(), change.id().key() + " still differs after apply: "
                    + change.summary()));
        }
        return findings;
    }

    /**
     * The host's facts, in one round trip; a second one only when the host's exceptions make its
     * modules observe or ask more than its policy alone (an exception that names another profile,
     * or turns a module on).
     */
    static Facts gather(Host host, HostEntry entry, DesiredState state) {
        ProbeRequest request = state.modules().probe(state.policyFor(entry));
        Facts facts = FactsProbe.gather(host, loginUser(entry), request);
        ProbeRequest overlaid = state.modules().probe(state.policyFor(entry, state.exemptionsFor(entry,
                facts.records(), Instant.now())));
        if (request.observed().containsAll(overlaid.observed()) && request.probes().containsAll(overlaid.probes())) {
            return facts;
        }
        List<dev.harden.resource.ResourceId> both = new ArrayList<>(request.observed());
        both.addAll(overlaid.observed());
        List<dev.harden.facts.FactProbe<?>> probes = new ArrayList<>(request.probes());
        overlaid.probes().stream().filter(p -> !probes.contains(p)).forEach(probes::add);
        return FactsProbe.gather(host, loginUser(entry), new ProbeRequest(probes, both, request.onHostCode()));
    }

    private static List<String> managedPaths(DesiredState state, HostEntry entry) {
        return state.modules().probe(state.policyFor(entry)).observed().stream()
                .filter(id -> id.key().startsWith("/")).map(id -> id.key()).toList();
    }

    private static String loginUser(HostEntry entry) {
        return entry.transport() == HostEntry.Transport.LOCAL ? "" : entry.user();
    }
}
