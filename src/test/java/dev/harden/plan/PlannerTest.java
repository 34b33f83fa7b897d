package dev.harden.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.TestFacts;
import dev.harden.inventory.HostEntry;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.State;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning is a pure function of facts and the desired state. */
class PlannerTest {

    /** web1 without the firewall's package and the upgrades and apparmor modules, which have their own tests. */
    private final DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml",
            "hosts:\n  web1:\n    address: 10.0.0.1\n    user: ops\n    vars:\n      firewall:\n        install: false\n"
            + "      upgrades:\n        enabled: false\n      apparmor:\n        enabled: false\n"));
    private final HostEntry web1 = state.inventory().hosts().get("web1");

    private HostPlan plan(Map<String, State> files) {
        return Planner.plan(web1, TestFacts.debian12(files, Map.of()), state);
    }

    /** The files as the modules want them, so a host "already has" them. */
    private Map<String, State> desiredFiles() {
        HostPlan fresh = plan(absent());
        Map<String, State> files = new HashMap<>();
        for (Change change : fresh.changes()) {
            FileResource d = (FileResource) change.desired();
            files.put(d.path(), new State.File(d.mode(), d.owner(), d.group(), d.content()));
        }
        return files;
    }

    private static Map<String, State> absent() {
        return Map.of("/etc/ssh/sshd_config", new State.Absent(), "/etc/sudoers.d/harden", new State.Absent());
    }

    @Test
    void newHostGetsBothFilesCreatedWithDiffs() {
        HostPlan plan = plan(absent());
        assertEquals("web1", plan.host());
        assertEquals("ops@10.0.0.1:22", plan.target());
        assertEquals(List.of("sshd", "sudo"), plan.changes().stream().map(Change::module).toList());
        Change sudo = plan.changes().get(1);
        assertEquals("create /etc/sudoers.d/harden (0440 root:root)", sudo.summary());
        assertTrue(sudo.before() instanceof State.Absent);
        assertTrue(sudo.diff().startsWith("--- /dev/null\n+++ /etc/sudoers.d/harden (0123456789)\n@@ -1,0 +1,"),
                sudo.diff());
        assertTrue(sudo.diff().contains("\n+Defaults use_pty\n"), sudo.diff());
    }

    @Test
    void hostThatMatchesHasNoChangesAndIsVerified() {
        Map<String, List<String>> effective = Map.of("passwordauthentication", List.of("yes"));
        HostPlan plan = Planner.plan(web1, TestFacts.debian12(desiredFiles(), effective), state);
        assertFalse(plan.hasChanges());
        assertTrue(plan.findings().stream().anyMatch(f -> f.message().startsWith("ssh.password_authentication:")),
                "verify runs when the files are in place: " + plan.findings());
    }

    @Test
    void verifyIsSkippedWhileTheModuleHasChanges() {
        Map<String, List<String>> effective = Map.of("passwordauthentication", List.of("yes"));
        HostPlan plan = Planner.plan(web1, TestFacts.debian12(absent(), effective), state);
        assertTrue(plan.findings().stream().noneMatch(f -> f.module().equals("sshd")), plan.findings().toString());
    }

    @Test
    void modeOnlyChangeHasNoContentDiff() {
        Map<String, State> files = desiredFiles();
        State.File sudoers = (State.File) files.get("/etc/sudoers.d/harden");
        files.put("/etc/sudoers.d/harden", new State.File(0644, "root", "root", sudoers.content()));
        HostPlan plan = plan(files);
        assertEquals(1, plan.changes().size());
        Change change = plan.changes().get(0);
        assertEquals("update /etc/sudoers.d/harden (mode 0644 -> 0440)", change.summary());
        assertFalse(change.affectsServices());
        assertEquals("", change.diff());
    }

    @Test
    void editedFileShowsOnlyTheEditedLines() {
        Map<String, State> files = desiredFiles();
        State.File config = (State.File) files.get("/etc/ssh/sshd_config");
        String edited = new String(config.content()).replace("PasswordAuthentication no", "PasswordAuthentication yes");
        files.put("/etc/ssh/sshd_config", new State.File(0644, "root", "root", edited.getBytes()));
        HostPlan plan = plan(files);
        assertEquals(1, plan.changes().size());
        Change change = plan.changes().get(0);
        assertEquals("update /etc/ssh/sshd_config (content)", change.summary());
        assertTrue(change.diff().contains("\n-PasswordAuthentication yes\n+PasswordAuthentication no\n"), change.diff());
        assertFalse(change.diff().contains("KexAlgorithms"), "three lines of context only: " + change.diff());
    }

    @Test
    void ownerChangeIsSummarised() {
        Map<String, State> files = desiredFiles();
        State.File config = (State.File) files.get("/etc/ssh/sshd_config");
        files.put("/etc/ssh/sshd_config", new State.File(0600, "ops", "ops", config.content()));
        assertEquals("update /etc/ssh/sshd_config (mode 0600 -> 0644, owner ops:ops -> root:root)",
                plan(files).changes().get(0).summary());
    }

    @Test
    void factsSummaryIsInThePlan() {
        Facts facts = TestFacts.debian12(absent(), Map.of());
        assertEquals(facts.summary(), Planner.plan(web1, facts, state).facts());
    }
}
