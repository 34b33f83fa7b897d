package dev.harden.module.sshd;

import dev.harden.facts.OpenSshVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Key exchange, cipher, MAC and host-key algorithms for an OpenSSH version: only algorithms
 * ssh-audit does not fail (no NIST curves, no SHA-1, no encrypt-and-MAC, no small groups or
 * group exchange with an unmanaged moduli file), and only names that version knows.
 */
public record SshCrypto(List<String> kex, List<String> ciphers, List<String> macs, List<String> hostKeyAlgorithms) {

    /** Only post-quantum hybrid key exchange: clients that lack it cannot connect (ssh.kex: post-quantum-only). */
    public static SshCrypto postQuantumOnly(OpenSshVersion version) {
        SshCrypto all = forVersion(version);
        List<String> hybrids = all.kex().stream().filter(k -> k.startsWith("mlkem") || k.startsWith("sntrup")).toList();
        return new SshCrypto(hybrids, all.ciphers(), all.macs(), all.hostKeyAlgorithms());
    }

    public static SshCrypto forVersion(OpenSshVersion version) {
        List<String> kex = new ArrayList<>();
        if (version.atLeast(9, 9)) {
            kex.add("mlkem768x25519-sha256");
            kex.add("sntrup761x25519-sha512");
        }
        if (version.atLeast(8, 5)) {
            kex.add("sntrup761x25519-sha512@openssh.com");
        }
        if (version.atLeast(7, 4)) {
            kex.add("curve25519-sha256");
        }
        kex.add("curve25519-sha256@libssh.org");
        kex.add("diffie-hellman-group16-sha512");
        kex.add("diffie-hellman-group18-sha512");

        List<String> ciphers = List.of("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com",
                "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr");
        List<String> macs = List.of("hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com",
                "umac-128-etm@openssh.com");

        List<String> hostKeys = new ArrayList<>(List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com"));
        if (version.atLeast(8, 2)) {
            hostKeys.add("sk-ssh-ed25519@openssh.com");
            hostKeys.add("sk-ssh-ed25519-cert-v01@openssh.com");
        }
        hostKeys.addAll(List.of("rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256",
                "rsa-sha2-256-cert-v01@openssh.com"));
        return new SshCrypto(List.copyOf(kex), ciphers, macs, List.copyOf(hostKeys));
    }
}
