package dev.harden.module;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;

import java.util.Map;

/** Module inputs for host web1 (login user ops) with the built-in baseline plus optional host vars. */
public final class Inputs {

    private Inputs() {
    }

    public static ModuleInput web1(Facts facts) {
        return web1(facts, "");
    }

    /** {@code hostVars} is YAML for the host's vars, indented by 6 spaces per level, e.g. "ssh:\n  port: 2222". */
    public static ModuleInput web1(Facts facts, String hostVars) {
        StringBuilder inventory = new StringBuilder("hosts:\n  web1:\n    address: 10.0.0.1\n    user: ops\n");
        if (!hostVars.isEmpty()) {
            inventory.append("    vars:\n");
            hostVars.lines().forEach(line -> inventory.append("      ").append(line).append('\n'));
        }
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml", inventory.toString()));
        return new ModuleInput("web1", facts, state.policyFor(state.inventory().hosts().get("web1")), state.templates(),
                FleetView.single(state.inventory(), "web1", facts));
    }
}
