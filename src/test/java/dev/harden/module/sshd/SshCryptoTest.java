package dev.harden.module.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.OpenSshVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshCryptoTest {

    private static final List<String> WEAK = List.of("nistp", "sha1", "group14", "group-exchange", "umac-64", "cbc",
            "ecdsa", "3des", "arcfour", "hmac-md5");

    private static List<OpenSshVersion> versions() {
        List<OpenSshVersion> versions = new ArrayList<>();
        for (int minor = 4; minor <= 9; minor++) {
            versions.add(new OpenSshVersion(7, minor));
        }
        for (int major = 8; major <= 9; major++) {
            for (int minor = 0; minor <= 9; minor++) {
                versions.add(new OpenSshVersion(major, minor));
            }
        }
        versions.add(new OpenSshVersion(10, 0));
        return versions;
    }

    private static List<String> all(SshCrypto crypto) {
        List<String> all = new ArrayList<>(crypto.kex());
        all.addAll(crypto.ciphers());
        all.addAll(crypto.macs());
        all.addAll(crypto.hostKeyAlgorithms());
        return all;
    }

    @Test
    void noWeakAlgorithmForAnyVersionFrom74To100() {
        for (OpenSshVersion version : versions()) {
            SshCrypto crypto = SshCrypto.forVersion(version);
            for (String algorithm : all(crypto)) {
                for (String weak : WEAK) {
                    assertFalse(algorithm.contains(weak), version + ": " + algorithm + " contains " + weak);
                }
            }
            assertFalse(crypto.kex().isEmpty() || crypto.ciphers().isEmpty() || crypto.macs().isEmpty()
                    || crypto.hostKeyAlgorithms().isEmpty(), version + ": an empty list would break sshd");
            assertEquals(all(crypto).size(), new HashSet<>(all(crypto)).size(), version + ": duplicates");
        }
    }

    @Test
    void postQuantumKexOnlyWhereTheVersionKnowsIt() {
        assertFalse(SshCrypto.forVersion(new OpenSshVersion(8, 4)).kex().contains("sntrup761x25519-sha512@openssh.com"));
        assertTrue(SshCrypto.forVersion(new OpenSshVersion(8, 5)).kex().contains("sntrup761x25519-sha512@openssh.com"));
        assertFalse(SshCrypto.forVersion(new OpenSshVersion(9, 8)).kex().contains("mlkem768x25519-sha256"));
        assertEquals("mlkem768x25519-sha256", SshCrypto.forVersion(new OpenSshVersion(9, 9)).kex().get(0));
        assertEquals("mlkem768x25519-sha256", SshCrypto.forVersion(new OpenSshVersion(10, 0)).kex().get(0));
    }

    @Test
    void securityKeyHostKeysFrom82() {
        assertFalse(SshCrypto.forVersion(new OpenSshVersion(8, 1)).hostKeyAlgorithms().contains("sk-ssh-ed25519@openssh.com"));
        assertTrue(SshCrypto.forVersion(new OpenSshVersion(8, 2)).hostKeyAlgorithms().contains("sk-ssh-ed25519@openssh.com"));
    }

    @Test
    void macsAreEncryptThenMacOnly() {
        for (String mac : SshCrypto.forVersion(new OpenSshVersion(9, 2)).macs()) {
            assertTrue(mac.endsWith("-etm@openssh.com"), mac);
        }
    }
}
