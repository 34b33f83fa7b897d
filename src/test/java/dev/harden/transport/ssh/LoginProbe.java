package dev.harden.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import java.nio.file.Files;
import java.io.InputStream;

/**
 * Test-only logins as an attacker or an operator would try them: a password login, a key login
 * running a command. It accepts any host key (it checks the server, not the client's trust).
 */
public final class LoginProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private LoginProbe() {
    }

    /** True when the server accepts {@code user}/{@code password}. */
    public static boolean passwordAccepted(int port, String user, String password) throws Exception {
        try (SshClient client = client()) {
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(password);
                return session.auth().await(TIMEOUT) && session.isAuthenticated();
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** Logs in with the key and runs {@code command}; returns its exit status, or -1 when login fails. */
    public static int runWithKey(int port, String user, Path key, String command) throws Exception {
        try (SshClient client = client()) {
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession()) {
                try (InputStream in = Files.newInputStream(key)) {
                    for (KeyPair pair : SecurityUtils.loadKeyPairIdentities(null, null, in, FilePasswordProvider.EMPTY)) {
                        session.addPublicKeyIdentity(pair);
                    }
                }
                if (!session.auth().await(TIMEOUT) || !session.isAuthenticated()) {
                    return -1;
                }
                try (ChannelExec channel = session.createExecChannel(command)) {
                    channel.setOut(new ByteArrayOutputStream());
                    channel.setErr(new ByteArrayOutputStream());
                    channel.open().verify(TIMEOUT);
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                    Integer status = channel.getExitStatus();
                    return status == null ? -2 : status;
                }
            } catch (org.apache.sshd.common.SshException e) {
                return -1;
            }
        }
    }

    private static SshClient client() {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        CoreModuleProperties.PASSWORD_PROMPTS.set(client, 1);
        return client;
    }
}
