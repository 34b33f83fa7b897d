package dev.harden.engine;

import dev.harden.desired.DesiredState;
import dev.harden.inventory.HostEntry;
import dev.harden.module.FleetView;
import dev.harden.module.Requests;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.transport.Host;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A plan together with the connections it was made over, so that apply reuses them (one
 * connection per host per run), and the way it was made (the fleet view and the operator's
 * requests), so a host can be planned again mid-apply. Closing the run closes every connection.
 */
public final class FleetRun implements AutoCloseable {

    private final DesiredState state;
    private final Plan plan;
    private final Map<String, Host> hosts;
    private final AutoCloseable transports;
    private final BiFunction<HostEntry, Host, HostPlan> planner;
    private FleetView fleet;
    private final Requests requests;

    FleetRun(DesiredState state, Plan plan, Map<String, Host> hosts, AutoCloseable transports,
             BiFunction<HostEntry, Host, HostPlan> planner, FleetView fleet, Requests requests) {
        this.state = state;
        this.plan = plan;
        this.hosts = hosts;
        this.transports = transports;
        this.planner = planner;
        this.fleet = fleet;
        this.requests = requests;
    }

    /** Plans one host of this run again, the way it was planned (after packages are installed). */
    HostPlan replan(String name) {
        return planner.apply(state.inventory().hosts().get(name), hosts.get(name));
    }

    public Plan plan() {
        return plan;
    }

    /** The same run (its connections, its way of planning again) with another plan of its hosts. */
    FleetRun withPlan(Plan other) {
        return new FleetRun(state, other, hosts, transports, planner, fleet(), requests);
    }

    DesiredState state() {
        return state;
    }

    Host host(String name) {
        return hosts.get(name);
    }

    /**
     * The fleet view the run plans with: the facts the plan was made with, and the newer facts of the
     * hosts planned again since (null for a rollback, planned from each host's records).
     */
    synchronized FleetView fleet() {
        return fleet;
    }

    /**
     * Takes in the facts of hosts gathered again after their first phase (a batch of a rollout, or
     * the whole run): later plans of this run see them, and the other hosts as they were.
     */
    synchronized FleetView learned(Map<String, dev.harden.facts.Facts> newer) {
        Map<String, dev.harden.facts.Facts> all = new java.util.HashMap<>(fleet.facts());
        all.putAll(newer);
        fleet = new FleetView(fleet.inventory(), all, fleet.policies());
        return fleet;
    }

    Requests requests() {
        return requests;
    }

    @Override
    public void close() {
        hosts.values().forEach(Host::close);
        try {
            transports.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
