package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Command;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hosts behind a jump host, against in-process MINA servers: the jump host's key is pinned like any other. */
class SshJumpHostTest {

    private static final KeyPair BASTION_KEY = TestKeys.ed25519();
    private static final KeyPair TARGET_KEY = TestKeys.ed25519();
    private static final KeyPair CLIENT = TestKeys.ed25519();

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path identity;
    private TestSshServer bastion;
    private TestSshServer target;

    @BeforeEach
    void start() {
        identity = TestKeys.writePrivateKey(CLIENT, dir.resolve("id_ed25519"), null);
        bastion = serve(BASTION_KEY).allowForwarding();
        target = serve(TARGET_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TestSshServer serve(KeyPair hostKey) {
        TestSshServer server = new TestSshServer(List.of(hostKey), CLIENT.getPublic(), Set.of("root", "ops"), null);
        toClose.add(server);
        return server;
    }

    private SshConnector connector(String knownHosts) {
        SshConnector connector = new SshConnector(knownHosts, false, line -> { }, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 2, Duration.ofMillis(50), null);
        toClose.add(connector);
        return connector;
    }

    private HostEntry bastionEntry() {
        return bastion.host("bastion1", "ops", identity.toString());
    }

    private HostEntry behind(String name, TestSshServer server, HostEntry via) {
        HostEntry direct = server.host(name, "root", identity.toString());
        return direct.withConnection(direct.address(), direct.port(), direct.user(), direct.identity(), via);
    }

    private String bothPinned() {
        return bastion.knownHostsLine(0) + "\n" + target.knownHostsLine(0) + "\n";
    }

    @Test
    void hostsBehindOneJumpHostShareItsSingleLogin() {
        SshConnector connector = connector(bothPinned());
        HostEntry via = bastionEntry();

        for (String name : List.of("db1", "db2", "db3")) {
            try (Host host = connector.connect(behind(name, target, via))) {
                assertEquals(name + "\n", host.run(Command.of("echo", "echo \"$1\"", name)).out());
            }
        }

        assertEquals(1, bastion.logins(), "one login on the jump host for the whole run");
        assertEquals(3, target.logins());
    }

    @Test
    void aNewSessionBehindTheJumpHostIsANewLoginOnTheTarget() {
        SshConnector connector = connector(bothPinned());
        try (Host host = connector.connect(behind("db1", target, bastionEntry()))) {
            assertEquals(null, host.probeNewSession());
        }
        assertEquals(2, target.logins());
        assertEquals(1, bastion.logins());
    }

    @Test
    void jumpHostWithoutPinnedKeyIsRefusedAndNamed() {
        SshConnector connector = connector(target.knownHostsLine(0));

        HostException error = assertThrows(HostException.class,
                () -> connector.connect(behind("db1", target, bastionEntry())));

        assertEquals("db1", error.host());
        assertTrue(error.getMessage().startsWith("db1: through jump host bastion1: unknown SSH host key for 127.0.0.1:"
                + bastion.port() + " (ED25519 "), error.getMessage());
        assertTrue(error.getMessage().contains("pin it in inventory/known_hosts"), error.getMessage());
        assertEquals(0, target.logins());
    }

    @Test
    void targetKeyIsCheckedEndToEndThroughTheJumpHost() {
        SshConnector connector = connector(bastion.knownHostsLine(0));

        HostException error = assertThrows(HostException.class,
                () -> connector.connect(behind("db1", target, bastionEntry())));

        assertTrue(error.getMessage().startsWith("db1: unknown SSH host key for 127.0.0.1:" + target.port()),
                error.getMessage());
        assertEquals(0, target.logins());
    }

    @Test
    void jumpHostThatRefusesToForwardIsExplained() {
        TestSshServer closed = serve(BASTION_KEY);
        SshConnector connector = connector(closed.knownHostsLine(0) + "\n" + target.knownHostsLine(0));
        HostEntry via = closed.host("bastion1", "ops", identity.toString());

        HostException error = assertThrows(HostException.class, () -> connector.connect(behind("db1", target, via)));

        assertEquals("db1: 127.0.0.1:" + target.port() + " via bastion1 closed the connection before the SSH greeting"
                + " (is sshd running there, and does bastion1 allow TCP forwarding?); tried 2 times", error.getMessage());
    }

    @Test
    void chainsOfJumpHostsAreFollowed() {
        TestSshServer outer = serve(TestKeys.ed25519()).allowForwarding();
        SshConnector connector = connector(outer.knownHostsLine(0) + "\n" + bothPinned());
        HostEntry first = outer.host("outer", "ops", identity.toString());
        HostEntry second = behind("bastion1", bastion, first);

        try (Host host = connector.connect(behind("db1", target, second))) {
            assertEquals("ok\n", host.run(Command.of("echo", "echo ok")).out());
        }
        assertEquals(1, outer.logins());
        assertEquals(1, bastion.logins());
    }
}
