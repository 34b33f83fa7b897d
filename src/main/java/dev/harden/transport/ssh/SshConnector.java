package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Connector;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens SSH connections for a whole run through one shared, started MINA {@link SshClient}
 * (safe to use from several threads). Host keys must match {@code inventory/known_hosts}
 * ({@link HostKeyPolicy}), for jump hosts as for targets; users log in by public key with the
 * host's identity file, or, for a host that has none, with the keys of the running ssh-agent
 * ({@code SSH_AUTH_SOCK}). A host behind a jump host is reached through it ({@link JumpHosts}).
 * A connection that is refused, times out or closes before the SSH greeting is tried again a
 * few times with a growing pause; a refused host key or login never is.
 */
public final class SshConnector implements Connector, AutoCloseable {

    /** Default time to establish the TCP connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Default time for key exchange and login. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts to connect before a host counts as unreachable. */
    public static final int DEFAULT_CONNECT_ATTEMPTS = 3;
    /** The pause after the first failed attempt; it doubles after each further one (plus some jitter). */
    static final Duration DEFAULT_RETRY_PAUSE = Duration.ofSeconds(1);
    /** Keepalive interval: a connection stays open while an operator reads a plan. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long closing waits for open connections to end gracefully. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Missed keepalive replies after which a connection counts as lost. */
    static final int HEARTBEAT_MISSES = 4;

    /** Host key algorithms, best first: the ones a hardened sshd keeps (ED25519, RSA-SHA2), then ECDSA. */
    static final List<BuiltinSignatures> SIGNATURES = List.of(
            BuiltinSignatures.ed25519,
            BuiltinSignatures.rsaSHA512,
            BuiltinSignatures.rsaSHA256,
            BuiltinSignatures.nistp256,
            BuiltinSignatures.nistp384,
            BuiltinSignatures.nistp521);

    /**
     * Key exchanges, best first. ML-KEM/X25519 (OpenSSH 9.9 and later) is post-quantum and cheap;
     * then X25519; the sntrup761/X25519 hybrid comes after them because BouncyCastle's Java
     * sntrup761 costs the controller about 0.3 s of CPU per login (measured: bench/RESULTS.md), so
     * it is used only with a server that offers nothing better (one set to post-quantum only).
     * MINA's own order puts sntrup761 first.
     */
    static final List<BuiltinDHFactories> KEY_EXCHANGES = List.of(
            BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.mlkem1024nistp384,
            BuiltinDHFactories.mlkem768nistp256,
            BuiltinDHFactories.curve448,
            BuiltinDHFactories.ecdhp521,
            BuiltinDHFactories.ecdhp384,
            BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.dhgex256,
            BuiltinDHFactories.dhg18_512,
            BuiltinDHFactories.dhg17_512,
            BuiltinDHFactories.dhg16_512,
            BuiltinDHFactories.dhg15_512,
            BuiltinDHFactories.dhg14_256);

    private final HostKeyPolicy hostKeys;
    private final IdentityFiles identities = new IdentityFiles();
    private final Duration connectTimeout;
    private final Duration authTimeout;
    private final int connectAttempts;
    private final Duration retryPause;
    private final Path agentSocket;
    private final Set<String> agentLogins = ConcurrentHashMap.newKeySet();
    private final JumpHosts jumps = new JumpHosts(this::openSession);
    private final SshClient client;

    /**
     * @param pinnedKnownHosts the text of {@code inventory/known_hosts} (may be empty)
     * @param trustNewKeys     accept and record the key of a host that has no pinned key
     * @param newKeyRecorder   receives each known_hosts line to append for a newly trusted key
     */
    public SshConnector(String pinnedKnownHosts, boolean trustNewKeys, Consumer<String> newKeyRecorder,
                        Duration connectTimeout, Duration authTimeout) {
        this(pinnedKnownHosts, trustNewKeys, newKeyRecorder, connectTimeout, authTimeout, DEFAULT_CONNECT_ATTEMPTS,
                DEFAULT_RETRY_PAUSE, agentSocketOf(System.getenv("SSH_AUTH_SOCK")));
    }

    /** With the default connect and login timeouts. */
    public SshConnector(String pinnedKnownHosts, boolean trustNewKeys, Consumer<String> newKeyRecorder) {
        this(pinnedKnownHosts, trustNewKeys, newKeyRecorder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_AUTH_TIMEOUT);
    }

    /**
     * @param connectAttempts how often a refused or timed-out connection is tried (at least once)
     * @param retryPause      the pause after the first failed attempt (doubling after each further one)
     * @param agentSocket     the ssh-agent socket for hosts without an identity file, or null
     */
    SshConnector(String pinnedKnownHosts, boolean trustNewKeys, Consumer<String> newKeyRecorder,
                 Duration connectTimeout, Duration authTimeout, int connectAttempts, Duration retryPause,
                 Path agentSocket) {
        this.hostKeys = new HostKeyPolicy(PinnedHostKeys.parse(pinnedKnownHosts), trustNewKeys, newKeyRecorder);
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.authTimeout = Objects.requireNonNull(authTimeout, "authTimeout");
        this.connectAttempts = Math.max(1, connectAttempts);
        this.retryPause = Objects.requireNonNull(retryPause, "retryPause");
        this.agentSocket = agentSocket;
        this.client = startClient();
    }

    /** The agent socket named by SSH_AUTH_SOCK, when that is set and exists. */
    static Path agentSocketOf(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path socket = Path.of(value);
        return Files.exists(socket) ? socket : null;
    }

    private SshClient startClient() {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(new PinnedHostKeyVerifier(hostKeys));
        ssh.addSessionListener(new PinnedKeyTypesFirst(hostKeys));
        ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        ssh.setPasswordIdentityProvider(null);
        ssh.setUserInteraction(null);
        ssh.setAgentFactory(new AgentForHostsWithoutKey(agentSocket));
        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        ssh.setGlobalRequestHandlers(List.of(KeepAliveHandler.INSTANCE, HostKeysAnnouncementIgnored.INSTANCE));
        ssh.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, KEY_EXCHANGES,
                ClientBuilder.DH2KEX));
        ssh.setSignatureFactories(List.<NamedFactory<Signature>>copyOf(NamedFactory.setUpBuiltinFactories(false,
                SIGNATURES)));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(ssh, connectTimeout);
        CoreModuleProperties.AUTH_TIMEOUT.set(ssh, authTimeout);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(ssh, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_REQUEST.set(ssh, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(ssh, HEARTBEAT_MISSES);
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, Duration.ZERO);
        ssh.start();
        return ssh;
    }

    @Override
    public SshHost connect(HostEntry entry) {
        return new SshHost(entry, openSession(entry), this);
    }

    /**
     * A new connection, host key checked and logged in (through the host's jump host, if it
     * has one), tried again while it is refused or times out. The caller owns (and closes) it.
     * Package-private: {@link SshHost#probeNewSession()} uses it for its independent session.
     */
    ClientSession openSession(HostEntry entry) {
        Objects.requireNonNull(entry, "entry");
        KeyPair keys = keysFor(entry);
        for (int attempt = 1; ; attempt++) {
            try {
                return openOnce(entry, keys);
            } catch (ConnectFailures.Retryable e) {
                if (attempt >= connectAttempts) {
                    throw e.after(attempt);
                }
                pause(entry, attempt);
            }
        }
    }

    /** The host's key pair from its identity file, or null to log in with ssh-agent's keys. */
    private KeyPair keysFor(HostEntry entry) {
        if (entry.identity() != null && !entry.identity().isBlank()) {
            return identities.keyFor(entry);
        }
        if (agentSocket == null) {
            throw new HostException(entry.name(), entry.name() + ": no identity configured: set identity:"
                    + " /path/to/private_key for the host or in inventory defaults (or IdentityFile in the ssh config),"
                    + " or load the key into a running ssh-agent (SSH_AUTH_SOCK)");
        }
        agentLogins.add(entry.name());
        return null;
    }

    private ClientSession openOnce(HostEntry entry, KeyPair keys) {
        ConnectAttempt attempt = new ConnectAttempt(entry.name(), entry.address(), entry.port(), keys == null);
        ClientSession session;
        if (entry.via() == null) {
            session = connectTcp(entry, attempt, entry.address(), entry.port());
        } else {
            JumpHosts.Tunnel tunnel = jumps.tunnel(entry);
            try {
                session = connectTcp(entry, attempt, tunnel.host(), tunnel.port());
            } catch (RuntimeException e) {
                tunnel.close();
                throw e;
            }
            session.addCloseFutureListener(closed -> tunnel.close());
        }
        try {
            if (keys != null) {
                session.addPublicKeyIdentity(keys);
            }
            session.auth().verify(authTimeout);
            return session;
        } catch (IOException | RuntimeException e) {
            boolean greeted = session.getServerVersion() != null;
            session.close(true);
            String credentials = keys == null ? "every key of ssh-agent (SSH_AUTH_SOCK=" + agentSocket + ")"
                    : "key " + IdentityFiles.pathOf(entry);
            throw ConnectFailures.handshake(entry, attempt, e, greeted, credentials, authTimeout);
        }
    }

    private ClientSession connectTcp(HostEntry entry, ConnectAttempt attempt, String address, int port) {
        HostConfigEntry target = new HostConfigEntry("", address, port, entry.user());
        target.setIdentitiesOnly(true);
        ConnectFuture future = null;
        try {
            future = client.connect(target, attempt.asContext(), null);
            return future.verify(connectTimeout).getSession();
        } catch (IOException | RuntimeException e) {
            if (future != null) {
                future.cancel();
            }
            if (attempt.refusal() != null) {
                throw new HostException(entry.name(), attempt.refusal(), e);
            }
            if (entry.via() != null) { // the forward's local end: it closes when the jump host cannot connect
                throw ConnectFailures.closedBeforeGreeting(entry, e);
            }
            throw ConnectFailures.unreachable(entry, e, connectTimeout);
        }
    }

    /** Waits before attempt {@code failed + 1}: the pause, doubled per further attempt, plus up to a quarter more. */
    private void pause(HostEntry entry, int failed) {
        long millis = retryPause.toMillis() << Math.min(failed - 1, 6);
        millis += ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(entry.name(), entry.name() + ": interrupted while connecting", e);
        }
    }

    /** One message per host key trusted during this run (only with trustNewKeys). */
    public List<String> trustedKeys() {
        return hostKeys.trustedKeys();
    }

    /** The hosts that logged in with ssh-agent's keys (they have no identity file), sorted. */
    public List<String> agentLogins() {
        return List.copyOf(new TreeSet<>(agentLogins));
    }

    /**
     * Stops the client and with it every connection still open: gracefully first (briefly), so no
     * read completes after MINA's threads are gone (which it reports on standard error).
     */
    @Override
    public void close() {
        try {
            jumps.close();
            client.close(false).await(CLOSE_WAIT);
            client.stop();
        } catch (IOException | RuntimeException e) {
            // closing at the end of a run: nothing left to report to
        }
    }
}
