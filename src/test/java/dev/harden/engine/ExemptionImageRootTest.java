package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.desired.ExemptionEdit;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Exemption;
import dev.harden.module.Modules;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.resource.Change;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exceptions end to end on a real image root (real sh, sha256sum, mv): opened through the change
 * protocol, kept by a later plan of a new commit, ended by the host's own code with no controller,
 * and refused when they weaken access without the operator saying so.
 */
class ExemptionImageRootTest {

    private static final RunOptions OPTIONS = new RunOptions(List.of(), 4, false, Duration.ofSeconds(5));
    private static final Connector CONNECTOR = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));

    @TempDir
    Path temp;

    private Path root;
    private Engine engine;

    @BeforeEach
    void imageRoot() {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
    }

    private DesiredState state(String hostVars) {
        return TestRepos.load(Map.of("inventory/hosts.yaml", "hosts:\n  img:\n    transport: local\n    root: \""
                + root + "\"\n" + hostVars));
    }

    private HostPlan plan(DesiredState state) {
        try (FleetRun run = engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR)) {
            assertFalse(run.plan().hasFailures(), run.plan().failures().toString());
            return run.plan().planned().get(0);
        }
    }

    private List<HostApplyResult> apply(FleetRun run, ApplyContext context) {
        try (run) {
            return engine.apply(run, context, 4, Progress.NONE);
        }
    }

    private static Exemption exemption(String id, Duration length, String... set) {
        Instant now = Instant.now();
        return new Exemption(id, "alice@laptop", "INC-4711: debug the API", now, now.plus(length), List.of(set),
                List.of());
    }

    private String sshdConfig() throws IOException {
        return Files.readString(root.resolve("etc/ssh/sshd_config"));
    }

    @Test
    void anExceptionIsAppliedKeptByANewCommitAndEndedByTheHostItself() throws Exception {
        DesiredState first = state("");
        assertEquals(HostApplyResult.Status.APPLIED, apply(engine.plan(first, OPTIONS, Progress.NONE, CONNECTOR),
                ApplyContext.apply(TestRepos.COMMIT, "tester")).get(0).status());
        String hardened = sshdConfig();
        assertTrue(hardened.contains("MaxAuthTries 3"), hardened);

        Exemption open = exemption("inc-4711", Duration.ofHours(2), "ssh.max_auth_tries=6");
        FleetRun run = engine.except(first, new ExemptionEdit.Open(open), false, OPTIONS, Progress.NONE, CONNECTOR);
        HostPlan planned = run.plan().planned().get(0);
        List<String> summaries = planned.changes().stream().map(Change::summary).toList();
        assertTrue(summaries.contains("update /etc/ssh/sshd_config (content)"), summaries.toString());
        assertTrue(summaries.contains("create /var/lib/harden/exceptions/inc-4711 (0700 root:root)"),
                summaries.toString());
        List<HostApplyResult> opened = apply(run, ApplyContext.apply(TestRepos.COMMIT, "alice@laptop")
                .as("exception", List.of("exception", "inc-4711")));
        assertEquals(HostApplyResult.Status.APPLIED, opened.get(0).status(), opened.toString());
        assertTrue(sshdConfig().contains("MaxAuthTries 6"), sshdConfig());
        Path file = root.resolve("var/lib/harden/exceptions/inc-4711");
        assertTrue(Files.readString(file).startsWith("#!/bin/sh\n# harden exception (format 1)\n# id=inc-4711\n"));

        HostPlan again = plan(first);
        assertEquals(List.of(), again.changes().stream().map(Change::summary).toList(), "the exception is kept");
        assertEquals(List.of("inc-4711"), again.records().activeExemptions(Instant.now()).stream()
                .map(Exemption::id).toList());

        // a new commit applied while the exception is in force keeps it, and refreshes what its end restores
        DesiredState second = state("    vars:\n      ssh:\n        login_grace_time: 20\n");
        HostPlan newCommit = plan(second);
        List<String> changed = newCommit.changes().stream().map(Change::summary).toList();
        assertTrue(changed.contains("update /etc/ssh/sshd_config (content)"), changed.toString());
        assertTrue(changed.contains("update /var/lib/harden/exceptions/inc-4711 (content)"), changed.toString());
        assertEquals(HostApplyResult.Status.APPLIED, apply(engine.plan(second, OPTIONS, Progress.NONE, CONNECTOR),
                ApplyContext.apply(TestRepos.COMMIT, "tester")).get(0).status());
        assertTrue(sshdConfig().contains("MaxAuthTries 6") && sshdConfig().contains("LoginGraceTime 20"),
                sshdConfig());

        // the host ends it by itself, with no controller: the desired state without the exception
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString(), "--now").redirectErrorStream(true);
        builder.environment().put("HARDEN_ROOT", root.toString()); // the image root, never this machine
        Process end = builder.start();
        end.getOutputStream().close();
        String said = new String(end.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        end.waitFor();
        assertEquals(0, end.exitValue(), said);
        assertTrue(said.contains("exception inc-4711 ended (generation "), said);
        assertTrue(sshdConfig().contains("MaxAuthTries 3") && sshdConfig().contains("LoginGraceTime 20"),
                said + "\n" + newestMeta());
        assertFalse(Files.exists(file), "the exception is over");
        String meta = newestMeta();
        assertTrue(meta.contains("kind=expiry") && meta.contains("status=complete")
                && meta.contains("exception=inc-4711"), meta);
        assertEquals(List.of(), plan(second).changes().stream().map(Change::summary).toList(),
                "the host is back at the desired state");
    }

    @Test
    void anExceptionThatWeakensAccessIsRefusedUnlessTheOperatorSaysSo() {
        DesiredState state = state("");
        Exemption open = exemption("passwords", Duration.ofHours(1), "ssh.password_authentication=true");
        try (FleetRun refused = engine.except(state, new ExemptionEdit.Open(open), false, OPTIONS, Progress.NONE,
                CONNECTOR)) {
            HostFailure failure = assertInstanceOf(HostFailure.class, refused.plan().hosts().get(0));
            assertEquals("img: exception passwords weakens access control there (ssh.password_authentication);"
                    + " pass --weaken-access to open it anyway", failure.message());
        }
        try (FleetRun allowed = engine.except(state, new ExemptionEdit.Open(open), true, OPTIONS, Progress.NONE,
                CONNECTOR)) {
            HostPlan plan = assertInstanceOf(HostPlan.class, allowed.plan().hosts().get(0));
            assertEquals(List.of("ssh.password_authentication"), plan.records().exemptions().get(0).weakens());
        }
    }

    @Test
    void extendMovesTheEndEndRunsTheHostsOwnEndAndHistoryTellsBoth() throws Exception {
        DesiredState state = state("");
        Exemption open = exemption("x1", Duration.ofHours(1), "ssh.max_auth_tries=6");
        apply(engine.except(state, new ExemptionEdit.Open(open), false, OPTIONS, Progress.NONE, CONNECTOR),
                ApplyContext.apply(TestRepos.COMMIT, "alice").as("exception", List.of("exception", "x1")));
        Instant later = open.until().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        FleetRun extend = engine.except(state, new ExemptionEdit.Extend("x1", later), false, OPTIONS, Progress.NONE,
                CONNECTOR);
        List<String> summaries = extend.plan().planned().get(0).changes().stream().map(Change::summary).toList();
        assertEquals(List.of("update /var/lib/harden/exceptions/x1 (content)", "update /etc/harden/README (content)",
                "update /etc/motd.d/harden (content)"), summaries.stream().sorted((a, b) -> a.contains("exceptions")
                ? -1 : b.contains("exceptions") ? 1 : a.compareTo(b)).toList());
        assertEquals(HostApplyResult.Status.APPLIED, apply(extend, ApplyContext.apply(TestRepos.COMMIT, "bob")
                .as("exception", List.of("exception", "x1", "exception_action", "extend"))).get(0).status());
        assertEquals(later, plan(state).records().exemptions().get(0).until());

        List<HostExceptionEnd> ended = Exceptions.end(state, OPTIONS, CONNECTOR, "x1", "bob (harden except --end)");
        assertEquals(null, ended.get(0).error(), ended.toString());
        assertTrue(ended.get(0).said().stream().anyMatch(l -> l.startsWith("exception x1 ended (generation ")),
                ended.toString());
        assertTrue(sshdConfig().contains("MaxAuthTries 3"));
        List<HostHistory> history = engine.history(state, OPTIONS, CONNECTOR);
        List<String> kinds = history.get(0).generations().stream().map(g -> g.kind() + " " + g.status()).toList();
        assertEquals(List.of("expiry complete", "exception complete", "exception complete"), kinds,
                "the end, the extension, the opening: the exception was the first change on this host");
        assertEquals("bob (harden except --end)", history.get(0).generations().get(0).operator());
        assertEquals("extend", history.get(0).generations().get(1).meta().get("exception_action"));
        assertEquals(List.of(), history.get(0).exemptions());
        List<HostExceptionEnd> again = Exceptions.end(state, OPTIONS, CONNECTOR, "x1", "bob");
        assertTrue(again.get(0).error().contains("no exception x1 on this host"), again.toString());
    }

    @Test
    void anExceptionPastItsTimeIsEndedByTheNextPlanAndExplainSaysWhatIsInForce() throws Exception {
        DesiredState state = state("");
        Exemption open = exemption("short", Duration.ofSeconds(30), "ssh.max_auth_tries=6"); // outlasts a slow apply
        List<HostApplyResult> opened = apply(engine.except(state, new ExemptionEdit.Open(open), false, OPTIONS,
                Progress.NONE, CONNECTOR), ApplyContext.apply(TestRepos.COMMIT, "alice").as("exception",
                List.of("exception", "short")));
        assertEquals(HostApplyResult.Status.APPLIED, opened.get(0).status(), opened.toString());
        String runbook = Exceptions.explain(state, OPTIONS, CONNECTOR, Progress.NONE).get(0).text();
        assertTrue(runbook.contains("\n  - short: ssh.max_auth_tries=6 until " + open.until()), runbook);
        assertEquals(runbook, Files.readString(root.resolve("etc/harden/README")), "explain prints the README");
        Thread.sleep(Duration.between(Instant.now(), open.until()).toMillis() + 500);
        HostPlan expired = plan(state);
        List<String> summaries = expired.changes().stream().map(Change::summary).toList();
        assertTrue(summaries.contains("update /etc/ssh/sshd_config (content)"), summaries.toString());
        assertTrue(summaries.contains("remove /var/lib/harden/exceptions/short (it did not exist before)"),
                summaries.toString());
        assertFalse(expired.records().exemptions().get(0).activeAt(Instant.now()));
        assertEquals(HostApplyResult.Status.APPLIED, apply(engine.plan(state, OPTIONS, Progress.NONE, CONNECTOR),
                ApplyContext.apply(TestRepos.COMMIT, "tester")).get(0).status());
        assertTrue(sshdConfig().contains("MaxAuthTries 3"));
        assertFalse(Files.exists(root.resolve("var/lib/harden/exceptions/short")));
        assertTrue(Exceptions.explain(state, OPTIONS, CONNECTOR, Progress.NONE).get(0).text()
                .contains("\nExceptions in force\n  - none"));
    }

    private String newestMeta() throws IOException {
        try (Stream<Path> generations = Files.list(root.resolve("var/lib/harden/generations"))) {
            Path newest = generations.sorted().reduce((a, b) -> b).orElseThrow();
            return Files.readString(newest.resolve("meta"));
        }
    }
}
