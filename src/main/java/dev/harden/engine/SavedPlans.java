package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.plan.PlanFile;
import dev.harden.plan.PlanFile.SavedHost;
import dev.harden.plan.Staleness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applying a saved plan exactly ({@code harden apply FILE}): every host of the plan is read and
 * planned again at the plan's commit, and only a host whose fresh plan is the saved one is
 * applied. A host that changed since (a file edited out of band, another OpenSSH, another
 * firewall backend, another operator address) is refused by name with what changed, as that
 * host's failure; the others proceed. Apply then runs the change protocol as ever, which checks
 * each precondition again right before activation.
 */
public final class SavedPlans {

    private SavedPlans() {
    }

    /**
     * Plans the saved plan's hosts again ({@code limit} and {@code shard} narrow them) and returns a
     * run whose plan has, per host, the fresh plan when it matches the saved one and a failure
     * otherwise. {@code state} must be the desired state at the plan's commit.
     */
    public static FleetRun replan(Engine engine, PlanFile saved, DesiredState state, RunOptions options,
                                  Progress progress) {
        if (!state.source().commit().equals(saved.commit()) || state.source().workingTree()) {
            throw new IllegalArgumentException("the desired state is not the plan's commit " + saved.commit());
        }
        List<SavedHost> selected = select(saved, state, options);
        List<String> planned = selected.stream().filter(SavedHost::planned).map(SavedHost::host).toList();
        for (String host : planned) {
            if (!state.inventory().hosts().containsKey(host)) {
                throw new HardenException("the saved plan names host " + host + ", which is not in the inventory at"
                        + " commit " + saved.shortCommit() + "; the plan file does not belong to this repository");
            }
        }
        RunOptions only = new RunOptions(planned, options.parallelism(), options.trustNewHostKeys(),
                options.connectTimeout(), options.trust(), options.requests(), dev.harden.inventory.Shard.ALL,
                options.sshConfig());
        FleetRun run = planned.isEmpty() ? new FleetRun(state, new Plan(saved.commit(), state.source().label(),
                List.of(), List.of()), Map.of(), () -> { }, (entry, host) -> {
                    throw new IllegalStateException("no host of this run is planned");
                }, null, options.requests()) : engine.plan(state, only, progress);
        Map<String, HostOutcome> fresh = run.plan().hosts().stream()
                .collect(Collectors.toMap(HostOutcome::host, Function.identity()));
        List<HostOutcome> outcomes = new ArrayList<>();
        for (SavedHost host : selected) {
            outcomes.add(outcome(host, fresh.get(host.host())));
        }
        return run.withPlan(new Plan(run.plan().commit(), run.plan().source(), run.plan().notes(), outcomes));
    }

    private static HostOutcome outcome(SavedHost saved, HostOutcome fresh) {
        if (!saved.planned()) {
            return new HostFailure(saved.host(), saved.target(), saved.host() + ": not in the saved plan, because it"
                    + " could not be planned then (" + saved.error().orElse("") + "); make a new plan");
        }
        if (fresh instanceof HostPlan plan) {
            Optional<String> stale = Staleness.of(saved, plan);
            return stale.<HostOutcome>map(reason -> new HostFailure(plan.host(), plan.target(), reason)).orElse(plan);
        }
        return fresh;
    }

    /**
     * The saved plan's hosts that {@code --limit} (hosts, groups, globs, as the inventory at the
     * plan's commit resolves them) and {@code --shard} select. A host named in {@code --limit}
     * that the plan does not hold is an error, not a quiet no-op.
     */
    private static List<SavedHost> select(PlanFile saved, DesiredState state, RunOptions options) {
        if (options.limit().isEmpty()) {
            return saved.hosts().stream().filter(h -> options.shard().contains(h.host())).toList();
        }
        for (String item : options.limit()) {
            String name = item.trim();
            if (!name.isEmpty() && saved.host(name).isEmpty() && !state.inventory().isGroupOrGlob(name)) {
                throw new HardenException("--limit: host " + name + " is not in the saved plan (it has: "
                        + String.join(", ", saved.hosts().stream().map(SavedHost::host).toList()) + ")");
            }
        }
        Set<String> wanted = new TreeSet<>();
        state.inventory().select(options.limit(), options.shard()).forEach(h -> wanted.add(h.name()));
        return saved.hosts().stream().filter(h -> wanted.contains(h.host())).toList();
    }
}
