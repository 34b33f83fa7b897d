package dev.harden.module.wireguard;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.TestFacts;
import dev.harden.module.FleetView;
import dev.harden.module.Requests;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small fleet for WireGuard planning tests: web1 and web2 (group web), db1 (group db) and
 * bastion1 (group bastion), with the built-in modules other than WireGuard switched off unless a
 * test's policy says otherwise; facts of hosts with or without a key.
 */
final class Mesh {

    static final String INVENTORY = """
            groups: { web: {}, db: {}, bastion: {} }
            hosts:
              web1: { address: 10.0.0.1, groups: [web] }
              web2: { address: 10.0.0.2, groups: [web] }
              db1: { address: 10.0.0.3, groups: [db] }
              bastion1: { address: 203.0.113.9, groups: [bastion] }
            """;
    static final String OFF = "ssh: { enabled: false }\nsudo: { enabled: false }\nfirewall: { enabled: false }\n"
            + "upgrades: { enabled: false }\napparmor: { enabled: false }\n";
    static final String WG0 = """
            wireguard:
              networks:
                - name: wg0
                  cidr: 10.99.0.0/24
                  port: 51820
                  members: [web, db]
                  topology: mesh
                  persistent_keepalive: 25
            """;

    private Mesh() {
    }

    /** A well-formed public key made of one repeated byte (tests tell them apart by the byte). */
    static String key(int b) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) b);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The desired state with {@code baseline} as the repository's baseline and {@code pinned} as inventory/wireguard_keys. */
    static DesiredState state(String baseline, String pinned) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("inventory/hosts.yaml", INVENTORY);
        files.put("policies/baseline.yaml", baseline);
        if (pinned != null) {
            files.put("inventory/wireguard_keys", pinned);
        }
        return TestRepos.load(files);
    }

    static DesiredState state(String pinned) {
        return state(OFF + WG0, pinned);
    }

    /** A Debian 12 host whose wg0 key is absent ({@code publicKey} null) or has that public half; no config yet. */
    static Facts host(String publicKey) {
        return host(publicKey, null);
    }

    /** A host with a key and the config {@code conf} (null: none). */
    static Facts host(String publicKey, String conf) {
        Map<ResourceId, State> states = new HashMap<>();
        for (String pkg : List.of("wireguard-tools", "wireguard-go", "iproute2")) {
            states.put(ResourceId.pkg(pkg), publicKey == null ? new State.Absent() : new State.Package("1"));
        }
        states.put(ResourceId.directory("/etc/wireguard"), publicKey == null ? new State.Absent()
                : new State.Directory(0700, "root", "root"));
        for (String network : List.of("wg0", "wg1")) {
            states.put(NetworkPlanner.keyId(network), publicKey == null ? new State.Absent()
                    : new State.Secret("ab".repeat(32), 0600, "root", "root", publicKey));
            states.put(ResourceId.file(NetworkPlanner.confPath(network)), new State.Absent());
            states.put(ResourceId.unit(NetworkPlanner.unit(network)), new State.Unit("disabled", "inactive"));
        }
        if (conf != null) {
            states.put(ResourceId.file(NetworkPlanner.confPath("wg0")), new State.File(0600, "root", "root",
                    conf.getBytes(StandardCharsets.UTF_8)));
        }
        return TestFacts.withStates(TestFacts.debian12(), states);
    }

    /** Plans {@code host} the way the engine does, with the facts of the hosts in {@code run}. */
    static HostPlan plan(DesiredState state, String host, Map<String, Facts> run, Requests requests) {
        FleetView fleet = new FleetView(state.inventory(), run,
                name -> state.policyFor(state.inventory().hosts().get(name)));
        return Planner.plan(state.inventory().hosts().get(host), run.get(host), state, fleet, requests);
    }

    static HostPlan plan(DesiredState state, String host, Map<String, Facts> run) {
        return plan(state, host, run, Requests.NONE);
    }

    static Requests trustNew() {
        return new Requests(Set.of("wireguard"), Map.of());
    }

    static Requests rotate(String... hosts) {
        return new Requests(Set.of(), Map.of("wireguard", Set.of(hosts)));
    }

    static Map<String, Facts> run(Object... hostAndFacts) {
        Map<String, Facts> run = new HashMap<>();
        for (int i = 0; i < hostAndFacts.length; i += 2) {
            run.put((String) hostAndFacts[i], (Facts) hostAndFacts[i + 1]);
        }
        return run;
    }
}
