package dev.harden.module.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harden.desired.DesiredState;
import dev.harden.facts.Facts;
import dev.harden.module.FleetView;
import dev.harden.module.ModuleInput;
import dev.harden.module.RunbookSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbook's WireGuard section: the host's address in each network it is a member of, and nothing else. */
class WireGuardRunbookTest {

    private static List<RunbookSection> runbook(String host) {
        DesiredState state = Mesh.state(null);
        Map<String, Facts> run = Map.of("web1", Mesh.host(Mesh.key(1)), "db1", Mesh.host(Mesh.key(2)),
                "bastion1", Mesh.host(Mesh.key(3)));
        FleetView fleet = new FleetView(state.inventory(), run,
                name -> state.policyFor(state.inventory().hosts().get(name)));
        ModuleInput input = new ModuleInput(host, run.get(host),
                state.policyFor(state.inventory().hosts().get(host)), state.templates(), fleet);
        return new WireGuardModule().runbook(input);
    }

    @Test
    void aMemberIsToldItsAddressPortAndWhereItsConfigIs() {
        DesiredState state = Mesh.state(null);
        WgNetwork wg0 = WireGuardModule.networks(state.policyFor(state.inventory().hosts().get("web1"))).get(0);
        java.util.Set<String> members = NetworkPlanner.members(wg0, state.inventory());
        assertEquals(java.util.Set.of("web1", "web2", "db1"), members);
        String address = MeshAddresses.of(wg0, members).get("web1");
        List<RunbookSection> sections = runbook("web1");
        assertEquals(1, sections.size(), sections.toString());
        assertEquals("WireGuard", sections.get(0).title());
        assertEquals(List.of("wg0: this host is " + address + " in 10.99.0.0/24, 51820/udp, a mesh of 3 hosts;"
                + " interface unit " + NetworkPlanner.unit("wg0") + ", config /etc/wireguard/wg0.conf (its private key"
                + " never leaves this host)"), sections.get(0).lines());
    }

    @Test
    void aHostOutsideEveryNetworkHasNoSection() {
        assertEquals(List.of(), runbook("bastion1"));
    }
}
