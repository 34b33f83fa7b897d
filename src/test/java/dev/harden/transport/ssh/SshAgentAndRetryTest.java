package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Command;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh-agent for hosts without an identity file (a real OpenSSH agent), and connect retries. */
class SshAgentAndRetryTest {

    private static final KeyPair HOST_KEY = TestKeys.ed25519();
    private static final KeyPair CLIENT = TestKeys.ed25519();

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TestSshServer serve(int port) {
        TestSshServer server = new TestSshServer(List.of(HOST_KEY), CLIENT.getPublic(), Set.of("root"), null, port);
        toClose.add(server);
        return server;
    }

    private SshConnector connector(String knownHosts, int attempts, Path agent) {
        SshConnector connector = new SshConnector(knownHosts, false, line -> { }, Duration.ofSeconds(5),
                Duration.ofSeconds(3), attempts, Duration.ofMillis(400), agent);
        toClose.add(connector);
        return connector;
    }

    /** A real ssh-agent on a socket in the test folder, holding {@code keys}. */
    private Path agentWith(KeyPair keys) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "OpenSSH's ssh-agent is not installed");
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        toClose.add(() -> {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        });
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(20);
        }
        Path key = TestKeys.writePrivateKey(keys, dir.resolve("agent_key"), null);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process adding = add.start();
        String output = new String(adding.getInputStream().readAllBytes());
        assertEquals(0, adding.waitFor(), output);
        return socket;
    }

    @Test
    void hostWithoutIdentityLogsInWithTheAgentsKey() throws Exception {
        TestSshServer server = serve(0);
        SshConnector connector = connector(server.knownHostsLine(0), 1, agentWith(CLIENT));

        try (Host host = connector.connect(server.host("web1", "root", null))) {
            assertEquals("root\n", host.run(Command.of("who", "echo \"$1\"", "root")).out());
        }
        assertEquals(List.of("web1"), connector.agentLogins());
    }

    @Test
    void anIdentityFileMeansTheAgentIsNotAsked() throws Exception {
        TestSshServer server = serve(0);
        Path other = TestKeys.writePrivateKey(TestKeys.ed25519(), dir.resolve("other"), null);
        SshConnector connector = connector(server.knownHostsLine(0), 1, agentWith(CLIENT));

        HostException error = assertThrows(HostException.class,
                () -> connector.connect(server.host("web1", "root", other.toString())));

        assertTrue(error.getMessage().contains("rejected key " + other), error.getMessage());
        assertTrue(connector.agentLogins().isEmpty());
    }

    @Test
    void noIdentityAndNoAgentSaysBothWays() {
        TestSshServer server = serve(0);
        SshConnector connector = connector(server.knownHostsLine(0), 1, null);

        HostException error = assertThrows(HostException.class,
                () -> connector.connect(server.host("web1", "root", null)));

        assertTrue(error.getMessage().startsWith("web1: no identity configured: set identity:"), error.getMessage());
        assertTrue(error.getMessage().contains("ssh-agent (SSH_AUTH_SOCK)"), error.getMessage());
    }

    @Test
    void aRefusedConnectionIsTriedAgainUntilSshdAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path identity = TestKeys.writePrivateKey(CLIENT, dir.resolve("id"), null);
        int free = port;
        CompletableFuture<TestSshServer> later = CompletableFuture.supplyAsync(() -> {
            sleep(300);
            return serve(free);
        });
        TestSshServer placeholder = new TestSshServer(List.of(HOST_KEY), CLIENT.getPublic(), Set.of(), null);
        toClose.add(placeholder);
        String pinned = "[127.0.0.1]:" + port + " " + TestKeys.publicLine(HOST_KEY);
        SshConnector connector = connector(pinned, 4, null);
        HostEntry entry = new HostEntry("web1", HostEntry.Transport.SSH, "127.0.0.1", port, "root",
                identity.toString(), null, List.of(), null);

        try (Host host = connector.connect(entry)) {
            assertEquals("up\n", host.run(Command.of("up", "echo up")).out());
        }
        later.join();
    }

    @Test
    void aRejectedLoginIsNotTriedAgain() {
        TestSshServer server = serve(0);
        Path stranger = TestKeys.writePrivateKey(TestKeys.ed25519(), dir.resolve("stranger"), null);
        SshConnector connector = connector(server.knownHostsLine(0), 5, null);

        long start = System.nanoTime();
        HostException error = assertThrows(HostException.class,
                () -> connector.connect(server.host("web1", "root", stranger.toString())));

        assertTrue(error.getMessage().contains("rejected key"), error.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "no pause for another attempt");
    }

    @Test
    void aServerThatNeverGreetsFailsAloneWithinTheLoginTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    return null;
                }
            });
            Path identity = TestKeys.writePrivateKey(CLIENT, dir.resolve("id"), null);
            SshConnector connector = connector("", 3, null);
            HostEntry entry = new HostEntry("hung", HostEntry.Transport.SSH, "127.0.0.1", silent.getLocalPort(), "ops",
                    identity.toString(), null, List.of(), null);

            HostException error = assertThrows(HostException.class, () -> connector.connect(entry));

            assertEquals("hung: SSH login to 127.0.0.1:" + silent.getLocalPort() + " did not finish within 3 s",
                    error.getMessage());
            Socket socket = accepted.get(1, TimeUnit.SECONDS);
            if (socket != null) {
                socket.close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
