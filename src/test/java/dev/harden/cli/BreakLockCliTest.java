package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.HeldLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply against a host whose lock a run in progress on this controller holds, through main. */
class BreakLockCliTest {

    @TempDir
    Path temp;

    private String repo;
    private Path image;
    private Process running;
    private String lock;

    @BeforeEach
    void lockedByARunInProgress() throws IOException {
        repo = Cli.exampleRepo(temp.resolve("repo")).toString();
        image = Path.of(repo, "inventory/images/debian12");
        running = HeldLocks.liveProcess();
        lock = Files.readString(HeldLocks.write(image, HeldLocks.thisController(), running.pid(), 3));
    }

    @AfterEach
    void stop() {
        running.destroyForcibly();
    }

    @Test
    void applyIsRefusedNamingTheHolderItsProcessAndAge() throws IOException {
        Cli.Result result = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.out().contains("golden-image FAILED, nothing changed\n  error: golden-image: locked by alice@ops"
                + " (process " + running.pid() + " on " + HeldLocks.thisController() + ") since "), result.toString());
        assertTrue(result.out().contains(" (commit fedcba9876), "), result.toString());
        assertTrue(result.out().contains(" s ago; wait for it to finish (if it died, run again with --break-lock)\n"),
                result.toString());
        assertEquals(lock, Files.readString(image.resolve("var/lib/harden/lock/info")));
    }

    @Test
    void oneBreakLockIsNotEnoughForARunInProgressHere() throws IOException {
        Cli.Result result = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve", "--break-lock");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.out().contains("; its process " + running.pid() + " is still running on this controller, so the"
                + " run is in progress: let it finish, or stop that process, or pass --break-lock twice to take the"
                + " lock anyway\n"), result.toString());
        assertEquals(lock, Files.readString(image.resolve("var/lib/harden/lock/info")));
        assertFalse(Files.exists(image.resolve("etc/sudoers.d/harden")));
    }

    @Test
    void breakLockTwiceTakesItOver() {
        Cli.Result result = Cli.run("apply", "--working-tree", "--repo", repo, "--auto-approve", "--break-lock",
                "--break-lock");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("golden-image applied (generation "), result.toString());
        assertFalse(Files.exists(image.resolve("var/lib/harden/lock")), "released after the run");
    }
}
