package dev.harden.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.desired.ExemptionEdit;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.engine.Progress;
import dev.harden.engine.RunOptions;
import dev.harden.engine.Rollout;
import dev.harden.facts.Exemption;
import dev.harden.metrics.WatchMetrics;
import dev.harden.module.Modules;
import dev.harden.source.TrustPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher and drift healing leave an exception in force alone: it plans every host with its
 * exceptions, so healing drift and applying a new commit keep the exception's values, and say so.
 */
class WatcherExceptionTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));

    @TempDir
    Path temp;

    @Test
    void healingAndANewCommitKeepTheExceptionUntilItEnds() throws Exception {
        Path root = ImageRoots.copyDebian12(temp.resolve("img"));
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("inventory"));
        Files.createDirectories(repo.resolve("policies"));
        Files.writeString(repo.resolve("inventory/hosts.yaml"), "hosts:\n  img:\n    transport: local\n    root: \""
                + root + "\"\n");
        Files.writeString(repo.resolve("policies/baseline.yaml"), "gitops:\n  drift: heal\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            commit(git, "first");
        }
        Engine engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Watcher watcher = new Watcher(engine, new WatchConfig(repo.toString(), "main", Duration.ofSeconds(60),
                Duration.ZERO, Optional.empty(), TrustPolicy.unchecked(), Optional.empty(), Rollout.ALL_AT_ONCE,
                OPTIONS, Duration.ofSeconds(60), 20, "watcher@ci"), new EventLog(new PrintStream(events, true,
                StandardCharsets.UTF_8), false), new WatchMetrics());
        watcher.cycle();
        Path sshd = root.resolve("etc/ssh/sshd_config");
        assertTrue(Files.readString(sshd).contains("MaxAuthTries 3"), "the watcher applied the first commit");

        Instant now = Instant.now();
        Exemption exemption = new Exemption("inc-4711", "alice@laptop", "INC-4711: debug the API", now,
                now.plus(Duration.ofHours(2)), List.of("ssh.max_auth_tries=6"), List.of());
        DesiredState state = engine.load(repo.toString(), "main", false);
        try (FleetRun run = engine.except(state, new ExemptionEdit.Open(exemption), false, OPTIONS, Progress.NONE)) {
            List<HostApplyResult> results = engine.apply(run, ApplyContext.apply(state.source().commit(), "alice")
                    .as("exception", List.of("exception", "inc-4711")), 4, Progress.NONE);
            assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), results.toString());
        }
        assertTrue(Files.readString(sshd).contains("MaxAuthTries 6"));

        Files.writeString(root.resolve("etc/sudoers.d/harden"), "# edited by hand\n");
        String generations = String.join(",", list(root.resolve("var/lib/harden/generations")));
        watcher.cycle(); // drift: heal
        assertFalse(Files.readString(root.resolve("etc/sudoers.d/harden")).startsWith("# edited"), "drift healed");
        assertTrue(Files.readString(sshd).contains("MaxAuthTries 6"), "healing keeps the exception");
        assertTrue(Files.exists(root.resolve("var/lib/harden/exceptions/inc-4711")));
        assertFalse(generations.equals(String.join(",", list(root.resolve("var/lib/harden/generations")))));

        Files.writeString(repo.resolve("policies/baseline.yaml"),
                "gitops:\n  drift: heal\nssh:\n  login_grace_time: 20\n");
        try (Git git = Git.open(repo.toFile())) {
            commit(git, "second");
        }
        watcher.cycle(); // a new commit
        String config = Files.readString(sshd);
        assertTrue(config.contains("LoginGraceTime 20") && config.contains("MaxAuthTries 6"),
                "the new commit is applied and the exception kept: " + config);
        String log = events.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains(" exception-in-force ")).count(), log);
        assertTrue(log.contains("exception-in-force host=img exception=inc-4711 until=" + exemption.until()
                + " by=alice@laptop reason=\"INC-4711: debug the API\" sets=ssh.max_auth_tries=6"), log);
        watcher.cycle();
        assertTrue(Files.readString(sshd).contains("MaxAuthTries 6"), "and again");
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("test", "test@example.org").setCommitter("test", "test@example.org")
                .setSign(false).call();
    }

    private static List<String> list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
