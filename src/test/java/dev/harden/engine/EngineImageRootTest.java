package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.module.Modules;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.source.Snapshot;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan and apply end to end on a real image root (real sh, stat, base64, mv). */
class EngineImageRootTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));
    private static final Connector CONNECTOR = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));

    @TempDir
    Path temp;

    private Path root;
    private byte[] original;
    private DesiredState state;
    private Engine engine;

    @BeforeEach
    void imageRoot() throws IOException {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        original = Files.readAllBytes(root.resolve("etc/ssh/sshd_config"));
        state = TestRepos.imageRoot("img", root.toString());
        engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
    }

    private ApplyContext context() {
        return ApplyContext.apply(TestRepos.COMMIT, "tester@example");
    }

    @Test
    void planShowsTwoChangesWithDiffs() {
        List<String> progress = new CopyOnWriteArrayList<>();
        Progress recorder = new Progress() {
            @Override
            public void stage(String stage, int hosts) {
                progress.add(stage + " " + hosts);
            }

            @Override
            public void phase(String host, String phase) {
                progress.add(host + ": " + phase);
            }

            @Override
            public void hostDone(String host, boolean failed, String outcome) {
                progress.add(host + (failed ? " FAILED " : " ") + outcome);
            }

            @Override
            public void stageDone() {
                progress.add("done");
            }
        };
        try (FleetRun run = engine.plan(state, OPTIONS, recorder, CONNECTOR)) {
            Plan plan = run.plan();
            assertEquals(TestRepos.COMMIT, plan.commit());
            assertFalse(plan.hasFailures(), plan.failures().toString());
            HostPlan host = assertInstanceOf(HostPlan.class, plan.hosts().get(0));
            assertEquals("image root " + root, host.target());
            assertEquals("Debian GNU/Linux 12 (bookworm), OpenSSH 9.2", host.facts());
            assertEquals(List.of("update /etc/ssh/sshd_config (content)",
                    "create /etc/sudoers.d/harden (0440 root:root)"),
                    host.changes().stream().map(Change::summary).toList());
            String sshdDiff = host.changes().get(0).diff();
            assertTrue(sshdDiff.startsWith("--- /etc/ssh/sshd_config (on host)\n+++ /etc/ssh/sshd_config (0123456789)\n"),
                    sshdDiff);
            assertTrue(sshdDiff.contains("\n-X11Forwarding yes\n"), sshdDiff);
            assertTrue(sshdDiff.contains("\n+X11Forwarding no\n"), sshdDiff);
            assertTrue(host.changes().get(1).diff().startsWith("--- /dev/null\n"));
            assertEquals(List.of("planning 1", "img: connecting", "img: gathering facts", "img: " + Progress.WAITING,
                    "img: planning", "img planned (2 changes)", "done"), progress);
        }
        assertArrayEquals(original, read("etc/ssh/sshd_config"), "planning writes nothing");
        assertFalse(Files.exists(root.resolve("etc/sudoers.d/harden")));
        assertFalse(Files.exists(root.resolve("var/lib/harden")));
    }

    @Test
    void applyWritesFilesRecordsAGenerationAndIsIdempotent() throws IOException {
        List<Change> changes;
        List<HostApplyResult> results;
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR)) {
            changes = run.plan().planned().get(0).changes();
            results = engine.apply(run, context(), 4, Progress.NONE);
        }
        assertEquals(1, results.size());
        HostApplyResult result = results.get(0);
        assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        assertNull(result.error());
        assertEquals(List.of(), result.findings().stream().filter(f -> f.message().contains("still differs")).toList(),
                "after apply nothing differs");
        assertEquals(List.of("ssh"), result.reloaded());
        assertTrue(result.steps().stream().anyMatch(s -> s.startsWith("/etc/ssh/sshd_config: not validated: sshd is not installed")
                || s.startsWith("validated /etc/ssh/sshd_config")), "validation is a step: " + result.steps());

        assertArrayEquals(((FileResource) changes.get(0).desired()).content(), read("etc/ssh/sshd_config"));
        assertArrayEquals(((FileResource) changes.get(1).desired()).content(), read("etc/sudoers.d/harden"));
        assertEquals("rw-r--r--", permissions("etc/ssh/sshd_config"));
        assertEquals("r--r-----", permissions("etc/sudoers.d/harden"));
        assertEquals(List.of(), leftovers());

        Path generation = root.resolve("var/lib/harden/generations/" + result.generation());
        String meta = Files.readString(generation.resolve("meta"));
        assertTrue(meta.contains("id=" + result.generation() + "\n"), meta);
        assertTrue(meta.contains("commit=" + TestRepos.COMMIT + "\n"), meta);
        assertTrue(meta.contains("operator=tester@example\n"), meta);
        List<String> statuses = meta.lines().filter(l -> l.startsWith("status=")).toList();
        assertEquals(List.of("status=activating", "status=complete"), statuses, "meta is appended to; the last line wins");
        List<String> manifest = Files.readAllLines(generation.resolve("manifest.jsonl"));
        assertEquals(List.of("{\"format\":2}"), manifest.subList(0, 1));
        assertEquals(3, manifest.size(), manifest.toString());
        assertTrue(manifest.get(1).startsWith("{\"index\":0,\"kind\":\"file\",\"key\":\"/etc/ssh/sshd_config\","
                + "\"module\":\"sshd\",\"before\":{\"existed\":true,\"mode\":\"644\""), manifest.get(1));
        assertTrue(manifest.get(1).contains("\"validator\":[\"sshd\",\"-t\",\"-f\",\"{}\"]"), manifest.get(1));
        assertTrue(manifest.get(2).contains("\"key\":\"/etc/sudoers.d/harden\",\"module\":\"sudo\","
                + "\"before\":{\"existed\":false}"), manifest.get(2));
        assertArrayEquals(original, Files.readAllBytes(generation.resolve("files/0")));
        assertTrue(Files.readString(generation.resolve("lib.sh")).contains("revert_generation()"),
                "the generation keeps the code its revert runs");

        try (FleetRun again = engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR)) {
            assertFalse(again.plan().hasChanges(), again.plan().toString());
            List<HostApplyResult> second = engine.apply(again, context(), 4, Progress.NONE);
            assertEquals(HostApplyResult.Status.UNCHANGED, second.get(0).status());
            assertNull(second.get(0).generation());
        }
        try (Stream<Path> generations = Files.list(root.resolve("var/lib/harden/generations"))) {
            assertEquals(1, generations.count(), "an unchanged apply records no generation");
        }
    }

    @Test
    void unreachableHostBecomesAFailureNotAnException() {
        Connector broken = entry -> new ImageRootHost(entry.name(), temp.resolve("missing"));
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, broken)) {
            assertTrue(run.plan().hasFailures());
            assertEquals("img", run.plan().failures().get(0).host());
            assertTrue(run.plan().failures().get(0).message().contains("is not a directory"),
                    run.plan().failures().get(0).message());
            assertTrue(engine.apply(run, context(), 4, Progress.NONE).isEmpty(), "failed hosts are not applied");
        }
    }

    @Test
    void uncommittedChangesAreNotedInThePlan() {
        DesiredState dirty = new DesiredState(new Snapshot(TestRepos.COMMIT, "HEAD", "s", false,
                state.source().files(), List.of("policies/baseline.yaml"), Optional.empty()),
                state.inventory(), state.baselines(), state.groupPolicies(), state.templates(), state.modules(),
                state.schema());
        try (FleetRun run = engine.plan(dirty, OPTIONS, Progress.NONE, CONNECTOR)) {
            assertEquals(1, run.plan().notes().size());
            assertTrue(run.plan().notes().get(0).contains("uncommitted changes are NOT in this plan (policies/baseline.yaml)"),
                    run.plan().notes().get(0));
        }
    }

    @Test
    void limitSelectsHosts() {
        DesiredState two = TestRepos.load(Map.of("inventory/hosts.yaml", "hosts:\n"
                + "  a:\n    transport: local\n    root: \"" + root + "\"\n"
                + "  b:\n    transport: local\n    root: \"" + root + "\"\n"));
        RunOptions onlyB = new RunOptions(List.of("b"), 4, false, Duration.ofSeconds(5));
        try (FleetRun run = engine.plan(two, onlyB, Progress.NONE, CONNECTOR)) {
            assertEquals(List.of("b"), run.plan().hosts().stream().map(h -> h.host()).toList());
        }
    }

    private byte[] read(String path) {
        try {
            return Files.readAllBytes(root.resolve(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String permissions(String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path)));
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().contains(".harden-")).toList();
        }
    }
}
