package dev.harden.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exceptions' overlays: checked like a policy file, one-line errors naming the key, lists added to. */
class OverlayTest {

    private final DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml",
            "hosts:\n  web1:\n    address: 10.0.0.1\n"));
    private final HostPolicy policy = state.policyFor(state.inventory().hosts().get("web1"));

    private HostPolicy apply(String... operations) {
        return Overlay.parse("exception x", List.of(operations), state.schema()).applyTo(policy);
    }

    @Test
    void addsToAListAndSetsScalarsOfAnyModule() {
        HostPolicy after = apply("firewall.allow+={port: 8080}", "ssh.max_auth_tries=5",
                "ssh.allow_users+=[alice, bob]", "upgrades.reboot.when_required=false");
        List<?> rules = after.value("firewall.allow", List.class);
        assertEquals(2, rules.size(), rules.toString());
        assertTrue(rules.get(1).toString().contains("8080"), rules.toString());
        assertEquals(5, after.integer("ssh.max_auth_tries"));
        assertEquals(List.of("alice", "bob"), after.list("ssh.allow_users"));
        assertEquals(false, after.bool("upgrades.reboot.when_required"));
        assertEquals("exception x", after.origin("ssh.max_auth_tries"));
        assertEquals(policy.values().get("ssh.port"), after.values().get("ssh.port"), "the rest stays as it was");
    }

    @Test
    void anItemTheListHoldsAlreadyIsNotAddedTwice() {
        HostPolicy once = apply("ssh.allow_users+=alice");
        HostPolicy twice = Overlay.parse("exception y", List.of("ssh.allow_users+=[alice, carol]"), state.schema())
                .applyTo(once);
        assertEquals(List.of("alice", "carol"), twice.list("ssh.allow_users"));
    }

    @Test
    void errorsAreOneLineAndNameTheKey() {
        Map<String, String> bad = Map.of(
                "firewall.allow+={port: 80800}", "exception x: firewall.allow ",
                "ssh.max_auth_tries=eleven", "exception x: ssh.max_auth_tries must be an integer from 1 to 10, got"
                        + " string 'eleven'",
                "ssh.max_auth_tries+=5", "exception x: ssh.max_auth_tries ",
                "ssh.max_auth_trys=5", "exception x: unknown policy key 'ssh.max_auth_trys' (did you mean"
                        + " 'ssh.max_auth_tries'?)",
                "ssh.port", "exception x: 'ssh.port' is not KEY=VALUE or KEY+=VALUE",
                "ssh.port=", "exception x: ssh.port needs a value after '='",
                "firewall.allow+={port: 80", "exception x: firewall.allow:1: invalid YAML");
        bad.forEach((operation, message) -> {
            HardenException e = assertThrows(HardenException.class, () -> apply(operation), operation);
            assertTrue(e.getMessage().startsWith(message), operation + " -> " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        });
    }

    @Test
    void weakeningAccessIsNamedByKey() {
        assertEquals(List.of("ssh.password_authentication", "ssh.permit_root_login"),
                Weakening.keys(policy, apply("ssh.permit_root_login=true", "ssh.password_authentication=true")));
        assertEquals(List.of("firewall.default_incoming", "sudo.log_file"),
                Weakening.keys(policy, apply("firewall.default_incoming=allow", "sudo.log_file=''")));
        assertEquals(List.of(), Weakening.keys(policy, apply("firewall.allow+={port: 8080}", "ssh.max_auth_tries=5")),
                "opening a port for a while is an exception, not a weakening of access control");
        HostPolicy restricted = apply("ssh.allow_users=[ops]");
        assertEquals(List.of("ssh.allow_users"), Weakening.keys(restricted, Overlay.parse("e", List.of(
                "ssh.allow_users+=mallory"), state.schema()).applyTo(restricted)));
    }
}
