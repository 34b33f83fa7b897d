package dev.harden.module.wireguard;

import static dev.harden.module.wireguard.Mesh.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wireguard.* policy and inventory/wireguard_keys: what is accepted, and every mistake with its file:line. */
class WireGuardPolicyTest {

    private static String error(String networks) {
        return assertThrows(HardenException.class, () -> Mesh.state(Mesh.OFF + "wireguard:\n  networks:\n" + networks,
                null)).getMessage();
    }

    @Test
    void badNetworksAreRefusedAtTheirLine() {
        assertEquals("policies/baseline.yaml:9: wireguard.networks network wg0: cidr '10.99.0.1/24' has host bits set;"
                + " did you mean 10.99.0.0/24?", error("    - name: wg0\n      cidr: 10.99.0.1/24\n      members: [web]\n"));
        assertEquals("policies/baseline.yaml:9: wireguard.networks entry 1: unknown key 'member' (a network has addresses,"
                + " allow, cidr, endpoints, hub, members, name, persistent_keepalive, port, topology)",
                error("    - name: wg0\n      member: [web]\n"));
        assertEquals("policies/baseline.yaml:9: wireguard.networks network wg1: cidr 10.99.0.0/16 overlaps wg0's"
                + " 10.99.0.0/24", error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web] }\n"
                + "    - { name: wg1, cidr: 10.99.0.0/16, port: 51821, members: [db] }\n"));
        assertEquals("policies/baseline.yaml:9: wireguard.networks network wg1: port 51820 is wg0's already; each"
                + " network needs its own UDP port", error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web] }\n"
                + "    - { name: wg1, cidr: 10.98.0.0/24, members: [db] }\n"));
        assertEquals("policies/baseline.yaml:8: wireguard.networks network wg0: topology hub needs the hub host, like"
                + " hub: bastion1", error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web], topology: hub }\n"));
        assertEquals("policies/baseline.yaml:8: wireguard.networks network wg0: addresses: web1's '10.98.0.5' is not a"
                + " host address inside 10.99.0.0/24", error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web],"
                + " addresses: { web1: 10.98.0.5 } }\n"));
        assertEquals("policies/baseline.yaml:8: wireguard.networks entry 1: name 'WG 0' must be an interface name: a"
                + " lower-case letter, then up to 14 of a-z 0-9 _ -", error("    - { name: WG 0, cidr: 10.99.0.0/24,"
                + " members: [web] }\n"));
        assertEquals("policies/baseline.yaml:8: wireguard.networks network wg0: allow: string 'ssh' is not a port like"
                + " 5432/tcp, 53/udp or 6000:6010/tcp", error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web],"
                + " allow: [ssh] }\n"));
        assertTrue(error("    - { name: wg0, cidr: 10.99.0.0/24, members: [web], endpoints: { web1: 'a b' } }\n")
                .contains("is not an endpoint like 198.51.100.7"));
    }

    @Test
    void anUnknownMemberIsNamedWithItsLineWhenPlanned() {
        DesiredState state = Mesh.state(Mesh.OFF + "wireguard:\n  networks:\n    - name: wg0\n      cidr: 10.99.0.0/24\n"
                + "      members:\n        - web\n        - dbx\n", null);
        HardenException e = assertThrows(HardenException.class, () -> Mesh.plan(state, "web1",
                Mesh.run("web1", Mesh.host(null))));
        assertEquals("policies/baseline.yaml:12: wireguard.networks wg0: member 'dbx' is neither a host nor a group of"
                + " the inventory", e.getMessage());
    }

    @Test
    void pinnedKeysAreReadWithTheirLinesAndBadLinesStopTheRun() {
        DesiredState state = Mesh.state("# comment\n\nwg0 web1 " + key(1) + "\n  wg0 db1 " + key(3) + "  \n");
        PinnedKeys pinned = state.files().get(PinnedKeys.FILE);
        assertEquals(key(1), pinned.of("wg0", "web1").orElseThrow());
        assertEquals(key(3), pinned.of("wg0", "db1").orElseThrow());
        assertTrue(pinned.of("wg0", "web2").isEmpty());
        assertEquals("inventory/wireguard_keys:2: expected NETWORK HOST PUBLIC-KEY, got 'wg0 web1'",
                assertThrows(HardenException.class, () -> Mesh.state("# x\nwg0 web1\n")).getMessage());
        assertEquals("inventory/wireguard_keys:1: 'not-a-key' is not a WireGuard public key (44 characters of base64,"
                + " as wg pubkey prints it)", assertThrows(HardenException.class,
                        () -> Mesh.state("wg0 web1 not-a-key\n")).getMessage());
        assertEquals("inventory/wireguard_keys:3: wg0 web1 is pinned twice (also on line 1); keep one line",
                assertThrows(HardenException.class, () -> Mesh.state("wg0 web1 " + key(1) + "\nwg0 db1 " + key(3)
                        + "\nwg0 web1 " + key(2) + "\n")).getMessage());
        assertTrue(Mesh.state(null).files().get(PinnedKeys.FILE).keys().isEmpty(), "no file: nothing pinned");
    }

    @Test
    void addressesDependOnTheHostNameAloneSoJoiningOrLeavingRenumbersNobody() {
        WgNetwork network = network("10.99.0.0/24", Map.of());
        Map<String, String> three = MeshAddresses.of(network, List.of("web1", "web2", "db1"));
        Map<String, String> four = MeshAddresses.of(network, List.of("web1", "web2", "db1", "db2"));
        Map<String, String> two = MeshAddresses.of(network, List.of("web1", "db1"));
        for (String host : List.of("web1", "web2", "db1")) {
            assertEquals(three.get(host), four.get(host), host + " keeps its address when db2 joins");
        }
        assertEquals(three.get("web1"), two.get("web1"), "and when web2 leaves");
        assertEquals(three.get("db1"), two.get("db1"));
        assertEquals(three, MeshAddresses.of(network, List.of("db1", "web2", "web1")), "order does not matter");
        for (String address : four.values()) {
            assertTrue(MeshRange.parse("10.99.0.0/24").offsetOf(address).isPresent(), address);
            assertNotEquals("10.99.0.0", address);
            assertNotEquals("10.99.0.255", address);
        }
        assertTrue(MeshAddresses.derived(MeshRange.parse("fd42:99::/64"), "web1").startsWith("fd42:99::"));
    }

    @Test
    void anExplicitAddressWinsAndAClashNamesBothHostsAndTheFix() {
        WgNetwork small = network("10.99.0.0/29", Map.of());
        Map<String, String> first = new HashMap<>();
        String a = null;
        String b = null;
        for (int i = 0; a == null; i++) { // six addresses: two names soon share one
            String name = "h" + i;
            String address = MeshAddresses.derived(small.range(), name);
            if (first.containsKey(address)) {
                a = first.get(address);
                b = name;
            }
            first.put(address, name);
        }
        List<String> clashing = new ArrayList<>(List.of(a, b));
        String message = assertThrows(HardenException.class, () -> MeshAddresses.of(small, clashing)).getMessage();
        assertTrue(message.contains(a + " and " + b + " would both get") && message.contains("give " + b
                + " an explicit address under addresses"), message);
        WgNetwork fixed = network("10.99.0.0/29", Map.of(b, "10.99.0.6"));
        String addressOfA = MeshAddresses.of(small, List.of(a)).get(a);
        Map<String, String> both = MeshAddresses.of(fixed, clashing);
        assertEquals(addressOfA, both.get(a), "the fix moves nobody else");
        if (!addressOfA.equals("10.99.0.6")) {
            assertEquals("10.99.0.6", both.get(b));
        }
    }

    private static WgNetwork network(String cidr, Map<String, String> addresses) {
        return new WgNetwork("wg0", MeshRange.parse(cidr), 51820, List.of(), WgNetwork.Topology.MESH, "", 0, addresses,
                Map.of(), List.of(), null);
    }

    @Test
    void keysAreCheckedForShape() {
        assertTrue(PublicKeys.valid(key(1)));
        assertTrue(Set.of(key(1), key(2)).size() == 2);
        assertTrue(!PublicKeys.valid(key(1).substring(1)) && !PublicKeys.valid("") && !PublicKeys.valid(null));
    }
}
