package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Connector;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens SSH connections for a whole run through one shared, started MINA {@link SshClient}
 * (safe to use from several threads). Host keys must match {@code inventory/known_hosts}
 * ({@link HostKeyPolicy}); users log in with the host's identity file only, by public key.
 */
public final class SshConnector implements Connector, AutoCloseable {

    /** Default time to establish the TCP connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Default time for key exchange and login. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    /** Keepalive interval: a connection stays open while an operator reads a plan. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
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

    private final HostKeyPolicy hostKeys;
    private final IdentityFiles identities = new IdentityFiles();
    private final Duration connectTimeout;
    private final Duration authTimeout;
    private final SshClient client;

    /**
     * @param pinnedKnownHosts the text of {@code inventory/known_hosts} (may be empty)
     * @param trustNewKeys     accept and record the key of a host that has no pinned key
     * @param newKeyRecorder   receives each known_hosts line to append for a newly trusted key
     */
    public SshConnector(String pinnedKnownHosts, boolean trustNewKeys, Consumer<String> newKeyRecorder,
                        Duration connectTimeout, Duration authTimeout) {
        this.hostKeys = new HostKeyPolicy(PinnedHostKeys.parse(pinnedKnownHosts), trustNewKeys, newKeyRecorder);
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.authTimeout = Objects.requireNonNull(authTimeout, "authTimeout");
        this.client = startClient();
    }

    /** With the default connect and login timeouts. */
    public SshConnector(String pinnedKnownHosts, boolean trustNewKeys, Consumer<String> newKeyRecorder) {
        this(pinnedKnownHosts, trustNewKeys, newKeyRecorder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_AUTH_TIMEOUT);
    }

    private SshClient startClient() {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(new PinnedHostKeyVerifier(hostKeys));
        ssh.addSessionListener(new PinnedKeyTypesFirst(hostKeys));
        ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        ssh.setPasswordIdentityProvider(null);
        ssh.setUserInteraction(null);
        ssh.setAgentFactory(null);
        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
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
     * A new TCP connection, host key checked and logged in. The caller owns (and closes) it.
     * Package-private: {@link SshHost#probeNewSession()} uses it for its independent session.
     */
    ClientSession openSession(HostEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Path identity = IdentityFiles.pathOf(entry);
        KeyPair keys = identities.keyFor(entry);
        ConnectAttempt attempt = new ConnectAttempt(entry.name(), entry.address(), entry.port());
        ClientSession session = connectTcp(entry, attempt);
        try {
            session.addPublicKeyIdentity(keys);
            session.auth().verify(authTimeout);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw ConnectFailures.handshake(entry, attempt, e, identity, authTimeout);
        }
    }

    private ClientSession connectTcp(HostEntry entry, ConnectAttempt attempt) {
        HostConfigEntry target = new HostConfigEntry("", entry.address(), entry.port(), entry.user());
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
            throw ConnectFailures.unreachable(entry, e, connectTimeout);
        }
    }

    /** One message per host key trusted during this run (only with trustNewKeys). */
    public List<String> trustedKeys() {
        return hostKeys.trustedKeys();
    }

    /** Stops the client and with it every connection still open. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (RuntimeException e) {
            // closing at the end of a run: nothing left to report to
        }
    }
}
