package dev.harden.transport.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * An SSH public key as OpenSSH writes it: a key type ("ssh-ed25519") and the key blob. Two
 * host keys are the same key when type and blob are equal; fingerprints are OpenSSH's
 * ("SHA256:" and the unpadded base64 of the blob's SHA-256).
 */
final class HostKey {

    private final String type;
    private final byte[] blob;

    HostKey(String type, byte[] blob) {
        this.type = type;
        this.blob = blob.clone();
    }

    /** The key a server offered, in its OpenSSH encoding. */
    static HostKey of(PublicKey key) {
        String encoded = PublicKeyEntry.toString(key);
        int space = encoded.indexOf(' ');
        return new HostKey(encoded.substring(0, space), Base64.getDecoder().decode(encoded.substring(space + 1).strip()));
    }

    String type() {
        return type;
    }

    boolean sameKey(HostKey other) {
        return type.equals(other.type) && Arrays.equals(blob, other.blob);
    }

    /** "SHA256:..." exactly as {@code ssh-keygen -lf} prints it. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The short algorithm name OpenSSH shows next to fingerprints: ED25519, RSA, ECDSA. */
    String displayType() {
        if (type.equals("ssh-ed25519")) {
            return "ED25519";
        }
        if (type.equals("ssh-rsa")) {
            return "RSA";
        }
        if (type.startsWith("ecdsa-sha2-")) {
            return "ECDSA";
        }
        return type.toUpperCase(Locale.ROOT);
    }

    /** "ED25519 SHA256:...". */
    String describe() {
        return displayType() + " " + fingerprint();
    }

    /** "ssh-ed25519 AAAA...", the key part of a known_hosts line. */
    String encoded() {
        return type + " " + new String(Base64.getEncoder().encode(blob), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return describe();
    }
}
