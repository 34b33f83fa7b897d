package dev.harden.engine;

import dev.harden.transport.ForwardingHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.module.FixedModule;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.resource.FileResource;
import dev.harden.state.RollbackPlanner;
import dev.harden.transport.Command;
import dev.harden.transport.Connector;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts are independent: whatever goes wrong with one host (an answer that is not what harden
 * sent for, a bug that throws) is reported for that host by name in plan, apply, history and
 * rollback, and the other host is planned, applied and recorded as if it were alone.
 */
class HostIndependenceTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));
    private static final String PATH = "/etc/harden-test.conf";
    /** A section whose data is not base64: what a broken or hostile host may answer. */
    private static final String GARBAGE = "@@harden core.os !!not*base64!!\n";

    @TempDir
    Path temp;

    private final Map<String, Path> roots = new LinkedHashMap<>();
    private FixedModule module;
    private DesiredState state;
    private Engine engine;

    @BeforeEach
    void twoImages() throws IOException {
        for (String name : List.of("bad", "good")) {
            Path root = Files.createDirectories(temp.resolve(name).resolve("etc"));
            Files.writeString(root.resolve("harden-test.conf"), "old\n");
            roots.put(name, root.getParent());
        }
        module = new FixedModule("test", List.of(file("new\n")));
        state = TestRepos.imageRoots(FixedModule.withBuiltIn(module), roots);
        engine = new Engine(state.modules(), temp.resolve("cache"));
    }

    private static FileResource file(String content) {
        return new FileResource("test", PATH, content.getBytes(StandardCharsets.UTF_8), 0644, "root", "root",
                Optional.empty(), List.of(), false, false);
    }

    /** Connects "good" as it is, and "bad" so that commands whose purpose starts with {@code purpose} go wrong. */
    private static Connector sabotage(String purpose, Function<Command, ExecResult> instead) {
        return entry -> {
            Host host = new ImageRootHost(entry.name(), Path.of(entry.root()));
            return entry.name().equals("bad") ? new Sabotaged(host, purpose, instead) : host;
        };
    }

    private static ExecResult garbage(Command command) {
        return new ExecResult(0, GARBAGE.getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    private static ExecResult boom(Command command) {
        throw new IllegalStateException("boom in " + command.purpose());
    }

    private String read(String host) throws IOException {
        return Files.readString(roots.get(host).resolve(PATH.substring(1)));
    }

    private ApplyContext context() {
        return ApplyContext.apply(TestRepos.COMMIT, "tester");
    }

    @Test
    void planReportsTheHostWhoseFactsAreGarbageAndAppliesTheOther() throws IOException {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, sabotage("gather facts",
                HostIndependenceTest::garbage))) {
            List<HostOutcome> hosts = run.plan().hosts();
            HostFailure bad = assertInstanceOf(HostFailure.class, hosts.get(0));
            assertEquals("bad", bad.host());
            assertEquals("bad: the section core.os of its answer is not valid base64; the host answered something"
                    + " harden cannot read", bad.message());
            HostPlan good = assertInstanceOf(HostPlan.class, hosts.get(1));
            assertEquals(1, good.changes().size());

            List<HostApplyResult> results = engine.apply(run, context(), 4, Progress.NONE);
            assertEquals(1, results.size(), "a host that could not be planned is not applied");
            assertComplete(results.get(0), "good");
        }
        assertEquals("old\n", read("bad"));
        assertEquals("new\n", read("good"));
    }

    @Test
    void applyReportsTheHostThatThrowsAndCompletesTheOther() throws IOException {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, sabotage("activate",
                HostIndependenceTest::boom))) {
            assertFalse(run.plan().hasFailures(), run.plan().toString());
            List<HostApplyResult> results = engine.apply(run, context(), 4, Progress.NONE);

            HostApplyResult bad = results.get(0);
            assertEquals("bad", bad.host());
            assertEquals(HostApplyResult.Status.UNKNOWN, bad.status());
            assertEquals("bad: unexpected error while applying: IllegalStateException: boom in activate generation "
                    + bad.error().split("activate generation ")[1].split(";")[0] + "; the outcome is unknown: run harden"
                    + " history -l bad", bad.error());
            assertComplete(results.get(1), "good");
        }
        assertEquals("old\n", read("bad"));
        assertFalse(Files.exists(roots.get("bad").resolve("var/lib/harden/lock")), "its lock is released");
        assertEquals("new\n", read("good"));
    }

    @Test
    void historyReportsTheHostWhoseRecordsAreGarbageAndListsTheOther() {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, sabotage("never", c -> null))) {
            engine.apply(run, context(), 4, Progress.NONE).forEach(r -> assertComplete(r, r.host()));
        }

        List<HostHistory> garbled = engine.history(state, OPTIONS, sabotage("read the history",
                HostIndependenceTest::garbage));
        assertEquals("bad", garbled.get(0).host());
        assertEquals("bad: the section core.os of its answer is not valid base64; the host answered something harden"
                + " cannot read", garbled.get(0).error());
        assertNull(garbled.get(1).error());
        assertEquals(1, garbled.get(1).generations().size());

        List<HostHistory> thrown = engine.history(state, OPTIONS, sabotage("read the history",
                HostIndependenceTest::boom));
        assertEquals("bad: unexpected error while reading its history: IllegalStateException: boom in read the"
                + " history", thrown.get(0).error());
        assertEquals(1, thrown.get(1).generations().size());
    }

    @Test
    void rollbackReportsTheHostThatFailsAndRollsBackTheOther() throws IOException {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, sabotage("never", c -> null))) {
            engine.apply(run, context(), 4, Progress.NONE).forEach(r -> assertComplete(r, r.host()));
        }

        try (FleetRun run = engine.rollback(state, OPTIONS, Progress.NONE, RollbackPlanner.PREVIOUS,
                sabotage("read backups", HostIndependenceTest::boom))) {
            HostFailure bad = assertInstanceOf(HostFailure.class, run.plan().hosts().get(0));
            assertEquals("bad: unexpected error while planning: IllegalStateException: boom in read backups",
                    bad.message());
            List<HostApplyResult> results = engine.apply(run, context().asRollback(), 4, Progress.NONE);
            assertEquals(1, results.size());
            assertComplete(results.get(0), "good");
        }
        try (FleetRun run = engine.rollback(state, OPTIONS, Progress.NONE, RollbackPlanner.PREVIOUS,
                sabotage("read the history", HostIndependenceTest::garbage))) {
            HostFailure bad = assertInstanceOf(HostFailure.class, run.plan().hosts().get(0));
            assertTrue(bad.message().startsWith("bad: the section core.os of its answer is not valid base64"),
                    bad.message());
            assertInstanceOf(HostPlan.class, run.plan().hosts().get(1));
        }
        assertEquals("new\n", read("bad"));
        assertEquals("old\n", read("good"));
    }

    private void assertComplete(HostApplyResult result, String host) {
        assertEquals(host, result.host());
        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        try {
            String meta = Files.readString(roots.get(host).resolve("var/lib/harden/generations/" + result.generation()
                    + "/meta"));
            assertTrue(meta.lines().filter(l -> l.startsWith("status=")).reduce((a, b) -> b).orElseThrow()
                    .equals("status=complete"), meta);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A host whose commands for one purpose go wrong: another answer, or an exception. */
    private static final class Sabotaged extends ForwardingHost {
        private final String purpose;
        private final Function<Command, ExecResult> instead;

        Sabotaged(Host host, String purpose, Function<Command, ExecResult> instead) {
            super(host);
            this.purpose = purpose;
            this.instead = instead;
        }

        @Override
        public ExecResult run(Command command) {
            return command.purpose().startsWith(purpose) ? instead.apply(command) : super.run(command);
        }
    }
}
