package dev.harden.transport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key pairs and key files for tests, made with MINA itself (no ssh-keygen needed). */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair ed25519() {
        return generate("ssh-ed25519", 256);
    }

    static KeyPair rsa() {
        return generate("ssh-rsa", 2048);
    }

    static KeyPair ecdsa() {
        return generate("ecdsa-sha2-nistp256", 256);
    }

    private static KeyPair generate(String type, int bits) {
        try {
            return KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        }
    }

    /** "ssh-ed25519 AAAA..." for a key pair's public half. */
    static String publicLine(KeyPair keys) {
        return PublicKeyEntry.toString(keys.getPublic());
    }

    /** Writes the private key in OpenSSH format, encrypted with {@code passphrase} unless it is null. */
    static Path writePrivateKey(KeyPair keys, Path file, String passphrase) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "harden-test", encryption, out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
