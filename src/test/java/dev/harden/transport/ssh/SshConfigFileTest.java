package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.inventory.HostEntry;
import dev.harden.transport.Command;
import dev.harden.transport.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ~/.ssh/config: what it gives a host, what the inventory keeps, and ProxyJump end to end. */
class SshConfigFileTest {

    @TempDir
    Path dir;

    private SshConfigFile config(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        return SshConfigFile.read(file.toString());
    }

    /** An inventory host that wrote only {@code written} of its connection keys. */
    private static HostEntry host(String name, String address, Set<String> written) {
        return new HostEntry(name, HostEntry.Transport.SSH, address, 2200, "inventory-user",
                written.contains("identity") ? "/inventory/key" : null, null, List.of(), null, null, null, written);
    }

    @Test
    void matchingBlocksFillInWhatTheInventoryLeavesOpen() throws Exception {
        SshConfigFile config = config("""
                Host web*
                  HostName %h.example.org
                  Port 2222
                  User ops
                  IdentityFile ~/.ssh/fleet
                Host *
                  User nobody-else
                  Port 9
                """);

        HostEntry filled = config.resolve(host("w1", "web1", Set.of()));
        assertEquals("web1.example.org", filled.address());
        assertEquals(2222, filled.port());
        assertEquals("ops", filled.user());
        assertEquals(System.getProperty("user.home") + "/.ssh/fleet", filled.identity());

        HostEntry kept = config.resolve(host("w1", "web1", Set.of("port", "user", "identity")));
        assertEquals("web1.example.org", kept.address(), "HostName: the inventory's address is the ssh alias");
        assertEquals(2200, kept.port());
        assertEquals("inventory-user", kept.user());
        assertEquals("/inventory/key", kept.identity());
    }

    @Test
    void aHostNoBlockMatchesIsUnchanged() throws Exception {
        HostEntry host = host("db1", "db1", Set.of());
        assertSame(host, config("Host web*\n  User ops\n").resolve(host));
    }

    @Test
    void proxyJumpHopsAreResolvedThroughTheSameFile() throws Exception {
        SshConfigFile config = config("""
                Host inner
                  HostName 10.1.0.1
                  ProxyJump admin@outer:2022
                Host outer
                  HostName 127.0.0.1
                  User ignored
                  IdentityFile /keys/outer
                Host db1
                  HostName db1.internal
                  ProxyJump inner
                """);

        HostEntry db1 = config.resolve(host("db1", "db1", Set.of()));
        assertEquals("db1.internal", db1.address());
        assertEquals("inner", db1.via().name());
        assertEquals("10.1.0.1", db1.via().address());
        HostEntry outer = db1.via().via();
        assertEquals("127.0.0.1:2022", outer.address() + ":" + outer.port());
        assertEquals("admin", outer.user());
        assertEquals("/keys/outer", outer.identity());
        assertNull(outer.via());
        assertEquals("inventory-user@db1.internal:2200 via inner", db1.target());
    }

    @Test
    void theInventorysViaWinsOverProxyJump() throws Exception {
        HostEntry bastion = host("bastion1", "127.0.0.1", Set.of());
        HostEntry db1 = host("db1", "db1", Set.of()).withConnection("db1", 22, "ops", null, bastion);
        assertSame(bastion, config("Host db1\n  ProxyJump elsewhere\n").resolve(db1).via());
    }

    @Test
    void whatHardenCannotHonourIsRefusedNotIgnored() throws Exception {
        assertTrue(assertThrows(HardenException.class, () -> config("Include other\n")).getMessage()
                .contains("Include is not supported"));
        assertTrue(assertThrows(HardenException.class, () -> config("Match host x\n  User a\n")).getMessage()
                .startsWith("ssh config " + dir.resolve("config") + ": "));
        SshConfigFile proxyCommand = config("Host db1\n  ProxyCommand nc %h %p\n");
        assertTrue(assertThrows(HardenException.class, () -> proxyCommand.resolve(host("db1", "db1", Set.of())))
                .getMessage().contains("db1 uses ProxyCommand, which harden does not run; use ProxyJump"));
        assertEquals("ssh config " + dir.resolve("nope") + " does not exist", assertThrows(HardenException.class,
                () -> SshConfigFile.read(dir.resolve("nope").toString())).getMessage());
    }

    @Test
    void aHostIsReachedThroughProxyJumpWithBothKeysPinned() throws Exception {
        KeyPair client = TestKeys.ed25519();
        Path identity = TestKeys.writePrivateKey(client, dir.resolve("id"), null);
        try (TestSshServer bastion = new TestSshServer(List.of(TestKeys.ed25519()), client.getPublic(),
                     Set.of("root"), null).allowForwarding();
             TestSshServer target = new TestSshServer(List.of(TestKeys.ed25519()), client.getPublic(),
                     Set.of("root"), null);
             SshConnector connector = new SshConnector(bastion.knownHostsLine(0) + "\n" + target.knownHostsLine(0),
                     false, line -> { }, Duration.ofSeconds(5), Duration.ofSeconds(10), 1, Duration.ofMillis(50),
                     null)) {
            SshConfigFile config = config("Host jump\n  HostName 127.0.0.1\n  Port " + bastion.port()
                    + "\n  User root\n  IdentityFile " + identity + "\nHost db1\n  HostName 127.0.0.1\n  Port "
                    + target.port() + "\n  User root\n  IdentityFile " + identity + "\n  ProxyJump jump\n");
            HostEntry db1 = config.resolve(host("db1", "db1", Set.of()));
            try (Host host = connector.connect(db1)) {
                assertEquals("through\n", host.run(Command.of("echo", "echo through")).out());
            }
            assertEquals(1, bastion.logins());
            assertEquals(1, target.logins());
        }
    }
}
