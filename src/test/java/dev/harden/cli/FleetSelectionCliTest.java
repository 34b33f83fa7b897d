package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.inventory.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of image roots through main: --limit with globs, --shard I/N, and the timestamped
 * progress lines a log (not a terminal) gets, one per host, the plan still grouped per host.
 */
class FleetSelectionCliTest {

    private static final List<String> HOSTS = List.of("db1", "db2", "web1", "web2", "web3", "web4");
    private static final Pattern HOST_BLOCK = Pattern.compile("(?m)^(\\S+)  image root ");

    @TempDir
    Path temp;

    private String repo;

    @BeforeEach
    void fleet() {
        repo = ImageFleet.create(temp.resolve("repo"), HOSTS).toString();
    }

    private static List<String> planned(Cli.Result result) {
        List<String> hosts = new ArrayList<>();
        Matcher m = HOST_BLOCK.matcher(result.out());
        while (m.find()) {
            hosts.add(m.group(1));
        }
        return hosts;
    }

    @Test
    void progressLinesInALogAndThePlanGroupedPerHost() {
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo);
        assertEquals(0, result.exitCode(), result.toString());
        List<String> progress = result.progressLines();
        assertEquals("planning 6 host(s)", progress.get(0), result.toString());
        assertEquals(HOSTS, progress.subList(1, 7).stream().map(l -> l.substring(0, l.indexOf(' '))).sorted().toList());
        progress.subList(1, 7).forEach(l -> assertTrue(l.endsWith(" planned (2 changes)"), l));
        assertTrue(progress.get(7).matches("planning finished: 6 done, 0 failed, in \\d+s"), progress.get(7));
        assertEquals(8, progress.size(), result.toString());
        assertEquals("", result.errWithoutProgress());
        assertEquals(HOSTS, planned(result), "one block per host, in name order");
    }

    @Test
    void limitWithGlobs() {
        assertEquals(List.of("web2", "web3"), planned(Cli.run("plan", "--working-tree", "--repo", repo, "--limit",
                "web[23]")));
        assertEquals(List.of("db1", "db2", "web1"), planned(Cli.run("plan", "--working-tree", "--repo", repo, "-l",
                "d*,*1")));
        Cli.Result none = Cli.run("plan", "--working-tree", "--repo", repo, "--limit", "mail*");
        assertEquals(1, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("harden: error: --limit: 'mail*' matches no host or group"), none.toString());
    }

    @Test
    void shardsSplitTheSelectionWithoutOverlap() {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Cli.Result shard = Cli.run("plan", "--working-tree", "--repo", repo, "--shard", i + "/3");
            assertEquals(0, shard.exitCode(), shard.toString());
            List<String> hosts = planned(shard);
            for (String host : hosts) {
                assertEquals(i, Shard.of(host, 3), host + " in shard " + i);
            }
            all.addAll(hosts);
        }
        assertEquals(HOSTS, all.stream().sorted().toList(), "every host in exactly one shard");

        List<String> webShards = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            webShards.addAll(planned(Cli.run("plan", "--working-tree", "--repo", repo, "--limit", "web", "--shard",
                    i + "/2")));
        }
        assertEquals(List.of("web1", "web2", "web3", "web4"), webShards.stream().sorted().toList());
    }

    @Test
    void aShardOutOfRangeIsAnErrorInOneLine() {
        Cli.Result result = Cli.run("plan", "--working-tree", "--repo", repo, "--shard", "0/4");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("Invalid value for option '--shard': '0/4' is not a shard: give INDEX/COUNT"
                + " with 1 <= INDEX <= COUNT (a Kubernetes JOB_COMPLETION_INDEX counts from 0: add 1)"), result.toString());
    }
}
