package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan and apply through main, against the example image root. */
class PlanApplyCliTest {

    @TempDir
    Path temp;

    private String repo;

    @BeforeEach
    void copy() {
        repo = Cli.exampleRepo(temp.resolve("repo")).toString();
    }

    @Test
    void planPrintsDiffsAndSummary() throws IOException {
        byte[] before = Files.readAllBytes(Path.of(repo, "inventory/images/debian12/etc/ssh/sshd_config"));
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("harden plan of working tree (not a Git repository)\n"), result.toString());
        assertTrue(result.out().contains("golden-image  image root inventory/images/debian12  Debian GNU/Linux 12"
                + " (bookworm), OpenSSH 9.2  2 change(s)"), result.toString());
        assertTrue(result.out().contains("  sshd     update /etc/ssh/sshd_config (content)\n"), result.toString());
        assertTrue(result.out().contains("           -X11Forwarding yes\n"), result.toString());
        assertTrue(result.out().contains("           +MaxAuthTries 4\n"), "group web's vars apply: " + result);
        assertTrue(result.out().contains("  sudo     create /etc/sudoers.d/harden (0440 root:root)\n"), result.toString());
        assertTrue(result.out().contains("\nPlan: 1 host(s) to change (2 change(s)), 0 unchanged, 0 failed."),
                result.toString());
        assertFalse(result.out().contains("\u001b["), "no colour without a terminal");
        assertEquals("", result.errWithoutProgress(), "progress lines only: " + result);
        assertArrayEquals(before, Files.readAllBytes(Path.of(repo, "inventory/images/debian12/etc/ssh/sshd_config")),
                "plan changes nothing");
    }

    @Test
    void detailedExitCodeIsTwoUntilApplied() {
        assertEquals(2, Cli.run("plan", "--working-tree", "--repo", repo, "--detailed-exitcode").exitCode());

        Cli.Result applied = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.toString());
        assertTrue(applied.out().contains("golden-image applied (generation "), applied.toString());
        assertTrue(applied.out().contains("\nApply: 1 host(s) changed, 0 unchanged, 0 failed."), applied.toString());
        assertTrue(Files.exists(Path.of(repo, "inventory/images/debian12/etc/sudoers.d/harden")));

        Cli.Result again = Cli.run("plan", "--working-tree", "--repo", repo, "--detailed-exitcode");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("no changes"), again.toString());
        assertTrue(again.out().contains("Plan: 0 host(s) to change (0 change(s)), 1 unchanged, 0 failed."), again.toString());

        Cli.Result nothing = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertEquals(0, nothing.exitCode(), nothing.toString());
        assertTrue(nothing.out().contains("Nothing to apply."), nothing.toString());
    }

    @Test
    void planWithoutDetailedExitCodeIsZeroEvenWithChanges() {
        assertEquals(0, Cli.run("plan", "--working-tree", "--repo", repo).exitCode());
    }

    @Test
    void limitToAnUnknownHostIsAnError() {
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo, "--limit", "web9");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("harden: error: --limit: no host or group named 'web9'"), result.toString());
    }

    @Test
    void planHelpMentionsDetailedExitCode() {
        Cli.Result result = Cli.run("plan", "--help");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("--detailed-exitcode"), result.toString());
        assertTrue(result.out().contains("--working-tree"), result.toString());
        assertTrue(result.out().contains("Exit codes:"), result.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result result = Cli.run("plan", "--detailed-exit-code");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Unknown option: '--detailed-exit-code'"), result.toString());
    }
}
