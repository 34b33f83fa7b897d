package dev.harden.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.ValidationErrors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Validation reports every error it finds in the desired state, across files, each on one line
 * naming its file and line; a file that does not parse is skipped, a key, host or group in error
 * is left out, the rest is still checked. It stops at {@value ValidationErrors#LIMIT} errors.
 */
class EveryErrorTest {

    private static List<String> errors(Map<String, String> files) {
        return assertThrows(ValidationErrors.Failed.class, () -> TestRepos.load(files)).errors();
    }

    @Test
    void errorsInSeveralFilesAreAllReported() {
        List<String> errors = errors(Map.of(
                "policies/baseline.yaml", "ssh:\n  prot: 22\n  max_auth_tries: many\nsudo:\n  enabled: maybe\n",
                "policies/groups/web.yaml", "ssh: [not, a, mapping]\n",
                "policies/groups/db.yaml", "firewall: {backend: nftables\n",
                "policies/stray.yaml", "ssh: {}\n",
                "inventory/hosts.yaml", """
                        hosts:
                          web1:
                            address: web1.example
                            groups: [wbe]
                          web2:
                            adress: web2.example
                          web3:
                            address: web3.example
                            vars:
                              ssh:
                                port: 0
                        """));
        assertEquals(List.of(
                "policies/baseline.yaml:2: unknown policy key 'ssh.prot' (did you mean 'ssh.port'?)",
                "policies/baseline.yaml:3: ssh.max_auth_tries must be an integer from 1 to 10, got string 'many'"),
                errors.subList(0, 2), errors.toString());
        assertTrue(errors.get(2).startsWith("policies/baseline.yaml:5: sudo.enabled must be true or false"),
                errors.get(2));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("policies/groups/db.yaml:")
                && e.contains("invalid YAML")), "a file that does not parse: " + errors);
        assertTrue(errors.contains("policies/stray.yaml: unexpected policy file; policies/ holds baseline.yaml and"
                + " groups/GROUP.yaml (move or rename it)"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("policies/groups/web.yaml:1: 'ssh' is a section")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("inventory/hosts.yaml:6: unknown key 'adress' in host"
                + " 'web2'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("inventory/hosts.yaml:11: ssh.port must be")),
                "a host's vars: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("inventory/hosts.yaml:4: host 'web1' lists unknown"
                + " group 'wbe' (did you mean 'web'?)")), "the group of the file in error is still known: " + errors);
        assertEquals(9, errors.size(), errors.toString());
        for (String error : errors) {
            assertFalse(error.contains("\n"), "one line each: " + error);
        }
    }

    @Test
    void theMessageOfTheExceptionIsTheFirstErrorAndHowManyMore() {
        ValidationErrors.Failed failed = assertThrows(ValidationErrors.Failed.class, () -> TestRepos.load(Map.of(
                "policies/baseline.yaml", "ssh:\n  prot: 22\n  pott: 22\n",
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: h.example\n")));
        assertEquals("policies/baseline.yaml:2: unknown policy key 'ssh.prot' (did you mean 'ssh.port'?) (and 1 more"
                + " error)", failed.getMessage());
        assertFalse(failed.stopped());
    }

    @Test
    void validationStopsAtTheLimit() {
        StringBuilder baseline = new StringBuilder("ssh:\n");
        for (int i = 0; i < 30; i++) {
            baseline.append("  unknown_").append(i).append(": 1\n");
        }
        ValidationErrors.Failed failed = assertThrows(ValidationErrors.Failed.class, () -> TestRepos.load(Map.of(
                "policies/baseline.yaml", baseline.toString(),
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: h\n")));
        assertEquals(ValidationErrors.LIMIT, failed.errors().size());
        assertTrue(failed.stopped());
    }

    @Test
    void oneErrorReadsAsBefore() {
        ValidationErrors.Failed failed = assertThrows(ValidationErrors.Failed.class, () -> TestRepos.load(Map.of(
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: h.example\n    groups: [wbe]\n")));
        assertEquals(1, failed.errors().size());
        assertEquals(failed.errors().get(0), failed.getMessage());
    }
}
