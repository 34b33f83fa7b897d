package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.HostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFilesTest {

    @TempDir
    Path dir;

    private static HostEntry host(String identity) {
        return new HostEntry("web1", HostEntry.Transport.SSH, "127.0.0.1", 22001, "ops", identity, null, List.of(),
                null);
    }

    @Test
    void loadsAnOpenSshPrivateKeyOnce() {
        KeyPair keys = TestKeys.ed25519();
        Path file = TestKeys.writePrivateKey(keys, dir.resolve("id_ed25519"), null);
        IdentityFiles identities = new IdentityFiles();

        KeyPair loaded = identities.keyFor(host(file.toString()));

        assertTrue(KeyUtils.compareKeys(keys.getPublic(), loaded.getPublic()));
        assertSame(loaded, identities.keyFor(host(file.toString())));
    }

    @Test
    void expandsTildeToTheHomeDirectory() {
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "harden"),
                IdentityFiles.pathOf(host("~/.ssh/harden")));
        assertEquals(Path.of("/keys/harden"), IdentityFiles.pathOf(host("/keys/harden")));
    }

    @Test
    void missingIdentitySaysWhereToSetIt() {
        HostException error = assertThrows(HostException.class, () -> new IdentityFiles().keyFor(host(null)));

        assertEquals("web1: no identity configured: set identity: /path/to/private_key for the host or in"
                + " inventory defaults", error.getMessage());
        assertEquals("web1", error.host());
    }

    @Test
    void absentFileIsNamed() {
        Path file = dir.resolve("nope");
        HostException error = assertThrows(HostException.class, () -> new IdentityFiles().keyFor(host(file.toString())));

        assertEquals("web1: identity file " + file + " does not exist", error.getMessage());
    }

    @Test
    void encryptedKeyIsRefusedWithoutPrompting() {
        Path file = TestKeys.writePrivateKey(TestKeys.ed25519(), dir.resolve("id_locked"), "secret");

        HostException error = assertThrows(HostException.class, () -> new IdentityFiles().keyFor(host(file.toString())));

        assertTrue(error.getMessage().startsWith("web1: identity file " + file + " is encrypted with a passphrase"),
                error.getMessage());
    }

    @Test
    void garbageFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("id_garbage"), "not a key\n");

        HostException error = assertThrows(HostException.class, () -> new IdentityFiles().keyFor(host(file.toString())));

        assertTrue(error.getMessage().startsWith("web1: "), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }
}
