package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hold, release, status, and the hold a rollback leaves, through main against the example image root. */
class HoldCliTest {

    @TempDir
    Path temp;

    private String repo;
    private Path sshdConfig;

    @BeforeEach
    void copy() {
        repo = Cli.exampleRepo(temp.resolve("repo")).toString();
        sshdConfig = Path.of(repo, "inventory/images/debian12/etc/ssh/sshd_config");
    }

    @Test
    void aRolledBackHostIsHeldUntilReleased() throws Exception {
        Cli.Result status = Cli.run("status", "--working-tree", "--repo", repo);
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("  applied:  never by harden\n  hold:     none\n  drift:    2 resource(s)"),
                status.toString());
        assertEquals(0, Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve").exitCode());
        byte[] hardened = Files.readAllBytes(sshdConfig);

        Cli.Result rollback = Cli.run("rollback", "--working-tree", "--repo", repo, "-l", "golden-image",
                "--auto-approve");
        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertTrue(rollback.out().contains("on hold now: apply and the watcher leave it alone until harden release -l"
                + " golden-image"), rollback.toString());
        byte[] rolledBack = Files.readAllBytes(sshdConfig);

        Cli.Result plan = Cli.run("plan", "--working-tree", "--repo", repo);
        assertTrue(plan.out().contains("  on hold: held by "), plan.toString());
        assertTrue(plan.out().contains(": rolled back to previous by harden rollback"), plan.toString());
        Cli.Result apply = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertEquals(0, apply.exitCode(), "a held host is not an error: " + apply);
        assertTrue(apply.out().contains("golden-image on hold, left alone"), apply.toString());
        assertTrue(apply.out().contains("Apply: 0 host(s) changed, 0 unchanged, 1 on hold, 0 failed."), apply.toString());
        assertArrayEquals(rolledBack, Files.readAllBytes(sshdConfig), "the held host is left as the rollback left it");

        Cli.Result held = Cli.run("status", "--working-tree", "--repo", repo, "--json");
        JsonNode host = new ObjectMapper().readTree(held.out()).get("hosts").get(0);
        assertTrue(host.get("hold").get("active").asBoolean(), held.out());
        assertTrue(host.get("hold").get("reason").asText().startsWith("rolled back to previous"), held.out());
        assertEquals(2, host.get("drifted").asInt(), held.out());

        Cli.Result release = Cli.run("release", "--working-tree", "--repo", repo, "-l", "golden-image");
        assertEquals(0, release.exitCode(), release.toString());
        assertTrue(release.out().contains("golden-image  released (was held by "), release.toString());
        assertEquals(0, Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve").exitCode());
        assertArrayEquals(hardened, Files.readAllBytes(sshdConfig), "released, it converges to the desired state");
        assertTrue(Cli.run("status", "--working-tree", "--repo", repo).out().contains("  hold:     none\n"));
    }

    @Test
    void anExplicitHoldEndsByItselfAndIgnoreHoldOverridesIt() throws Exception {
        Cli.Result hold = Cli.run("hold", "--working-tree", "--repo", repo, "-l", "golden-image", "--reason",
                "INC-4711: hands off", "--until", "20s");
        assertEquals(0, hold.exitCode(), hold.toString());
        assertTrue(hold.out().contains("INC-4711: hands off"), hold.toString());
        byte[] before = Files.readAllBytes(sshdConfig);
        Cli.Result apply = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertTrue(apply.out().contains("golden-image on hold, left alone"), apply.toString());
        assertArrayEquals(before, Files.readAllBytes(sshdConfig));

        // Wait for the hold's own end, read from the host, not a fixed time: a loaded machine is slow.
        Instant until = Instant.parse(new ObjectMapper().readTree(Cli.run("status", "--working-tree", "--repo", repo,
                "--json").out()).findValue("until").asText());
        while (Instant.now().isBefore(until.plusMillis(200))) {
            Thread.sleep(200);
        }
        Cli.Result expired = Cli.run("plan", "--working-tree", "--repo", repo);
        assertTrue(expired.out().contains("  hold expired: held by "), expired.toString());
        Cli.Result after = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertTrue(after.out().contains("golden-image applied (generation "), "an expired hold holds nothing: " + after);

        Cli.run("hold", "--working-tree", "--repo", repo, "-l", "golden-image", "--reason", "again");
        Files.writeString(sshdConfig, "# edited by hand\n");
        Cli.Result ignoring = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve", "--ignore-hold");
        assertTrue(ignoring.out().contains("golden-image applied (generation "), ignoring.toString());

        Cli.Result bad = Cli.run("hold", "--working-tree", "--repo", repo, "-l", "golden-image", "--reason", "x",
                "--until", "tomorrow");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--until tomorrow: give a time like 2026-11-23T08:00:00Z or a duration like 90m,"
                + " 4h, 2d"), bad.toString());
    }
}
