package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * --canary, --batch and --max-fail-percent through main on a fleet of image roots (db1 and db2
 * in group db, web1 to web4 in group web): apply changes the canary group first, then batch after
 * batch, and stops where told; apply and watch take the very same options.
 */
class RolloutCliTest {

    private static final List<String> HOSTS = List.of("db1", "db2", "web1", "web2", "web3", "web4");
    private static final List<String> ROLLOUT = List.of("--canary", "--batch", "--max-fail-percent");

    @TempDir
    Path temp;

    private Path repo;

    @BeforeEach
    void fleet() {
        repo = ImageFleet.create(temp.resolve("repo"), HOSTS);
    }

    private Cli.Result apply(String... rollout) {
        List<String> args = new java.util.ArrayList<>(List.of("apply", "--working-tree", "--repo", repo.toString(),
                "--auto-approve"));
        args.addAll(List.of(rollout));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The hosts in the order the timestamped progress lines report them done. */
    private static List<String> doneInOrder(Cli.Result result, String outcome) {
        return result.progressLines().stream().filter(l -> l.contains(" " + outcome))
                .map(l -> l.substring(0, l.indexOf(' '))).toList();
    }

    /** A host whose sudoers.d is missing: staging the drop-in fails there, and nothing changes on it. */
    private void breakHost(String host) throws IOException {
        Path dir = repo.resolve("inventory/images/" + host + "/etc/sudoers.d");
        Files.delete(dir.resolve("README"));
        Files.delete(dir);
    }

    private boolean touched(String host) {
        return Files.exists(repo.resolve("inventory/images/" + host + "/var/lib/harden"));
    }

    @Test
    void theCanaryGroupFirstThenBatchAfterBatch() {
        Cli.Result result = apply("--canary", "db", "--batch", "2");
        assertEquals(0, result.exitCode(), result.toString());
        List<String> order = doneInOrder(result, "applied");
        assertEquals(6, order.size(), result.toString());
        assertEquals(Set.of("db1", "db2"), Set.copyOf(order.subList(0, 2)), "the canaries first: " + order);
        assertEquals(Set.of("web1", "web2"), Set.copyOf(order.subList(2, 4)), "then a batch of two: " + order);
        assertEquals(Set.of("web3", "web4"), Set.copyOf(order.subList(4, 6)), "then the next: " + order);
        HOSTS.forEach(h -> assertTrue(touched(h), h));
    }

    @Test
    void aFailedCanaryStopsTheRollout() throws IOException {
        breakHost("db2");
        Cli.Result result = apply("--canary", "db", "--batch", "2");
        assertEquals(1, result.exitCode(), result.toString());
        for (String web : List.of("web1", "web2", "web3", "web4")) {
            assertFalse(touched(web), web + " is untouched: " + result);
            assertTrue(result.out().contains(web + " not attempted, nothing changed\n  error: not attempted:"
                    + " the rollout stopped after canary db, where 1 of 2 host(s) failed (db2: "), result.toString());
        }
        assertTrue(touched("db1"), "the other canary was applied: " + result);
    }

    @Test
    void aToleratedFailureLetsTheBatchesGoOn() throws IOException {
        breakHost("web1");
        Cli.Result stopped = apply("--batch", "2");
        assertEquals(1, stopped.exitCode(), stopped.toString());
        assertTrue(touched("db1") && touched("db2") && touched("web2"), "the first batch (db1, db2) and web1's"
                + " partner in the second: " + stopped);
        assertFalse(touched("web3") || touched("web4"), "web1 failed in the second batch, so the third never started: "
                + stopped);

        Cli.Result tolerant = apply("--batch", "2", "--max-fail-percent", "50");
        assertEquals(1, tolerant.exitCode(), "web1 still failed: " + tolerant);
        // the hosts with changes left are web1, web3, web4: batches [web1, web3] and [web4]
        assertTrue(touched("web3") && touched("web4"), "1 of 2 is not more than 50 %: " + tolerant);
    }

    @Test
    void outOfRangeValuesAreOneLineErrors() {
        Cli.Result percent = apply("--max-fail-percent", "101");
        assertEquals(1, percent.exitCode(), percent.toString());
        assertEquals("harden: error: --max-fail-percent is a percentage from 0 to 100, got 101\n", percent.err());
        Cli.Result batch = apply("--batch", "-1");
        assertEquals(1, batch.exitCode(), batch.toString());
        assertEquals("harden: error: --batch must be 0 (all at once) or more\n", batch.err(), "before any host is"
                + " contacted");
        Cli.Result canary = apply("--canary", "dbb");
        assertEquals(1, canary.exitCode(), canary.toString());
        assertEquals("harden: error: --canary: no group named 'dbb' in the inventory (groups: db, web)\n", canary.err(),
                "a typo must not roll out to the whole fleet at once");
        HOSTS.forEach(h -> assertFalse(touched(h), h + " is untouched"));
    }

    @Test
    void applyAndWatchTakeTheSameRolloutOptions() {
        CommandLine main = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine apply = main.getSubcommands().get("apply");
        CommandLine watch = main.getSubcommands().get("watch");
        for (String name : ROLLOUT) {
            OptionSpec inApply = apply.getCommandSpec().findOption(name);
            OptionSpec inWatch = watch.getCommandSpec().findOption(name);
            assertTrue(inApply != null && inWatch != null, name);
            assertEquals(List.of(inApply.description()), List.of(inWatch.description()), name);
            assertEquals(inApply.paramLabel(), inWatch.paramLabel(), name);
            assertEquals(inApply.defaultValue(), inWatch.defaultValue(), name);
        }
    }
}
