package dev.harden.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateLoaderTest {

    private static final String HOSTS = "hosts:\n  h:\n    address: h.example\n";

    private static String error(Map<String, String> files) {
        return assertThrows(HardenException.class, () -> TestRepos.load(files)).getMessage();
    }

    @Test
    void policyFileOutsideGroupsIsNamed() {
        String message = error(Map.of("policies/web.yaml", "ssh:\n  port: 22\n", "inventory/hosts.yaml", HOSTS));
        assertTrue(message.startsWith("policies/web.yaml: unexpected policy file"), message);
    }

    @Test
    void shortPolicyFileNameOutsideGroupsIsNamedToo() {
        // a path shorter than "policies/groups/" must not crash the loader
        String message = error(Map.of("policies/a.yml", "ssh:\n  port: 22\n", "inventory/hosts.yaml", HOSTS));
        assertTrue(message.startsWith("policies/a.yml: unexpected policy file"), message);
    }

    @Test
    void nestedGroupFolderIsRefused() {
        String message = error(Map.of("policies/groups/x/web.yaml", "ssh: {}\n", "inventory/hosts.yaml", HOSTS));
        assertTrue(message.startsWith("policies/groups/x/web.yaml: unexpected policy file"), message);
    }

    @Test
    void nonYamlFilesUnderPoliciesAreIgnored() {
        DesiredState state = TestRepos.load(Map.of("policies/README.md", "notes", "inventory/hosts.yaml", HOSTS));
        assertEquals(1, state.inventory().hosts().size());
    }

    @Test
    void missingInventoryIsExplained() {
        String message = error(Map.of("policies/baseline.yaml", "ssh:\n  port: 22\n"));
        assertTrue(message.startsWith("inventory/: no hosts file"), message);
    }

    @Test
    void repoBaselineErrorsNameTheRepoFile() {
        String message = error(Map.of("policies/baseline.yaml", "ssh:\n  permit_root_login: nope\n",
                "inventory/hosts.yaml", HOSTS));
        assertTrue(message.startsWith("policies/baseline.yaml:2: ssh.permit_root_login must be true or false"), message);
    }

    @Test
    void repoTemplatesOverrideBuiltInOnes() {
        DesiredState state = TestRepos.load(Map.of("templates/sshd_config.ftl", "Port ${policy.ssh.port}\n",
                "inventory/hosts.yaml", HOSTS));
        assertEquals("templates/sshd_config.ftl", state.templates().origin("sshd_config.ftl"));
        assertEquals("built-in templates/sudoers_harden.ftl", state.templates().origin("sudoers_harden.ftl"));
    }

    @Test
    void unknownGroupOfAHostIsAnErrorWithASuggestion() {
        String message = error(Map.of("inventory/hosts.yaml", """
                groups:
                  web: {}
                hosts:
                  web1:
                    address: 10.0.0.1
                    groups:
                      - web
                      - wbe
                """));
        assertEquals("inventory/hosts.yaml:8: host 'web1' lists unknown group 'wbe' (did you mean 'web'?); a group is"
                + " defined under groups: in inventory/ or by policies/groups/wbe.yaml", message);
    }

    @Test
    void unknownGroupWithoutCloseMatchNamesTheKnownOnes() {
        String message = error(Map.of("policies/groups/db.yaml", "ssh: {}\n", "inventory/hosts.yaml",
                "groups:\n  web: {}\nhosts:\n  h: {address: a, groups: [monitoring]}\n"));
        assertEquals("inventory/hosts.yaml:4: host 'h' lists unknown group 'monitoring' (known: db, web); a group is"
                + " defined under groups: in inventory/ or by policies/groups/monitoring.yaml", message);
    }

    @Test
    void groupsDefinedByAPolicyFileOrAnotherInventoryFileAreKnown() {
        DesiredState state = TestRepos.load(Map.of(
                "policies/groups/db.yaml", "ssh:\n  max_sessions: 3\n",
                "inventory/groups.yaml", "groups:\n  web: {}\n",
                "inventory/hosts.yaml", "hosts:\n  h:\n    address: a\n    groups: [db, web]\n"));
        assertEquals(java.util.List.of("db", "web"), state.inventory().hosts().get("h").groups());
    }
}
