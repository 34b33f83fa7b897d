package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * An in-process MINA SSH server on 127.0.0.1 (random port) for tests: fixed host keys, public
 * key login for the given users with one authorized key, commands run by /bin/sh.
 */
final class TestSshServer implements AutoCloseable {

    private final SshServer server;
    private final List<KeyPair> hostKeys;

    TestSshServer(List<KeyPair> hostKeys, PublicKey authorized, Set<String> users, Path binDir) {
        this.hostKeys = List.copyOf(hostKeys);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(this.hostKeys));
        server.setPublickeyAuthenticator((user, key, session) -> users.contains(user)
                && KeyUtils.compareKeys(key, authorized));
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
