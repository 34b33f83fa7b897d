package dev.harden.module.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.engine.Progress;
import dev.harden.engine.RunOptions;
import dev.harden.facts.Hold;
import dev.harden.module.Modules;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * harden-local as the module installs it, run on an image root (HARDEN_ROOT) with no controller:
 * status and history from the host's own records, a rollback with each generation's own code that
 * puts back every file byte for byte, holds the host, and refuses a host that moved on.
 */
class HardenLocalImageRootTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));
    private static final Connector CONNECTOR = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));
    private static final List<String> FILES = List.of("etc/ssh/sshd_config", "etc/sudoers.d/harden",
            "etc/harden/README", "etc/motd.d/harden", "usr/local/sbin/harden-local");

    @TempDir
    Path temp;

    private Path root;
    private Engine engine;

    @BeforeEach
    void imageRoot() {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
    }

    private void apply(String hostVars) {
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml", "hosts:\n  img:\n    transport: local\n"
                + "    root: \"" + root + "\"\n" + hostVars));
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR)) {
            List<HostApplyResult> results = engine.apply(run, ApplyContext.apply(TestRepos.COMMIT, "alice@laptop"), 4,
                    Progress.NONE);
            assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), results.toString());
        }
    }

    /** Runs the image's own harden-local with the image as its root (never this machine). */
    private Result local(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", root.resolve("usr/local/sbin/harden-local")
                .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HARDEN_ROOT", root.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }

    private record Result(int exitCode, String out) {
    }

    /** sha256, mode and owner of the files harden manages here. */
    private String state() throws Exception {
        StringBuilder state = new StringBuilder();
        for (String file : FILES) {
            Path path = root.resolve(file);
            state.append(file).append(' ').append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(path)))).append(' ')
                    .append(Files.getPosixFilePermissions(path)).append(' ').append(Files.getOwner(path)).append('\n');
        }
        return state.toString();
    }

    @Test
    void rollbackToPreviousPutsBackEveryFileAndHoldsTheHost() throws Exception {
        apply("");
        String first = state();
        apply("    vars:\n      ssh:\n        max_auth_tries: 5\n      sudo:\n"
                + "        log_file: /var/log/sudo-all.log\n");
        assertNotEquals(first, state());

        Result status = local("status");
        assertEquals(0, status.exitCode(), status.out());
        assertTrue(status.out().contains("last change: "), status.out());
        assertTrue(status.out().contains("apply      complete          commit 0123456789  alice@laptop"), status.out());
        assertTrue(status.out().contains("hold:        none"), status.out());
        Result history = local("history");
        assertTrue(history.out().contains("      sshd: update /etc/ssh/sshd_config (content)"), history.out());
        assertTrue(history.out().contains("      runbook: create /etc/harden/README (0644 root:root)"), history.out());

        Result rollback = local("rollback", "--to", "previous", "--yes", "--reason", "INC-4711");
        assertEquals(0, rollback.exitCode(), rollback.out());
        assertTrue(rollback.out().contains("restored /etc/ssh/sshd_config"), rollback.out());
        assertTrue(rollback.out().contains("The host is on hold"), rollback.out());
        assertEquals(first, state(), "every file as the previous generation left it: sha256, mode, owner");

        Hold hold = Hold.parse(Files.readString(root.resolve("var/lib/harden/hold")));
        assertTrue(hold.by().startsWith("harden-local on "), hold.toString());
        assertTrue(hold.reason().startsWith("rolled back on the console (INC-4711): undid "), hold.toString());
        String meta = Files.readString(newest().resolve("meta"));
        assertTrue(meta.contains("\nstatus=reverted\n")
                && meta.contains("reverted_by=harden-local on the host: INC-4711"), meta);
        assertTrue(local("history", "1").out().contains("reverted by harden-local on the host: INC-4711"));
    }

    @Test
    void aHostThatMovedOnSinceTheGenerationIsNotRolledBack() throws Exception {
        apply("");
        apply("    vars:\n      ssh:\n        max_auth_tries: 5\n");
        Files.writeString(root.resolve("etc/ssh/sshd_config"), "# edited by hand during the incident\n");
        String edited = state();
        Result refused = local("rollback", "--to", "previous", "--yes");
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.out().contains("the host is not as it left it:"), refused.out());
        assertTrue(refused.out().contains("/etc/ssh/sshd_config is not as the generation left it"), refused.out());
        assertEquals(edited, state(), "nothing was changed");
        assertTrue(!Files.exists(root.resolve("var/lib/harden/lock")), "the lock is released");
        Result nothing = local("rollback", "--to", "no-such-generation", "--yes");
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.out().contains("no generation no-such-generation here"), nothing.out());
    }

    private Path newest() throws IOException {
        try (Stream<Path> generations = Files.list(root.resolve("var/lib/harden/generations"))) {
            return generations.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
