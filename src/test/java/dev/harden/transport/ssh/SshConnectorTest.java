package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against an in-process MINA server on 127.0.0.1: no Docker, no real sshd. */
class SshConnectorTest {

    private static final KeyPair HOST_ED25519 = TestKeys.ed25519();
    private static final KeyPair HOST_RSA = TestKeys.rsa();
    private static final KeyPair CLIENT = TestKeys.ed25519();

    @TempDir
    Path dir;

    private Path identity;
    private TestSshServer server;
    private final List<String> recorded = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        identity = TestKeys.writePrivateKey(CLIENT, dir.resolve("id_ed25519"), null);
        server = serve(List.of(HOST_ED25519), null);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TestSshServer serve(List<KeyPair> hostKeys, Path binDir) {
        TestSshServer started = new TestSshServer(hostKeys, CLIENT.getPublic(), Set.of("root", "ops"), binDir);
        toClose.add(started);
        return started;
    }

    private SshConnector connector(String knownHosts, boolean trust) {
        SshConnector connector = new SshConnector(knownHosts, trust, recorded::add, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 2, Duration.ofMillis(50), null);
        toClose.add(connector);
        return connector;
    }

    private Host connect(SshConnector connector, HostEntry entry) {
        Host host = connector.connect(entry);
        toClose.add(host);
        return host;
    }

    private HostEntry root() {
        return server.host("web1", "root", identity.toString());
    }

    @Test
    void pinnedHostRunsCommandsAndKeepsOutputAsData() {
        Host host = connect(connector(server.knownHostsLine(0), false), root());
        Command command = Command.of("echo back", "printf '%s|%s\\n' \"$1\" \"$2\"; echo oops >&2; exit 3",
                "it's", "a b");

        ExecResult result = host.run(command);

        assertEquals("web1", host.name());
        assertEquals(3, result.exitCode());
        assertEquals("it's|a b\n", result.out());
        assertEquals("oops\n", result.err());

        // the script travels on standard input: far larger than one command-line argument may be
        String big = "x=" + "a".repeat(300_000) + "\necho ${#x}\n";
        assertEquals("300000\n", host.run(Command.of("a big script", big)).out());
        assertTrue(recorded.isEmpty());
    }

    @Test
    void largeOutputArrivesWhole() {
        Host host = connect(connector(server.knownHostsLine(0), false), root());

        ExecResult result = host.run(Command.of("read a large file", "head -c 3000000 /dev/zero"));

        assertEquals(0, result.exitCode());
        assertEquals(3_000_000, result.stdout().length);
    }

    @Test
    void changedHostKeyIsRefusedEvenWhenTrustingNewKeys() {
        String otherKey = "[127.0.0.1]:" + server.port() + " " + TestKeys.publicLine(TestKeys.ed25519());
        SshConnector connector = connector(otherKey, true);

        HostException error = assertThrows(HostException.class, () -> connector.connect(root()));

        assertEquals("web1", error.host());
        assertTrue(error.getMessage().startsWith("web1: the SSH host key of 127.0.0.1:" + server.port()
                + " has CHANGED (offered ED25519 " + HostKey.of(HOST_ED25519.getPublic()).fingerprint()),
                error.getMessage());
        assertTrue(recorded.isEmpty());
        assertTrue(connector.trustedKeys().isEmpty());
    }

    @Test
    void unknownHostKeyIsRefusedWithoutTrust() {
        SshConnector connector = connector("", false);

        HostException error = assertThrows(HostException.class, () -> connector.connect(root()));

        assertEquals("web1: unknown SSH host key for 127.0.0.1:" + server.port() + " (ED25519 "
                + HostKey.of(HOST_ED25519.getPublic()).fingerprint() + "): pin it in inventory/known_hosts,"
                + " or run once with --trust-new-host-keys to record it", error.getMessage());
    }

    @Test
    void unknownHostKeyIsTrustedRecordedAndReported() {
        SshConnector connector = connector("", true);
        Host host = connect(connector, root());

        assertEquals(List.of(server.knownHostsLine(0)), recorded);
        assertEquals(List.of("web1: trusted new host key ED25519 " + HostKey.of(HOST_ED25519.getPublic()).fingerprint()
                + " for [127.0.0.1]:" + server.port()), connector.trustedKeys());
        assertNull(host.probeNewSession());
        assertEquals(1, recorded.size());
    }

    @Test
    void pinnedKeyTypeIsAskedForFirst() {
        TestSshServer both = serve(List.of(HOST_ED25519, HOST_RSA), null);
        HostEntry entry = both.host("web2", "root", identity.toString());

        Host viaRsa = connect(connector(both.knownHostsLine(1), false), entry);
        Host viaEd25519 = connect(connector(both.knownHostsLine(0), false), entry);

        assertEquals(0, viaRsa.run(Command.of("check", "true")).exitCode());
        assertEquals(0, viaEd25519.run(Command.of("check", "true")).exitCode());
    }

    @Test
    void rejectedClientKeyNamesUserAndKeyFile() throws IOException {
        Path stranger = TestKeys.writePrivateKey(TestKeys.ed25519(), dir.resolve("id_stranger"), null);
        SshConnector connector = connector(server.knownHostsLine(0), false);

        HostException error = assertThrows(HostException.class,
                () -> connector.connect(server.host("web1", "ops", stranger.toString())));

        assertEquals("web1: ops@127.0.0.1:" + server.port() + " rejected key " + stranger
                + " (is its public key in ~ops/.ssh/authorized_keys?)", error.getMessage());
    }

    @Test
    void closedPortIsReportedAsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HostEntry entry = new HostEntry("web1", HostEntry.Transport.SSH, "127.0.0.1", port, "root",
                identity.toString(), null, List.of(), null);
        SshConnector connector = connector("", false);

        HostException error = assertThrows(HostException.class, () -> connector.connect(entry));

        assertEquals("web1: cannot connect to 127.0.0.1:" + port
                + ": connection refused (is sshd running and the port open?); tried 2 times", error.getMessage());
    }

    @Test
    void slowCommandTimesOutAndTheSessionStaysUsable() {
        Host host = connect(connector(server.knownHostsLine(0), false), root());
        Command slow = new Command("wait for the package manager", "sleep 10", List.of(), Duration.ofSeconds(1));

        HostException error = assertThrows(HostException.class, () -> host.run(slow));

        assertEquals("web1: wait for the package manager did not finish within 1 s", error.getMessage());
        assertEquals("still here\n", host.run(Command.of("check", "echo still here")).out());
    }

    @Test
    void unprivilegedUserRunsCommandsThroughSudo() throws IOException {
        TestSshServer withSudo = serve(List.of(HOST_ED25519), fakeSudo("[ \"$1\" = -n ] && shift\n"
                + "[ \"$1\" = -- ] && shift\necho \"sudo ran: $1 $2\" >&2\nexec \"$@\"\n"));
        Host host = connect(connector(withSudo.knownHostsLine(0), false),
                withSudo.host("web1", "ops", identity.toString()));

        ExecResult result = host.run(Command.of("greet", "echo \"hello $1\"", "world"));

        assertEquals(0, result.exitCode());
        assertEquals("hello world\n", result.out());
        assertEquals("sudo ran: sh -c\n", result.err());
        assertNull(host.probeNewSession());
    }

    @Test
    void sudoWithoutNopasswdFailsClearly() throws IOException {
        TestSshServer withSudo = serve(List.of(HOST_ED25519),
                fakeSudo("echo 'sudo: a password is required' >&2\nexit 1\n"));
        Host host = connect(connector(withSudo.knownHostsLine(0), false),
                withSudo.host("web1", "ops", identity.toString()));

        HostException error = assertThrows(HostException.class, () -> host.run(Command.of("check", "true")));

        assertEquals("web1: sudo failed for ops: sudo: a password is required. harden connects as an"
                + " unprivileged user and needs passwordless sudo (NOPASSWD) for it", error.getMessage());
        assertEquals("sudo failed for ops: sudo: a password is required", host.probeNewSession());
    }

    @Test
    void probeReportsAHostThatStoppedAcceptingConnections() {
        Host host = connect(connector(server.knownHostsLine(0), false), root());
        assertNull(host.probeNewSession());

        server.close();

        String reason = host.probeNewSession();
        assertNotNull(reason);
        assertTrue(reason.startsWith("web1: cannot connect to 127.0.0.1:" + server.port()), reason);
    }

    @Test
    void connectionLostDuringACommandIsReported() throws Exception {
        Host host = connect(connector(server.knownHostsLine(0), false), root());
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                () -> host.run(Command.of("apply sshd settings", "sleep 20")));
        Thread.sleep(500);

        server.close();

        ExecutionException error = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertTrue(error.getCause() instanceof HostException, String.valueOf(error.getCause()));
        assertTrue(error.getCause().getMessage().startsWith("web1: connection lost during apply sshd settings"),
                error.getCause().getMessage());
        HostException after = assertThrows(HostException.class, () -> host.run(Command.of("check", "true")));
        assertEquals("web1: connection lost during check", after.getMessage());
    }

    private Path fakeSudo(String body) throws IOException {
        Path bin = Files.createTempDirectory(dir, "bin");
        Path sudo = bin.resolve("sudo");
        Files.writeString(sudo, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
