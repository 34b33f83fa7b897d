package dev.harden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.ValidationErrors;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jump hosts ({@code via:}) and the ssh config setting, as the inventory declares them. */
class InventoryJumpHostTest {

    private static Inventory parse(String text) {
        return InventoryParserTest.parse("inventory/hosts.yaml", text);
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> parse(text)).getMessage();
    }

    @Test
    void hostViaBastionLinksTheBastionsEntry() {
        Inventory inventory = parse("""
                defaults:
                  user: ops
                hosts:
                  bastion1: {address: 127.0.0.1, port: 22022}
                  db1: {address: db1.internal, via: bastion1}
                """);
        HostEntry db1 = inventory.hosts().get("db1");
        assertSame(inventory.hosts().get("bastion1"), db1.via());
        assertEquals("ops@db1.internal:22 via bastion1", db1.target());
        assertNull(inventory.hosts().get("bastion1").via());
    }

    @Test
    void groupViaAppliesToMembersButNotToTheBastionItself() {
        Inventory inventory = parse("""
                groups:
                  dmz:
                    via: bastion1
                hosts:
                  bastion1: {address: 127.0.0.1, groups: [dmz]}
                  web1: {address: web1.internal, groups: [dmz]}
                  web2: {address: web2.internal, groups: [dmz], via: web1}
                """);
        assertNull(inventory.hosts().get("bastion1").via(), "the group's bastion is reached directly");
        assertEquals("bastion1", inventory.hosts().get("web1").via().name());
        assertEquals("web1", inventory.hosts().get("web2").via().name(), "the host's own via wins");
        assertEquals("bastion1", inventory.hosts().get("web2").via().via().name(), "chains are followed");
    }

    @Test
    void defaultsViaAppliesToTheFilesHosts() {
        Inventory inventory = parse("""
                defaults:
                  via: b
                hosts:
                  b: {address: 127.0.0.1}
                  x: {address: x.internal}
                """);
        assertNull(inventory.hosts().get("b").via());
        assertEquals("b", inventory.hosts().get("x").via().name());
    }

    @Test
    void unknownJumpHostIsNamedWithItsLine() {
        String message = error("hosts:\n  bastion1: {address: a}\n  db1:\n    address: b\n    via: bastoin1\n");
        assertEquals("inventory/hosts.yaml:5: host 'db1' is reached via unknown host 'bastoin1' (did you mean"
                + " 'bastion1'?); a jump host is another host of the inventory", message);
    }

    @Test
    void unknownJumpHostOfAGroupIsNamedWithItsLine() {
        String message = error("groups:\n  dmz:\n    via: nowhere\nhosts:\n  a: {address: a, groups: [dmz]}\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:3: group 'dmz' is reached via unknown host 'nowhere'"),
                message);
    }

    @Test
    void cyclesAreRefused() {
        String message = error("hosts:\n  a: {address: a, via: b}\n  b: {address: b, via: c}\n  c: {address: c, via: a}\n");
        assertTrue(message.startsWith("inventory/hosts.yaml:"), message);
        assertTrue(message.contains("jump hosts form a cycle ('a' via 'b' via 'c' via 'a')"), message);
        assertTrue(error("hosts:\n  a: {address: a, via: a}\n").contains("cycle ('a' via 'a')"));
    }

    @Test
    void eachJumpHostMistakeIsReportedOnceWithTheOtherErrors() {
        List<String> errors = assertThrows(ValidationErrors.Failed.class, () -> parse("groups:\n  dmz:\n"
                + "    via: nowhere\nhosts:\n  a: {address: a, groups: [dmz]}\n  b: {address: b, groups: [dmz]}\n"
                + "  c: {address: c, via: d}\n  d: {address: d, via: c}\n  e: {address: e, via: c}\n"
                + "  f: {address: f, port: 0}\n")).errors();
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("port"), errors.toString());
        assertTrue(errors.get(1).startsWith("inventory/hosts.yaml:3: group 'dmz' is reached via unknown host"),
                errors.toString());
        assertTrue(errors.get(2).contains("jump hosts form a cycle"), errors.toString());
    }

    @Test
    void imageRootsAreNeitherJumpHostsNorReachedThroughOne() {
        assertTrue(error("hosts:\n  img: {transport: local, root: /x}\n  a: {address: a, via: img}\n")
                .contains("a jump host must be an SSH host"));
        assertTrue(error("hosts:\n  b: {address: b}\n  img: {transport: local, root: /x, via: b}\n")
                .contains("cannot be reached via a jump host"));
    }

    @Test
    void groupsWithDifferentJumpHostsMustBeResolvedOnTheHost() {
        String message = error("""
                groups:
                  east: {via: b1}
                  west: {via: b2}
                hosts:
                  b1: {address: b1}
                  b2: {address: b2}
                  x: {address: x, groups: [east, west]}
                """);
        assertTrue(message.contains("host 'x' is in groups with different jump hosts (east via b1, west via b2)"),
                message);
    }

    @Test
    void writtenConnectionKeysAndSshConfigAreKept() {
        Inventory inventory = parse("""
                defaults:
                  user: ops
                  ssh_config: ~/.ssh/config
                hosts:
                  a: {address: a, port: 2222}
                """);
        HostEntry a = inventory.hosts().get("a");
        assertEquals(Set.of("user", "port"), a.written());
        assertEquals("~/.ssh/config", a.sshConfig());
    }
}
