package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Loads the one private key a host is reached with: the inventory's {@code identity} (a
 * leading {@code ~/} means the user's home). Never an agent, never {@code ~/.ssh/id_*}, never
 * a passphrase prompt. Each file is read once per run.
 */
final class IdentityFiles {

    private final Map<Path, KeyPair> loaded = new ConcurrentHashMap<>();

    /** The key pair for the host, or a {@link HostException} naming the file and what to do. */
    KeyPair keyFor(HostEntry entry) {
        Path path = pathOf(entry);
        KeyPair cached = loaded.get(path);
        if (cached != null) {
            return cached;
        }
        KeyPair keys = read(entry.name(), path);
        loaded.put(path, keys);
        return keys;
    }

    /** The identity file of the host, expanded; fails when none is configured. */
    static Path pathOf(HostEntry entry) {
        String identity = entry.identity();
        if (identity == null || identity.isBlank()) {
            throw new HostException(entry.name(), entry.name() + ": no identity configured: set identity:"
                    + " /path/to/private_key for the host or in inventory defaults");
        }
        String home = System.getProperty("user.home");
        if (identity.equals("~")) {
            return Path.of(home);
        }
        if (identity.startsWith("~/")) {
            return Path.of(home, identity.substring(2));
        }
        return Path.of(identity);
    }

    private static KeyPair read(String host, Path path) {
        KeyPair first = null;
        try (InputStream in = Files.newInputStream(path)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, new PathResource(path), in, NO_PASSPHRASE);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it != null && it.hasNext()) {
                first = it.next();
            }
        } catch (PassphraseRequired e) {
            throw new HostException(host, host + ": identity file " + path + " is encrypted with a passphrase;"
                    + " harden never prompts: use an unencrypted key for it (readable only by you)", e);
        } catch (NoSuchFileException e) {
            throw new HostException(host, host + ": identity file " + path + " does not exist", e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new HostException(host, host + ": cannot read identity file " + path
                    + " as an OpenSSH or PEM private key: " + describe(e), e);
        }
        if (first == null) {
            throw new HostException(host, host + ": identity file " + path + " holds no private key");
        }
        return first;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Thrown when a key file asks for a passphrase: harden has none to give. */
    private static final class PassphraseRequired extends IOException {
        private static final long serialVersionUID = 1L;

        PassphraseRequired() {
            super("the key is encrypted");
        }
    }

    private static final FilePasswordProvider NO_PASSPHRASE = (session, resource, retryIndex) -> {
        throw new PassphraseRequired();
    };
}
