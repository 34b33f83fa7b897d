package dev.harden.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.policy.HostPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** built-in baseline < repo baseline < group policy file < inventory group vars < host vars. */
class PolicyLayeringTest {

    private static final Map<String, String> REPO = Map.of(
            "policies/baseline.yaml", """
                    ssh:
                      max_auth_tries: 4
                      login_grace_time: 40
                      max_sessions: 4
                      client_alive_interval: 400
                    """,
            "policies/groups/web.yaml", """
                    ssh:
                      max_auth_tries: 5
                      login_grace_time: 50
                      max_sessions: 5
                    """,
            "inventory/hosts.yaml", """
                    groups:
                      web:
                        vars:
                          ssh:
                            max_auth_tries: 6
                            login_grace_time: 60
                    hosts:
                      web1:
                        address: 10.0.0.1
                        groups: [web]
                        vars:
                          ssh:
                            max_auth_tries: 7
                      plain:
                        address: 10.0.0.2
                    """);

    @Test
    void eachLayerOverridesTheOnesBefore() {
        DesiredState state = TestRepos.load(REPO);
        HostPolicy web1 = state.policyFor(state.inventory().hosts().get("web1"));
        assertEquals(22, web1.integer("ssh.port"), "built-in baseline");
        assertEquals(400, web1.integer("ssh.client_alive_interval"), "repo baseline over built-in");
        assertEquals(5, web1.integer("ssh.max_sessions"), "group file over repo baseline");
        assertEquals(60, web1.integer("ssh.login_grace_time"), "inventory group vars over group file");
        assertEquals(7, web1.integer("ssh.max_auth_tries"), "host vars over everything");
    }

    @Test
    void originsNameTheWinningFileAndLine() {
        DesiredState state = TestRepos.load(REPO);
        HostPolicy web1 = state.policyFor(state.inventory().hosts().get("web1"));
        assertEquals("inventory/hosts.yaml:13", web1.origin("ssh.max_auth_tries"));
        assertEquals("policies/groups/web.yaml:4", web1.origin("ssh.max_sessions"));
        assertEquals("policies/baseline.yaml:5", web1.origin("ssh.client_alive_interval"));
        assertTrue(web1.origin("ssh.port").startsWith("built-in policies/baseline.yaml:"), web1.origin("ssh.port"));
    }

    @Test
    void hostWithoutGroupsGetsOnlyTheBaselines() {
        DesiredState state = TestRepos.load(REPO);
        HostPolicy plain = state.policyFor(state.inventory().hosts().get("plain"));
        assertEquals(4, plain.integer("ssh.max_auth_tries"));
        assertEquals(4, plain.integer("ssh.max_sessions"));
        assertEquals(List.of(), plain.list("ssh.allow_users"));
        assertEquals(false, plain.bool("ssh.password_authentication"));
    }

    @Test
    void laterGroupsOverrideEarlierOnes() {
        DesiredState state = TestRepos.load(Map.of(
                "policies/groups/a.yaml", "ssh:\n  max_sessions: 11\n  max_auth_tries: 2\n",
                "policies/groups/b.yaml", "ssh:\n  max_sessions: 12\n",
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: h.example\n    groups: [a, b]\n"));
        HostPolicy h = state.policyFor(state.inventory().hosts().get("h"));
        assertEquals(12, h.integer("ssh.max_sessions"));
        assertEquals(2, h.integer("ssh.max_auth_tries"));
    }

    @Test
    void nestedViewFeedsTemplates() {
        DesiredState state = TestRepos.load(REPO);
        Map<String, Object> nested = state.policyFor(state.inventory().hosts().get("web1")).nested();
        @SuppressWarnings("unchecked")
        Map<String, Object> ssh = (Map<String, Object>) nested.get("ssh");
        assertEquals(7, ssh.get("max_auth_tries"));
        assertTrue(nested.containsKey("sudo"));
    }

    @Test
    void aBadValueInInventoryVarsFailsTheLoad() {
        String message = assertThrows(HardenException.class, () -> TestRepos.load(Map.of(
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: h.example\n    vars:\n      ssh:\n        port: 0\n")))
                .getMessage();
        assertTrue(message.startsWith("inventory/hosts.yaml:6: ssh.port must be an integer from 1 to 65535"), message);
    }
}
