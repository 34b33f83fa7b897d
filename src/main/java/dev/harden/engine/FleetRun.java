package dev.harden.engine;

import dev.harden.desired.DesiredState;
import dev.harden.plan.Plan;
import dev.harden.transport.Host;
import java.util.Map;

/**
 * A plan together with the connections it was made over, so that apply reuses them: one
 * connection per host per run. Closing the run closes every connection.
 */
public final class FleetRun implements AutoCloseable {

    private final DesiredState state;
    private final Plan plan;
    private final Map<String, Host> hosts;
    private final AutoCloseable transports;

    FleetRun(DesiredState state, Plan plan, Map<String, Host> hosts, AutoCloseable transports) {
        this.state = state;
        this.plan = plan;
        this.hosts = hosts;
        this.transports = transports;
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
