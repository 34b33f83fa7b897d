package dev.harden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * --shard I/N: N runners split the fleet with no coordinator. Tested through the inventory, as a
 * runner sees it: every host in exactly one shard, and "stable" meaning precisely that
 * <ol>
 * <li>a host's shard depends only on its name and N: adding hosts (or reading another commit of
 *     the inventory) never moves an existing host;</li>
 * <li>growing from N to N+1 runners moves hosts only into the new shard, about 1/(N+1) of them.</li>
 * </ol>
 */
class ShardTest {

    private static Inventory fleet(int from, int to) {
        StringBuilder yaml = new StringBuilder("hosts:\n");
        for (int i = from; i < to; i++) {
            yaml.append("  ").append(name(i)).append(": {address: 10.0.").append(i / 250).append('.').append(i % 250)
                    .append(", groups: [").append(i % 3 == 0 ? "db" : "web").append("]}\n");
        }
        return InventoryParserTest.parse("inventory/hosts.yaml", yaml.toString());
    }

    private static String name(int i) {
        return (i % 3 == 0 ? "db" : "web") + "-" + i + ".dc" + (i % 4) + ".example.org";
    }

    /** host -> its shard, as each of the N runners' own selection says. */
    private static Map<String, Integer> owners(Inventory inventory, List<String> limit, int count) {
        Map<String, Integer> owners = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            for (HostEntry host : inventory.select(limit, new Shard(i, count))) {
                Integer before = owners.put(host.name(), i);
                assertEquals(null, before, host.name() + " is in shards " + before + " and " + i + " of " + count);
            }
        }
        return owners;
    }

    @Test
    void everySelectedHostIsInExactlyOneShard() {
        Inventory inventory = fleet(0, 500);
        for (int count = 1; count <= 9; count++) {
            for (List<String> limit : List.of(List.<String>of(), List.of("db"), List.of("web-1*"))) {
                Map<String, Integer> owners = owners(inventory, limit, count);
                assertEquals(inventory.select(limit).stream().map(HostEntry::name).sorted().toList(),
                        owners.keySet().stream().sorted().toList(), count + " shards of " + limit);
            }
        }
    }

    @Test
    void addingHostsMovesNoExistingHost() {
        Map<String, Integer> before = owners(fleet(0, 400), List.of(), 6);
        Map<String, Integer> after = owners(fleet(0, 500), List.of(), 6);
        before.forEach((host, shard) -> assertEquals(shard, after.get(host), host + " moved when hosts were added"));
        Map<String, Integer> fewer = owners(fleet(100, 400), List.of(), 6);
        fewer.forEach((host, shard) -> assertEquals(before.get(host), shard, host + " moved when hosts were removed"));
    }

    @Test
    void anotherRunnerMovesOnlyHostsIntoTheNewShard() {
        Inventory inventory = fleet(0, 1200);
        for (int count = 2; count <= 8; count++) {
            Map<String, Integer> old = owners(inventory, List.of(), count);
            Map<String, Integer> grown = owners(inventory, List.of(), count + 1);
            int moved = 0;
            for (Map.Entry<String, Integer> e : old.entrySet()) {
                int now = grown.get(e.getKey());
                if (now != e.getValue()) {
                    assertEquals(count + 1, now, e.getKey() + " moved between old shards");
                    moved++;
                }
            }
            double expected = 1200.0 / (count + 1);
            assertTrue(Math.abs(moved - expected) < expected * 0.25, moved + " of 1200 moved to shard " + (count + 1)
                    + ", expected about " + expected);
        }
    }

    @Test
    void shardsAreBalanced() {
        Inventory inventory = fleet(0, 2000);
        for (int count : new int[] {2, 4, 8, 16}) {
            Map<Integer, Long> sizes = owners(inventory, List.of(), count).values().stream()
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            double mean = 2000.0 / count;
            for (int s = 1; s <= count; s++) {
                long size = sizes.getOrDefault(s, 0L);
                assertTrue(Math.abs(size - mean) < mean * 0.2, "shard " + s + "/" + count + " has " + size
                        + " hosts, mean " + mean);
            }
        }
    }

    /**
     * The function is part of the interface: runners of different versions must agree on it. The
     * expected values were computed apart from this code, from the formula in {@link Shard}'s
     * documentation (SHA-256, SplitMix64's finaliser, largest unsigned weight).
     */
    @Test
    void theAssignmentIsPinned() {
        List<Integer> of4 = IntStream.range(0, 12).mapToObj(i -> Shard.of(name(i), 4)).toList();
        assertEquals(List.of(2, 1, 2, 3, 2, 3, 3, 3, 3, 2, 4, 2), of4, "rendezvous hashing of the names changed");
        assertEquals(3, Shard.of("web1", 5));
    }

    @Test
    void oneShardIsEverything() {
        Inventory inventory = fleet(0, 50);
        assertEquals(inventory.select(List.of()), inventory.select(List.of(), Shard.ALL));
        assertEquals(inventory.select(List.of()), inventory.select(List.of(), new Shard(1, 1)));
    }

    @Test
    void parsing() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        assertEquals(new Shard(1, 1), Shard.parse(" 1 / 1 "));
        assertEquals("3/4", new Shard(3, 4).toString());
        for (String bad : new String[] {"0/4", "5/4", "1/0", "4", "a/b", "-1/4", "", "1/4/2"}) {
            String message = assertThrows(HardenException.class, () -> Shard.parse(bad), bad).getMessage();
            assertTrue(message.startsWith("'" + bad + "' is not a shard: give INDEX/COUNT"), message);
        }
        assertTrue(assertThrows(HardenException.class, () -> Shard.parse("0/4")).getMessage()
                .contains("JOB_COMPLETION_INDEX counts from 0: add 1"));
    }

    @Test
    void namesNotInTheSelectionAreNeverAdded() {
        Inventory inventory = fleet(0, 60);
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            inventory.select(List.of("db"), new Shard(i, 4)).forEach(h -> {
                assertTrue(h.groups().contains("db"), h.name());
                all.add(h.name());
            });
        }
        assertEquals(20, all.size());
    }
}
