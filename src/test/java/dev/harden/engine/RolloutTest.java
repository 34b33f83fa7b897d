package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.module.Modules;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged rollouts on image roots: canary first, then batches, stopping after a batch that failed. */
class RolloutTest {

    @TempDir
    Path temp;

    private DesiredState fleet(String... hostsAndGroups) {
        StringBuilder inventory = new StringBuilder("hosts:\n");
        for (String spec : hostsAndGroups) {
            String[] parts = spec.split(":");
            Path root = ImageRoots.copyDebian12(temp.resolve(parts[0]));
            inventory.append("  ").append(parts[0]).append(":\n    transport: local\n    root: \"").append(root)
                    .append("\"\n    groups: [").append(parts.length > 1 ? parts[1] : "web").append("]\n");
        }
        return TestRepos.load(Map.of("inventory/hosts.yaml", inventory.toString(), "policies/groups/canary.yaml",
                "{}\n", "policies/groups/web.yaml", "{}\n", "policies/baseline.yaml", TestRepos.OPERABILITY_OFF));
    }

    private List<HostApplyResult> rollout(DesiredState state, Rollout rollout) {
        Engine engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
        Connector connector = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));
        try (FleetRun run = engine.plan(state, new RunOptions(List.of(), 4, false, Duration.ofSeconds(5)),
                Progress.NONE, connector)) {
            return new ChangeFlow(engine).run(run, plan -> ApplyContext.apply(TestRepos.COMMIT, "tester"), 4,
                    ChangeFlow.Approval.ALWAYS, Progress.NONE, rollout).results();
        }
    }

    /** A host whose sudoers.d is missing: staging the drop-in fails there, and nothing changes on it. */
    private void breakHost(String host) throws Exception {
        Path dir = temp.resolve(host).resolve("etc/sudoers.d");
        Files.delete(dir.resolve("README"));
        Files.delete(dir);
    }

    @Test
    void aFailedBatchStopsTheRolloutAndTheLaterBatchesAreUntouched() throws Exception {
        DesiredState state = fleet("a", "b", "c", "d");
        breakHost("b");
        List<HostApplyResult> results = rollout(state, new Rollout(Optional.empty(), 2, 0));
        assertEquals(List.of("a", "b", "c", "d"), results.stream().map(HostApplyResult::host).toList());
        assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), results.get(0).toString());
        assertEquals(HostApplyResult.Status.FAILED, results.get(1).status(), results.get(1).toString());
        for (HostApplyResult later : results.subList(2, 4)) {
            assertEquals(HostApplyResult.Status.NOT_ATTEMPTED, later.status(), later.toString());
            assertTrue(later.error().startsWith("not attempted: the rollout stopped after batch 1, where 1 of 2 host(s)"
                    + " failed (b: cannot stage the new files: /etc/sudoers.d/harden: directory /etc/sudoers.d does not"
                    + " exist"), later.error());
            assertFalse(Files.exists(temp.resolve(later.host()).resolve("var/lib/harden")), "untouched");
        }
    }

    @Test
    void aTolerantThresholdLetsTheRolloutGoOnAndACanaryFailureStopsIt() throws Exception {
        DesiredState state = fleet("a", "b", "c", "d");
        breakHost("b");
        List<HostApplyResult> tolerant = rollout(state, new Rollout(Optional.empty(), 2, 50));
        assertEquals(List.of(HostApplyResult.Status.APPLIED, HostApplyResult.Status.FAILED,
                HostApplyResult.Status.APPLIED, HostApplyResult.Status.APPLIED),
                tolerant.stream().map(HostApplyResult::status).toList(), "1 of 2 is not more than 50 %");

        DesiredState canaries = fleet("e:canary", "f", "g:canary");
        breakHost("g");
        List<HostApplyResult> results = rollout(canaries, new Rollout(Optional.of("canary"), 0, 100));
        assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), "e is a canary: first");
        assertEquals(HostApplyResult.Status.NOT_ATTEMPTED, results.get(1).status(), results.get(1).toString());
        assertTrue(results.get(1).error().contains("stopped after canary canary, where 1 of 2 host(s) failed (g:"),
                results.get(1).error());
        assertEquals(HostApplyResult.Status.FAILED, results.get(2).status());
    }
}
