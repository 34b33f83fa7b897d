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
import dev.harden.module.FixedModule;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Validator;
import dev.harden.state.Generation;
import dev.harden.state.GenerationStore;
import dev.harden.state.ManifestEntry;
import dev.harden.state.RollbackPlanner;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation's manifest records every resource it changed in a form that gives back exactly
 * what was written (a validator's arguments with spaces, quotes, line breaks, any letters), says
 * which format it is, and is read line by line: one unreadable line costs that generation, not
 * the host's history. Generations recorded by harden before format 2 stay readable and restorable.
 */
class ManifestRecordTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));
    private static final Connector CONNECTOR = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));
    private static final String PATH = "/etc/harden-test.conf";
    /** sh -c SCRIPT NAME FILE: $0 is a name with a space, a line break and letters beyond ASCII. */
    private static final List<String> ARGV = List.of("sh", "-c", "test -s \"$1\" # it's a b", "a b\nc ü ✓", "{}");

    @TempDir
    Path temp;

    private Path root;
    private FixedModule module;
    private DesiredState state;
    private Engine engine;

    @BeforeEach
    void image() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x")); // validators run as nobody
        root = ImageRoots.withShell(temp.resolve("img"));
        Files.writeString(root.resolve(PATH.substring(1)), "old\n");
        module = new FixedModule("test", List.of(file("new\n")));
        state = TestRepos.imageRoots(FixedModule.withBuiltIn(module), Map.of("img", root));
        engine = new Engine(state.modules(), temp.resolve("cache"));
    }

    private static FileResource file(String content) {
        return new FileResource("test", PATH, content.getBytes(StandardCharsets.UTF_8), 0640, "root", "root",
                Optional.of(new Validator(ARGV)), List.of(new Reload("demo.service", "/run/demo pid")), false, true);
    }

    private HostApplyResult apply() {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR)) {
            assertFalse(run.plan().hasFailures(), run.plan().toString());
            return engine.apply(run, ApplyContext.apply(TestRepos.COMMIT, "tester"), 4, Progress.NONE).get(0);
        }
    }

    private FleetRun rollback(String target) {
        return engine.rollback(state, OPTIONS, Progress.NONE, target);
    }

    @Test
    void validatorArgumentsSurviveTheManifestAndRollbackRunsThem() throws IOException {
        HostApplyResult applied = apply();
        assertEquals(HostApplyResult.Status.APPLIED, applied.status(), applied.toString());
        assertTrue(applied.steps().contains("validated " + PATH + " (" + new Validator(ARGV).display() + ")"),
                "the validator ran in the image: " + applied.steps());

        ImageRootHost host = new ImageRootHost("img", root);
        List<Generation> generations = GenerationStore.list(host);
        assertEquals(1, generations.size());
        assertNull(generations.get(0).problem());
        ManifestEntry entry = generations.get(0).entries().get(0);
        assertEquals(ARGV, entry.validator().orElseThrow().argv());
        assertEquals(List.of(new Reload("demo.service", "/run/demo pid")), entry.reloads());
        assertEquals("test", entry.module());

        HostPlan undo = RollbackPlanner.plan(host, RollbackPlanner.PREVIOUS, "", "image root", state.modules()
                .onHostCode());
        FileResource restored = assertInstanceOf(FileResource.class, undo.changes().get(0).desired());
        assertEquals(ARGV, restored.validator().orElseThrow().argv());
        assertArrayEquals("old\n".getBytes(StandardCharsets.UTF_8), restored.content());
        assertEquals(0644, restored.mode());

        try (FleetRun run = rollback(RollbackPlanner.PREVIOUS)) {
            HostApplyResult rolledBack = engine.apply(run, ApplyContext.apply("", "tester").asRollback(), 4,
                    Progress.NONE).get(0);
            assertEquals(HostApplyResult.Status.APPLIED, rolledBack.status(), rolledBack.toString());
            assertTrue(rolledBack.steps().contains("validated " + PATH + " (" + new Validator(ARGV).display() + ")"),
                    "the restored file is validated with the same arguments: " + rolledBack.steps());
        }
        assertEquals("old\n", Files.readString(root.resolve(PATH.substring(1))));
        Generation rollback = GenerationStore.list(host).get(0);
        assertEquals("rollback", rollback.kind());
        assertEquals(ARGV, rollback.entries().get(0).validator().orElseThrow().argv());
    }

    @Test
    void anUnreadableManifestLineCostsOnlyItsGeneration() throws IOException {
        HostApplyResult first = apply();
        module.want(List.of(file("newer\n")));
        HostApplyResult second = apply();
        assertEquals(HostApplyResult.Status.APPLIED, second.status(), second.toString());
        Path manifest = root.resolve("var/lib/harden/generations/" + second.generation() + "/manifest.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.set(1, lines.get(1).substring(0, lines.get(1).indexOf("\"validator\"") + 20)); // cut short mid-write
        Files.write(manifest, lines);

        List<HostHistory> history = engine.history(state, OPTIONS);
        assertNull(history.get(0).error(), "the host's history is read");
        List<Generation> generations = history.get(0).generations();
        assertEquals(List.of(second.generation(), first.generation()), generations.stream().map(Generation::id)
                .toList());
        assertTrue(generations.get(0).problem().startsWith("line 2 of its manifest is unreadable: "),
                generations.get(0).problem());
        assertEquals("complete", generations.get(0).status(), "what meta says is still shown");
        assertNull(generations.get(1).problem());
        assertEquals(ARGV, generations.get(1).entries().get(0).validator().orElseThrow().argv());

        try (FleetRun run = rollback(RollbackPlanner.PREVIOUS)) {
            HostFailure failure = assertInstanceOf(HostFailure.class, run.plan().hosts().get(0));
            assertTrue(failure.message().startsWith("img: generation " + second.generation() + " cannot be rolled back: "
                    + "line 2 of its manifest is unreadable: "), failure.message());
            assertFalse(failure.message().contains("\n"), "one line: " + failure.message());
        }
        try (FleetRun run = rollback(first.generation())) {
            assertInstanceOf(HostFailure.class, run.plan().hosts().get(0), "rolling back past it needs it too");
        }
        assertEquals("newer\n", Files.readString(root.resolve(PATH.substring(1))), "nothing changed");
    }

    /** A generation written by a newer harden (a format this one does not know) is shown, never guessed at. */
    @Test
    void aManifestOfANewerFormatIsNotReadAsThisOne() throws IOException {
        HostApplyResult applied = apply();
        Path manifest = root.resolve("var/lib/harden/generations/" + applied.generation() + "/manifest.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.set(0, "{\"format\":3}");
        Files.write(manifest, lines);

        Generation generation = GenerationStore.list(new ImageRootHost("img", root)).get(0);
        assertEquals("its manifest is format 3, written by a newer harden; this one reads format 2",
                generation.problem());
        assertEquals(List.of(), generation.entries());
        try (FleetRun run = rollback(RollbackPlanner.PREVIOUS)) {
            HostFailure failure = assertInstanceOf(HostFailure.class, run.plan().hosts().get(0));
            assertEquals("img: generation " + applied.generation() + " cannot be rolled back: its manifest is format 3,"
                    + " written by a newer harden; this one reads format 2", failure.message());
        }
    }

    /**
     * Format 1, as harden wrote it before: meta without a format line, a tab-separated manifest
     * (state, mode, owner, group, path, module, reloads, validator joined by spaces) and backups
     * under files/PATH.
     */
    @Test
    void generationsOfTheOldFormatAreListedAndRestored() throws IOException {
        String id = "20251121T123114Z-1a2b3c4d";
        Path g = root.resolve("var/lib/harden/generations/" + id);
        Files.createDirectories(g.resolve("files/etc"));
        Files.writeString(g.resolve("meta"), "id=" + id + "\nkind=apply\ncommit=" + TestRepos.COMMIT
                + "\noperator=old@ops\nstarted=2025-11-21T12:31:14Z\nstatus=complete\nfinished=2025-11-21T12:31:20Z\n"
                + "reloaded=ssh\n");
        Files.writeString(g.resolve("manifest"), "present\t600\troot\troot\t" + PATH + "\ttest\tssh:/run/sshd.pid\t"
                + "visudo -c -q -f {}\n"
                + "absent\t-\t-\t-\t/etc/created-by-old.conf\ttest\t-\t-\n");
        Files.writeString(g.resolve("files" + PATH), "before old harden\n");
        Files.writeString(root.resolve("etc/created-by-old.conf"), "made by old harden\n");

        List<HostHistory> history = engine.history(state, OPTIONS);
        assertNull(history.get(0).error());
        Generation old = history.get(0).generations().get(0);
        assertEquals(id, old.id());
        assertEquals(1, old.format());
        assertNull(old.problem());
        assertEquals("old@ops", old.operator());
        assertEquals(List.of("update " + PATH, "create /etc/created-by-old.conf"), old.entries().stream()
                .map(ManifestEntry::summary).toList());

        try (FleetRun run = rollback(RollbackPlanner.PREVIOUS)) {
            HostPlan plan = assertInstanceOf(HostPlan.class, run.plan().hosts().get(0), run.plan().toString());
            assertEquals(List.of("update " + PATH + " (content, mode 0644 -> 0600)",
                    "remove /etc/created-by-old.conf (it did not exist before)"),
                    plan.changes().stream().map(Change::summary).toList());
            HostApplyResult result = engine.apply(run, ApplyContext.apply("", "tester").asRollback(), 4,
                    Progress.NONE).get(0);
            assertEquals(HostApplyResult.Status.APPLIED, result.status(), result.toString());
        }
        assertEquals("before old harden\n", Files.readString(root.resolve(PATH.substring(1))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve(PATH.substring(1)))));
        assertFalse(Files.exists(root.resolve("etc/created-by-old.conf")));
    }
}
