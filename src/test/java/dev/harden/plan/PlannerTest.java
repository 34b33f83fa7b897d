package dev.harden.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.FileState;
import dev.harden.facts.TestFacts;
import dev.harden.inventory.HostEntry;
import dev.harden.module.DesiredFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning is a pure function of facts and the desired state. */
class PlannerTest {

    private final DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml",
            "hosts:\n  web1:\n    address: 10.0.0.1\n    user: ops\n"));
    private final HostEntry web1 = state.inventory().hosts().get("web1");

    private HostPlan plan(Map<String, FileState> files) {
        return Planner.plan(web1, TestFacts.debian12(files, Map.of()), state);
    }

    /** The files as the modules want them, so a host "already has" them. */
    private Map<String, FileState> desiredFiles() {
        HostPlan fresh = plan(absent());
        Map<String, FileState> files = new HashMap<>();
        for (FileChange change : fresh.changes()) {
            DesiredFile d = change.desired();
            files.put(d.path(), new FileState.Present(d.mode(), d.owner(), d.group(), d.content()));
        }
        return files;
    }

    private static Map<String, FileState> absent() {
        return Map.of("/etc/ssh/sshd_config", new FileState.Absent(), "/etc/sudoers.d/harden", new FileState.Absent());
    }

    @Test
    void newHostGetsBothFilesCreatedWithDiffs() {
        HostPlan plan = plan(absent());
        assertEquals("web1", plan.host());
        assertEquals("ops@10.0.0.1:22", plan.target());
        assertEquals(List.of("sshd", "sudo"), plan.changes().stream().map(FileChange::module).toList());
        FileChange sudo = plan.changes().get(1);
        assertEquals("create /etc/sudoers.d/harden (0440 root:root)", sudo.summary());
        assertTrue(sudo.creates());
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
        Map<String, FileState> files = desiredFiles();
        FileState.Present sudoers = (FileState.Present) files.get("/etc/sudoers.d/harden");
        files.put("/etc/sudoers.d/harden", new FileState.Present(0644, "root", "root", sudoers.content()));
        HostPlan plan = plan(files);
        assertEquals(1, plan.changes().size());
        FileChange change = plan.changes().get(0);
        assertEquals("update /etc/sudoers.d/harden (mode 0644 -> 0440)", change.summary());
        assertFalse(change.contentChanges());
        assertEquals("", change.diff());
    }

    @Test
    void editedFileShowsOnlyTheEditedLines() {
        Map<String, FileState> files = desiredFiles();
        FileState.Present config = (FileState.Present) files.get("/etc/ssh/sshd_config");
        String edited = new String(config.content()).replace("PasswordAuthentication no", "PasswordAuthentication yes");
        files.put("/etc/ssh/sshd_config", new FileState.Present(0644, "root", "root", edited.getBytes()));
        HostPlan plan = plan(files);
        assertEquals(1, plan.changes().size());
        FileChange change = plan.changes().get(0);
        assertEquals("update /etc/ssh/sshd_config (content)", change.summary());
        assertTrue(change.diff().contains("\n-PasswordAuthentication yes\n+PasswordAuthentication no\n"), change.diff());
        assertFalse(change.diff().contains("KexAlgorithms"), "three lines of context only: " + change.diff());
    }

    @Test
    void ownerChangeIsSummarised() {
        Map<String, FileState> files = desiredFiles();
        FileState.Present config = (FileState.Present) files.get("/etc/ssh/sshd_config");
        files.put("/etc/ssh/sshd_config", new FileState.Present(0600, "ops", "ops", config.content()));
        assertEquals("update /etc/ssh/sshd_config (mode 0600 -> 0644, owner ops:ops -> root:root)",
                plan(files).changes().get(0).summary());
    }

    @Test
    void factsSummaryIsInThePlan() {
        Facts facts = TestFacts.debian12(absent(), Map.of());
        assertEquals(facts.summary(), Planner.plan(web1, facts, state).facts());
    }
}
