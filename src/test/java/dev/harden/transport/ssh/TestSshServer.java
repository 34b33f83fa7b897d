package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * An in-process MINA SSH server on 127.0.0.1 (random port) for tests: fixed host keys, public
 * key login for the given users with one authorized key, commands run by /bin/sh.
 */
final class TestSshServer implements AutoCloseable {

    private final SshServer server;
    private final List<KeyPair> hostKeys;
    private final AtomicInteger logins = new AtomicInteger();

    TestSshServer(List<KeyPair> hostKeys, PublicKey authorized, Set<String> users, Path binDir) {
        this(hostKeys, authorized, users, binDir, 0);
    }

    /** On a given port (0: any free one). */
    TestSshServer(List<KeyPair> hostKeys, PublicKey authorized, Set<String> users, Path binDir, int port) {
        this.hostKeys = List.copyOf(hostKeys);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(this.hostKeys));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setPublickeyAuthenticator((user, key, session) -> users.contains(user)
                && KeyUtils.compareKeys(key, authorized));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    logins.incrementAndGet();
                }
            }
        });
        server.setPasswordAuthenticator((user, password, session) -> false);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(new ShellCommandFactory(binDir));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Lets clients forward TCP connections through this server, as a jump host must. */
    TestSshServer allowForwarding() {
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        return this;
    }

    /** How many logins succeeded (key accepted with a signature). */
    int logins() {
        return logins.get();
    }

    /** "[127.0.0.1]:PORT ssh-ed25519 AAAA..." for host key number {@code index}. */
    String knownHostsLine(int index) {
        return "[127.0.0.1]:" + port() + " " + TestKeys.publicLine(hostKeys.get(index));
    }

    HostEntry host(String name, String user, String identity) {
        return new HostEntry(name, HostEntry.Transport.SSH, "127.0.0.1", port(), user, identity, null, List.of(),
                null);
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
