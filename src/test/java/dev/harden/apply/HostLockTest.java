package dev.harden.apply;

import dev.harden.transport.ForwardingHost;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host lock taken seconds ago by a run that is still going: the refusal says whose lock it is,
 * which process on which controller holds it and how old it is. One --break-lock takes over the
 * lock of a dead run (or of another controller, whose processes harden cannot see); a run whose
 * process is alive on this very controller is in progress, and only --break-lock twice takes it.
 */
class HostLockTest {

    @TempDir
    Path temp;

    private Path root;
    private byte[] sshdConfig;
    private ImageRootHost host;
    private HostPlan plan;
    private String modulesCode;
    private Process running;

    @BeforeEach
    void planned() throws IOException {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        sshdConfig = Files.readAllBytes(root.resolve("etc/ssh/sshd_config"));
        DesiredState state = TestRepos.imageRoot("img", root.toString());
        host = new ImageRootHost("img", root);
        var entry = state.inventory().hosts().get("img");
        Facts facts = FactsProbe.gather(host, "", state.modules().probe(state.policyFor(entry)));
        plan = Planner.plan(entry, facts, state);
        modulesCode = state.modules().onHostCode();
        running = HeldLocks.liveProcess();
    }

    @AfterEach
    void stop() {
        running.destroyForcibly();
    }

    private HostApplyResult apply(Host target, int breakLock) {
        ApplyContext context = ApplyContext.apply(TestRepos.COMMIT, "bob@ops").withSafety(Duration.ofSeconds(60), 20,
                breakLock);
        return new Applier(context, modulesCode).apply(target, plan, h -> plan, h -> List.of());
    }

    @Test
    void liveLockIsRefusedNamingHolderProcessAndAge() throws IOException {
        Path info = HeldLocks.write(root, HeldLocks.thisController(), running.pid(), 5);
        String lock = Files.readString(info);

        HostApplyResult result = apply(host, 0);

        assertEquals(HostApplyResult.Status.FAILED, result.status(), result.toString());
        assertTrue(Pattern.matches("img: locked by alice@ops \\(process " + running.pid() + " on "
                + Pattern.quote(HeldLocks.thisController()) + "\\) since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"
                + " \\(commit fedcba9876\\), [5-9] s ago; wait for it to finish \\(if it died, run again with"
                + " --break-lock\\)", result.error()), result.error());
        assertUntouched(info, lock);
    }

    @Test
    void oneBreakLockDoesNotTakeTheLockOfARunInProgressOnThisController() throws IOException {
        Path info = HeldLocks.write(root, HeldLocks.thisController(), running.pid(), 5);
        String lock = Files.readString(info);

        HostApplyResult result = apply(host, 1);

        assertEquals(HostApplyResult.Status.FAILED, result.status(), result.toString());
        assertTrue(result.error().startsWith("img: locked by alice@ops (process " + running.pid() + " on "
                + HeldLocks.thisController() + ") since "), result.error());
        assertTrue(result.error().endsWith("; its process " + running.pid() + " is still running on this controller,"
                + " so the run is in progress: let it finish, or stop that process, or pass --break-lock twice to take"
                + " the lock anyway"), result.error());
        assertUntouched(info, lock);
    }

    @Test
    void breakLockTwiceTakesOverARunInProgress() {
        HeldLocks.write(root, HeldLocks.thisController(), running.pid(), 5);
        HostApplyResult result = apply(host, 2);
        assertApplied(result);
    }

    @Test
    void oneBreakLockTakesOverTheLockOfADeadProcess() {
        HeldLocks.write(root, HeldLocks.thisController(), HeldLocks.deadPid(), 5);
        assertEquals(HostApplyResult.Status.FAILED, apply(host, 0).status(), "without --break-lock it stays");
        assertApplied(apply(host, 1));
    }

    @Test
    void oneBreakLockTakesOverTheLockOfAnotherController() {
        HeldLocks.write(root, "build-7.example", running.pid(), 5);
        HostApplyResult refused = apply(host, 0);
        assertTrue(refused.error().startsWith("img: locked by alice@ops (process " + running.pid()
                + " on build-7.example) since "), refused.error());
        assertApplied(apply(host, 1));
    }

    /** --break-lock breaks the lock its refusal named: a run that took the lock since is left alone. */
    @Test
    void aLockTakenMeanwhileIsNotBroken() throws IOException {
        Path info = HeldLocks.write(root, "build-7.example", running.pid(), 5);
        String newer = "token=20260101T000001Z-feedface\nholder=carol@ops\ncommit=" + HeldLocks.COMMIT
                + "\ncontroller=build-8.example\npid=42\nsince=2026-01-01T00:00:01Z\nsince_epoch=1767225601\n";
        Host racing = new Delegate(host) {
            private boolean first = true;

            @Override
            public ExecResult run(Command command) {
                ExecResult result = super.run(command);
                if (first && command.purpose().equals("take the host lock")) {
                    first = false;
                    try {
                        Files.writeString(info, newer); // carol's run takes the lock right after the refusal
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return result;
            }
        };

        HostApplyResult result = apply(racing, 1);

        assertEquals(HostApplyResult.Status.FAILED, result.status(), result.toString());
        assertTrue(result.error().startsWith("img: locked by carol@ops (process 42 on build-8.example) since"
                + " 2026-01-01T00:00:01Z"), result.error());
        assertTrue(result.error().endsWith("; another run took the lock meanwhile"), result.error());
        assertUntouched(info, newer);
    }

    private void assertUntouched(Path info, String lock) throws IOException {
        assertEquals(lock, Files.readString(info), "the lock is left as it was");
        assertArrayEquals(sshdConfig, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")));
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")));
    }

    private void assertApplied(HostApplyResult result) {
        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        assertFalse(Files.exists(root.resolve("var/lib/harden/lock")), "the lock is released after the run");
        try {
            String meta = Files.readString(root.resolve("var/lib/harden/generations/" + result.generation() + "/meta"));
            assertTrue(meta.contains("\noperator=bob@ops\n") && meta.endsWith("\n") && meta.contains("status=complete"),
                    meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host that passes everything on. */
    private static class Delegate extends ForwardingHost {
        Delegate(Host host) {
            super(host);
        }
    }
}
