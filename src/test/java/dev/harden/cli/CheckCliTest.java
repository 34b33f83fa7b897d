package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check: the read-only audit, against the example image root (no firewall installed there). */
class CheckCliTest {

    @TempDir
    Path temp;

    private Path repo;

    @BeforeEach
    void copy() {
        repo = Cli.exampleRepo(temp.resolve("repo"));
    }

    @Test
    void reportsDriftAndFindingsWithoutChangingAnything() throws IOException {
        Path config = repo.resolve("inventory/images/debian12/etc/ssh/sshd_config");
        byte[] before = Files.readAllBytes(config);
        Cli.Result check = Cli.run("check", "--working-tree", "--repo", repo.toString());
        assertEquals(2, check.exitCode(), check.toString());
        assertTrue(check.out().startsWith("harden check of working tree"), check.toString());
        assertTrue(check.out().contains("2 resource(s) differ from the desired state (harden plan shows them)"), check.toString());
        assertTrue(check.out().contains("warning [firewall] no host firewall is installed"), check.toString());
        assertTrue(check.out().contains("warning [apparmor] apparmor is not installed in this image"), check.toString());
        assertTrue(check.out().contains("\nCheck: 1 host(s), 2 warning(s), 1 drifted, 0 failed."), check.toString());
        assertArrayEquals(before, Files.readAllBytes(config), "check changes nothing");
    }

    @Test
    void exitsZeroWhenTheHostMatchesAndNothingIsWorthAWarning() throws IOException {
        Path baseline = repo.resolve("policies/baseline.yaml");
        Files.writeString(baseline, Files.readString(baseline).replace("firewall:\n  enabled: true",
                "firewall:\n  enabled: false").replace("apparmor:\n  enabled: true", "apparmor:\n  enabled: false"));
        assertEquals(0, Cli.run("apply", "--working-tree", "--repo", repo.toString(), "--auto-approve").exitCode());
        Cli.Result check = Cli.run("check", "--working-tree", "--repo", repo.toString());
        assertEquals(0, check.exitCode(), check.toString());
        assertTrue(check.out().contains("matches the desired state"), check.toString());
        Cli.Result json = Cli.run("check", "--working-tree", "--repo", repo.toString(), "--json");
        assertTrue(json.out().contains("\"findings\""), json.toString());
    }
}
