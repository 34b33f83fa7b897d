package dev.harden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --limit: host names, group names, or an error naming what exists. */
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
}
