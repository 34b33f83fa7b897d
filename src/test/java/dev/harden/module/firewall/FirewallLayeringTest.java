package dev.harden.module.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.policy.HostPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped example group db opens 5432 to the app subnet only; other hosts keep the baseline. */
class FirewallLayeringTest {

    @Test
    void databaseGroupOpensPostgresToTheAppSubnetOnly() throws Exception {
        String db = Files.readString(Path.of("policies/groups/db.yaml"));
        DesiredState state = TestRepos.load(Map.of("policies/groups/db.yaml", db, "inventory/hosts.yaml", """
                hosts:
                  db1: { address: 10.0.0.5, groups: [db] }
                  web1: { address: 10.0.0.6 }
                  db2:
                    address: 10.0.0.7
                    groups: [db]
                    vars:
                      firewall:
                        default_incoming: reject
                """));
        assertEquals(List.of("22/tcp from anywhere", "5432/tcp from 10.1.2.0/24"), rules(state, "db1"));
        assertEquals(List.of("22/tcp from anywhere"), rules(state, "web1"));
        HostPolicy db2 = state.policyFor(state.inventory().hosts().get("db2"));
        assertEquals("reject", db2.text("firewall.default_incoming"));
        assertEquals(rules(state, "db1"), rules(state, "db2"), "host vars override one key, the group's rules stay");
        assertEquals("policies/groups/db.yaml:4", db2.origin("firewall.allow"));
    }

    private static List<String> rules(DesiredState state, String host) {
        FirewallPolicy policy = FirewallPolicy.of(state.policyFor(state.inventory().hosts().get(host)));
        return policy.allow().stream().map(FirewallRule::describe).toList();
    }
}
