package dev.harden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --limit: host names, group names, globs, or an error naming what exists. */
class InventorySelectTest {

    private final Inventory inventory = InventoryParserTest.parse("inventory/hosts.yaml", """
            groups:
              empty: {}
            hosts:
              web2: {address: 10.0.0.2, groups: [web]}
              web1: {address: 10.0.0.1, groups: [web]}
              db1: {address: 10.0.0.3, groups: [db]}
              bastion: {address: 10.0.0.4}
            """);

    private List<String> names(List<String> limit) {
        return inventory.select(limit).stream().map(HostEntry::name).toList();
    }

    @Test
    void emptyLimitIsEveryHostInNameOrder() {
        assertEquals(List.of("bastion", "db1", "web1", "web2"), names(List.of()));
    }

    @Test
    void byHost() {
        assertEquals(List.of("db1"), names(List.of("db1")));
    }

    @Test
    void byGroup() {
        assertEquals(List.of("web1", "web2"), names(List.of("web")));
    }

    @Test
    void hostsAndGroupsCombineWithoutDuplicates() {
        assertEquals(List.of("bastion", "web1", "web2"), names(List.of("web", " bastion", "web1")));
    }

    @Test
    void groupWithoutHostsSelectsNothing() {
        assertEquals(List.of(), names(List.of("empty")));
    }

    @Test
    void unknownNameIsAnError() {
        String message = assertThrows(HardenException.class, () -> inventory.select(List.of("web3"))).getMessage();
        assertTrue(message.startsWith("--limit: no host or group named 'web3'"), message);
        assertTrue(message.contains("bastion, db1, web1, web2"), message);
    }

    @Test
    void globsMatchHostNames() {
        assertEquals(List.of("web1", "web2"), names(List.of("web*")));
        assertEquals(List.of("db1", "web1"), names(List.of("*1")));
        assertEquals(List.of("web2"), names(List.of("web[2-9]")));
        assertEquals(List.of("web1"), names(List.of("web[!2]")));
        assertEquals(List.of("db1"), names(List.of("d?1")));
    }

    @Test
    void globsMatchGroupNamesToo() {
        assertEquals(List.of("db1", "web1", "web2"), names(List.of("[dw]*")), "db1 and web* by name, web by group");
        assertEquals(List.of("db1"), names(List.of("d?")), "group db");
    }

    @Test
    void globsCombineWithNamesWithoutDuplicates() {
        assertEquals(List.of("bastion", "web1", "web2"), names(List.of("web?", "bastion", "web")));
    }

    @Test
    void aGlobThatMatchesNothingIsAnError() {
        String message = assertThrows(HardenException.class, () -> inventory.select(List.of("wbe*"))).getMessage();
        assertTrue(message.startsWith("--limit: 'wbe*' matches no host or group"), message);
        assertTrue(message.contains("bastion, db1, web1, web2"), message);
    }

    @Test
    void aGlobMatchingOnlyAnEmptyGroupSelectsNothing() {
        assertEquals(List.of(), names(List.of("emp*")));
    }

    @Test
    void globCharactersOutsideASetAreLiteral() {
        assertTrue(Inventory.glob("a.b*").matcher("a.bc").matches());
        assertTrue(!Inventory.glob("a.b*").matcher("axbc").matches(), "a dot is a dot");
        assertTrue(Inventory.glob("web[.-]1").matcher("web-1").matches());
    }

    @Test
    void aShardSelectsItsPartOfTheSelection() {
        List<String> web = names(List.of("web"));
        List<String> together = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<String> part = inventory.select(List.of("web"), new Shard(i, 3)).stream().map(HostEntry::name).toList();
            part.forEach(h -> assertEquals(Shard.of(h, 3), inventory.select(List.of(h), new Shard(Shard.of(h, 3), 3))
                    .stream().map(HostEntry::name).findFirst().map(n -> Shard.of(n, 3)).orElseThrow()));
            together.addAll(part);
        }
        assertEquals(web, together.stream().sorted().toList());
    }
}
