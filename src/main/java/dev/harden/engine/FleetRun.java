package dev.harden.engine;

import dev.harden.desired.DesiredState;
import dev.harden.inventory.HostEntry;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.transport.Host;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A plan together with the connections it was made over, so that apply reuses them (one
 * connection per host per run), and the way it was made, so a host can be planned again mid-apply.
 * Closing the run closes every connection.
 */
public final class FleetRun implements AutoCloseable {

    private final DesiredState state;
    private final Plan plan;
    private final Map<String, Host> hosts;
    private final AutoCloseable transports;
    private final BiFunction<HostEntry, Host, HostPlan> planner;

    FleetRun(DesiredState state, Plan plan, Map<String, Host> hosts, AutoCloseable transports,
             BiFunction<HostEntry, Host, HostPlan> planner) {
        this.state = state;
        this.plan = plan;
        this.hosts = hosts;
        this.transports = transports;
        this.planner = planner;
    }

    /** Plans one host of this run again, the way it was planned (after packages are installed). */
    HostPlan replan(String name) {
        return planner.apply(state.inventory().hosts().get(name), hosts.get(name));
    }

    /** The same run with another plan of the same hosts (some of them refused). */
    FleetRun withPlan(Plan other) {
        return new FleetRun(state, other, hosts, transports, planner);
    }

    public Plan plan() {
        return plan;
    }

    DesiredState state() {
        return state;
    }

    Host host(String name) {
        return hosts.get(name);
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
