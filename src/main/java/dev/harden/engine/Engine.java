package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.apply.Applier;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.desired.DesiredStateLoader;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.Modules;
import dev.harden.plan.FileChange;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.plan.Planner;
import dev.harden.source.GitSource;
import dev.harden.source.Snapshot;
import dev.harden.state.GenerationStore;
import dev.harden.state.RollbackPlanner;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The pipeline, end to end: source, desired state, per-host facts and plans (concurrently,
 * with a bounded pool), and apply. Commands call this and render what it returns.
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
        Snapshot snapshot = source.read(repo, ref, workingTree);
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
                (entry, host) -> RollbackPlanner.plan(host, target, loginUser(entry), entry.target()));
    }

    /** The generations recorded on each selected host, newest first. */
    public List<HostHistory> history(DesiredState state, RunOptions options) {
        try (Transports transports = new Transports(state, options)) {
            return forEachHost(state.inventory().select(options.limit()), options.parallelism(), Progress.NONE, entry -> {
                try (Host host = transports.connect(entry)) {
                    return new HostHistory(entry.name(), GenerationStore.list(host), null);
                } catch (HardenException e) {
                    return new HostHistory(entry.name(), List.of(), e.getMessage());
                }
            });
        }
    }

    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          java.util.function.Supplier<List<String>> transportNotes, AutoCloseable resources) {
        return plan(state, options, progress, connector, transportNotes, resources, (entry, host) -> Planner.plan(entry,
                FactsProbe.gather(host, loginUser(entry), state.modules().managedPaths()), state));
    }

    private FleetRun plan(DesiredState state, RunOptions options, Progress progress, Connector connector,
                          java.util.function.Supplier<List<String>> transportNotes, AutoCloseable resources,
                          java.util.function.BiFunction<HostEntry, Host, HostPlan> planner) {
        List<HostEntry> hosts = state.inventory().select(options.limit());
        Map<String, Host> open = new ConcurrentHashMap<>();
        List<HostOutcome> outcomes = forEachHost(hosts, options.parallelism(), progress, entry -> {
            Host host = null;
            try {
                host = connector.connect(entry);
                HostPlan plan = planner.apply(entry, host);
                open.put(entry.name(), host);
                return plan;
            } catch (RuntimeException e) {
                if (host != null) {
                    host.close();
                }
                String message = e instanceof HardenException ? e.getMessage()
                        : entry.name() + ": unexpected error while planning: " + e;
                return new HostFailure(entry.name(), entry.target(), message);
            }
        });
        List<String> notes = new ArrayList<>();
        if (!state.source().workingTree() && !state.source().uncommitted().isEmpty()) {
            notes.add("uncommitted changes are NOT in this plan (" + String.join(", ", state.source().uncommitted())
                    + "); commit them, or pass --working-tree to plan them");
        }
        notes.addAll(transportNotes.get());
        Plan plan = new Plan(state.source().commit(), state.source().label(), notes, outcomes);
        return new FleetRun(state, plan, open, resources);
    }

    /** Applies the run's plan to every host that has changes, reusing the run's connections. */
    public List<HostApplyResult> apply(FleetRun run, ApplyContext context, int parallelism, Progress progress) {
        Applier applier = new Applier(context);
        List<HostPlan> planned = run.plan().planned();
        DesiredState state = run.state();
        return forEachHost(planned, parallelism, progress, plan -> {
            Host host = run.host(plan.host());
            HostEntry entry = state.inventory().hosts().get(plan.host());
            if ("rollback".equals(context.kind())) {
                return applier.apply(host, plan, h -> List.of()); // differing from Git is the point here
            }
            return applier.apply(host, plan, h -> verifyAfterApply(h, entry, state));
        });
    }

    /** Gathers facts again and plans again: what still differs, and what the modules verify. */
    private static List<Finding> verifyAfterApply(Host host, HostEntry entry, DesiredState state) {
        Facts facts = FactsProbe.gather(host, loginUser(entry), state.modules().managedPaths());
        HostPlan again = Planner.plan(entry, facts, state);
        List<Finding> findings = new ArrayList<>(again.findings());
        for (FileChange change : again.changes()) {
            findings.add(Finding.warning(change.module(), change.path() + " still differs after apply: "
                    + change.summary()));
        }
        return findings;
    }

    private static String loginUser(HostEntry entry) {
        return entry.transport() == HostEntry.Transport.LOCAL ? "" : entry.user();
    }

    /** Runs work per host on a bounded pool; results come back in input order. */
    private static <T, R> List<R> forEachHost(List<T> items, int parallelism, Progress progress, Function<T, R> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "harden-host");
            thread.setDaemon(true);
            return thread;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R result = work.apply(item);
                    progress.hostDone(nameOf(result), done.incrementAndGet(), items.size());
                    return result;
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HardenException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a host task failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String nameOf(Object result) {
        if (result instanceof HostOutcome outcome) {
            return outcome.host();
        }
        if (result instanceof HostHistory history) {
            return history.host();
        }
        return result instanceof HostApplyResult applied ? applied.host() : String.valueOf(result);
    }
}
