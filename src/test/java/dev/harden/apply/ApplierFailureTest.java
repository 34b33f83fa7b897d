package dev.harden.apply;

import dev.harden.transport.ForwardingHost;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change protocol's failure paths on a real image root: nothing half-applied is ever left. */
class ApplierFailureTest {

    @TempDir
    Path temp;

    private Path root;
    private byte[] original;
    private ImageRootHost host;
    private HostPlan plan;
    private String modulesCode;

    @BeforeEach
    void planned() throws IOException {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        original = Files.readAllBytes(root.resolve("etc/ssh/sshd_config"));
        DesiredState state = TestRepos.imageRoot("img", root.toString());
        host = new ImageRootHost("img", root);
        Facts facts = FactsProbe.gather(host, "", state.modules().probe(state.policyFor(state.inventory().hosts()
                .get("img"))));
        plan = Planner.plan(state.inventory().hosts().get("img"), facts, state);
        modulesCode = state.modules().onHostCode();
        assertEquals(2, plan.changes().size());
    }

    private HostApplyResult apply(Host target) {
        return new Applier(ApplyContext.apply(TestRepos.COMMIT, "tester"), modulesCode).apply(target, plan, h -> plan,
                h -> List.of());
    }

    @Test
    void fileChangedSincePlanIsRefusedAndNothingIsReplaced() throws IOException {
        Files.writeString(root.resolve("etc/ssh/sshd_config"), "# edited by hand\n", StandardOpenOption.APPEND);
        byte[] edited = Files.readAllBytes(root.resolve("etc/ssh/sshd_config"));

        HostApplyResult result = apply(host);

        assertEquals(HostApplyResult.Status.FAILED, result.status());
        assertTrue(result.error().contains("/etc/ssh/sshd_config changed since the plan"), result.error());
        assertTrue(result.error().contains("plan again"), result.error());
        assertNull(result.generation());
        assertArrayEquals(edited, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")));
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void modeChangedSincePlanIsRefusedToo() throws IOException {
        Files.setPosixFilePermissions(root.resolve("etc/ssh/sshd_config"), PosixFilePermissions.fromString("rw-------"));
        HostApplyResult result = apply(host);
        assertEquals(HostApplyResult.Status.FAILED, result.status());
        assertTrue(result.error().contains("changed since the plan"), result.error());
        assertArrayEquals(original, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")));
    }

    @Test
    void failingValidatorLeavesTheHostUntouched() throws IOException {
        FailingHost failing = new FailingHost(host, "stage and validate", 2, frame("v0", "line 12: Bad configuration"
                + " option: Bogus") + frame("v0.rc", "255"));

        HostApplyResult result = apply(failing);

        assertEquals(HostApplyResult.Status.FAILED, result.status());
        assertTrue(result.error().startsWith("/etc/ssh/sshd_config is invalid, nothing was changed; sshd -t -f {} says:"),
                result.error());
        assertTrue(result.error().contains("Bad configuration option: Bogus"), result.error());
        assertNull(result.generation());
        assertArrayEquals(original, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")));
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")));
        assertEquals(List.of(), leftovers(), "staged files are removed");
        assertFalse(failing.purposes.stream().anyMatch(p -> p.startsWith("activate")), failing.purposes.toString());
        assertTrue(failing.purposes.contains("discard staged files"), failing.purposes.toString());
    }

    @Test
    void failedReloadRestoresThePreviousFiles() throws IOException {
        FailingHost failing = new FailingHost(host, "reload services", 2, frame("r0", "Job for ssh.service failed")
                + frame("r0.rc", "1"));

        HostApplyResult result = apply(failing);

        assertEquals(HostApplyResult.Status.ROLLED_BACK, result.status(), result.toString());
        assertTrue(result.error().contains("reloading ssh failed: Job for ssh.service failed"), result.error());
        assertNotNull(result.generation());
        assertArrayEquals(original, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/ssh/sshd_config"))));
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")), "a created file is removed again");
        assertEquals(List.of(), leftovers());
        String meta = Files.readString(root.resolve("var/lib/harden/generations/" + result.generation() + "/meta"));
        assertTrue(meta.endsWith("\n") && meta.contains("\nstatus=reverted\n"), meta);
        assertTrue(result.steps().contains("revert: restored /etc/ssh/sshd_config"), result.steps().toString());
        assertTrue(result.steps().contains("revert: removed /etc/sudoers.d/harden (it did not exist before)"),
                result.steps().toString());
    }

    /**
     * A revert checks every backup before it puts it back: a backup that no longer matches the
     * generation's record (here corrupted while services reloaded) is not restored, the file keeps
     * its new (valid) version, the service that reads it is not reloaded onto it, and the result is
     * an incomplete revert naming the file; the other file is restored.
     */
    @Test
    void aBackupThatNoLongerMatchesIsNotRestoredAndTheRevertSaysSo() throws IOException {
        FailingHost failing = new FailingHost(host, "reload services", 2, frame("r0", "Job for ssh.service failed")
                + frame("r0.rc", "1")) {
            @Override
            public ExecResult run(Command command) {
                if (command.purpose().startsWith("reload services")) {
                    try (Stream<Path> generations = Files.list(root.resolve("var/lib/harden/generations"))) {
                        Path backup = generations.findFirst().orElseThrow().resolve("files/0");
                        Files.writeString(backup, "# not what was there\n");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.run(command);
            }
        };
        byte[] desired = ((dev.harden.resource.FileResource) plan.changes().get(0).desired()).content();

        HostApplyResult result = apply(failing);

        assertEquals(HostApplyResult.Status.REVERT_INCOMPLETE, result.status(), result.toString());
        assertTrue(result.error().contains("REVERT INCOMPLETE: could not restore /etc/ssh/sshd_config: its backup does"
                + " not match the generation's record; it keeps the new version"), result.error());
        assertTrue(result.error().contains("did not reload ssh: a file it reads could not be restored"), result.error());
        assertArrayEquals(desired, Files.readAllBytes(root.resolve("etc/ssh/sshd_config")), "the intact new file stays");
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")), "what could be undone is undone");
        assertTrue(result.steps().contains("revert: removed /etc/sudoers.d/harden (it did not exist before)"),
                result.steps().toString());
        assertEquals(List.of(), leftovers());
        String meta = Files.readString(root.resolve("var/lib/harden/generations/" + result.generation() + "/meta"));
        assertTrue(meta.contains("\nstatus=revert-incomplete\n") && meta.contains("\nunrestored=0\n"), meta);
    }

    @Test
    void planWithoutChangesIsUnchangedAndRunsNothing() {
        HostPlan empty = new HostPlan("img", "image root", "facts", List.of(), List.of());
        FailingHost recording = new FailingHost(host, "never", 0, "");
        HostApplyResult result = new Applier(ApplyContext.apply("", "tester"), modulesCode)
                .apply(recording, empty, h -> empty, h -> List.of());
        assertEquals(HostApplyResult.Status.UNCHANGED, result.status());
        assertEquals(List.of(), recording.purposes);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().contains(".harden-")).toList();
        }
    }

    static String frame(String name, String text) {
        return "@@harden " + name + " " + java.util.Base64.getEncoder().encodeToString(text.getBytes(
                StandardCharsets.UTF_8)) + "\n";
    }

    /**
     * Delegates to a real host; a command whose purpose starts with a prefix runs for real, and then
     * answers with another exit status and output, as if a validator or a service had failed there.
     */
    private static class FailingHost extends ForwardingHost {
        private final String failPrefix;
        private final int exitCode;
        private final String output;
        final List<String> purposes = new ArrayList<>();

        FailingHost(Host delegate, String failPrefix, int exitCode, String output) {
            super(delegate);
            this.failPrefix = failPrefix;
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public ExecResult run(Command command) {
            purposes.add(command.purpose());
            ExecResult real = super.run(command);
            if (command.purpose().startsWith(failPrefix)) {
                return new ExecResult(exitCode, output.getBytes(StandardCharsets.UTF_8), real.stderr());
            }
            return real;
        }
    }
}
