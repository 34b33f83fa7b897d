package dev.harden.source;

import dev.harden.HardenException;
import dev.harden.source.CommitSignature.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifier.TrustLevel;
import org.eclipse.jgit.signing.ssh.SigningKeyDatabase;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;
import org.eclipse.jgit.signing.ssh.VerificationException;

/**
 * Checks SSH commit signatures with JGit's own verifier (since JGit 7.1), against the
 * {@code allowed_signers} file of the trust policy, exactly as {@code git verify-commit} does with
 * {@code gpg.format ssh}: the signature must be for namespace "git", its key must be listed (or
 * certified by a listed {@code cert-authority}), the line's {@code namespaces=} must allow "git",
 * and {@code valid-after}/{@code valid-before} are compared with the committer date. The
 * principals of the matching line are who signed. JGit reports outcomes as texts; they are sorted
 * into {@link Status} here, and what is not recognised is refused with JGit's own words.
 */
final class SshSignatures {

    private static final String NAMESPACE = "git";
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);

    private final Optional<Path> allowedSigners;
    private final GpgConfig config;
    private final SignatureVerifier verifier = new SshSignatureVerifierFactory().create();

    SshSignatures(Optional<Path> allowedSigners) {
        this.allowedSigners = allowedSigners;
        Config settings = new Config();
        allowedSigners.ifPresent(file -> settings.setString(ConfigConstants.CONFIG_GPG_SECTION,
                ConfigConstants.CONFIG_SSH_SUBSECTION, ConfigConstants.CONFIG_KEY_SSH_ALLOWED_SIGNERS_FILE,
                file.toString()));
        this.config = new GpgConfig(settings);
    }

    /**
     * Reads the allowed signers file once through JGit, so that a line JGit cannot parse is
     * reported with its number now (JGit would otherwise only say "see the log" per commit).
     */
    void checkReadable(Repository repository) {
        if (allowedSigners.isEmpty()) {
            return;
        }
        try {
            SigningKeyDatabase.getInstance().isAllowed(repository, config, anyKey(), NAMESPACE, null);
        } catch (IOException e) {
            Throwable cause = e.getCause();
            throw new HardenException("--allowed-signers " + allowedSigners.get() + ": " + e.getMessage()
                    + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")")
                    + "; the format is OpenSSH's allowed_signers (man ssh-keygen, ALLOWED SIGNERS)");
        } catch (VerificationException e) {
            // a throwaway key is never listed; nothing to learn here
        }
    }

    CommitSignature verify(Repository repository, String commit, SignedCommit signed) {
        Blob blob;
        try {
            blob = Blob.parse(signed.signature());
        } catch (RuntimeException e) {
            return new CommitSignature(commit, Status.UNSUPPORTED, "", "", "unreadable SSH signature");
        }
        String key = "SSH " + blob.keyType() + " " + blob.fingerprint();
        if (!NAMESPACE.equals(blob.namespace())) {
            return new CommitSignature(commit, Status.WRONG_NAMESPACE, "", key,
                    "the signature is for namespace \"" + blob.namespace() + "\", not \"git\"");
        }
        if (allowedSigners.isEmpty()) {
            return new CommitSignature(commit, Status.UNKNOWN_KEY, "", key,
                    "no --allowed-signers file was given to check SSH signatures with");
        }
        SignatureVerification result;
        try {
            result = verifier.verify(repository, config, signed.data(), signed.signature());
        } catch (IOException | RuntimeException e) {
            return new CommitSignature(commit, Status.UNSUPPORTED, "", key, String.valueOf(e.getMessage()));
        }
        if (result.keyFingerprint() != null) {
            key = "SSH " + blob.keyType() + " " + result.keyFingerprint();
        }
        if (result.verified()) {
            return new CommitSignature(commit, Status.TRUSTED, result.keyUser(), key, "");
        }
        return refused(commit, key, result);
    }

    private CommitSignature refused(String commit, String key, SignatureVerification result) {
        String message = result.message() == null ? "" : result.message();
        if (result.expired()) {
            return new CommitSignature(commit, Status.EXPIRED, "", key, "the commit's date is outside the key's"
                    + " valid-after/valid-before in " + allowedSigners.get().getFileName());
        }
        if (result.trustLevel() == TrustLevel.UNKNOWN) { // JGit: no principal matched
            return new CommitSignature(commit, Status.UNKNOWN_KEY, "", key, "not in " + allowedSigners.get());
        }
        if (message.isEmpty()) {
            return new CommitSignature(commit, Status.BAD_SIGNATURE, "", key, "");
        }
        if (message.startsWith("Key may not be used in namespace")) {
            return new CommitSignature(commit, Status.WRONG_NAMESPACE, "", key, "its line in "
                    + allowedSigners.get().getFileName() + " has namespaces= without \"git\"");
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("revoked")) {
            return new CommitSignature(commit, Status.REVOKED, "", key, message);
        }
        if (lower.contains("expired") || lower.contains("not valid yet")) {
            return new CommitSignature(commit, Status.EXPIRED, "", key, message);
        }
        if (message.startsWith("Certificate")) {
            return new CommitSignature(commit, Status.NOT_ALLOWED, "", key, message);
        }
        return new CommitSignature(commit, Status.UNSUPPORTED, "", key, message);
    }

    /** A key no allowed_signers file lists, to make JGit read the file. */
    private static PublicKey anyKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The parts of an SSH signature (PROTOCOL.sshsig) that name the key and the namespace; JGit
     * checks the rest.
     */
    record Blob(String keyType, String fingerprint, String namespace) {

        static Blob parse(byte[] armored) {
            String text = new String(armored, StandardCharsets.US_ASCII);
            StringBuilder base64 = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.startsWith("-----")) {
                    base64.append(line.strip());
                }
            }
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(base64.toString()));
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not an SSH signature");
            }
            in.getInt(); // version: JGit checks it
            byte[] publicKey = string(in);
            String namespace = new String(string(in), StandardCharsets.UTF_8);
            String type = new String(string(ByteBuffer.wrap(publicKey)), StandardCharsets.US_ASCII);
            return new Blob(typeName(type), fingerprint(publicKey), namespace);
        }

        private static byte[] string(ByteBuffer in) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("truncated");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }

        /** ssh-ed25519 → ED25519, ecdsa-sha2-nistp256 → ECDSA, sk-ssh-ed25519@openssh.com → ED25519-SK, ... */
        static String typeName(String type) {
            boolean certificate = type.contains("-cert-v01@");
            String name = certificate ? type.substring(0, type.indexOf("-cert-v01@")) : type;
            boolean securityKey = name.startsWith("sk-");
            name = name.replaceFirst("^sk-", "").replaceFirst("@openssh\\.com$", "").replaceFirst("^ssh-", "");
            if (name.startsWith("ecdsa-")) {
                name = "ecdsa";
            }
            name = name.toUpperCase(Locale.ROOT);
            return name + (securityKey ? "-SK" : "") + (certificate ? "-CERT" : "");
        }

        /** The key's fingerprint as ssh-keygen -l prints it: SHA256:base64, unpadded. */
        static String fingerprint(byte[] publicKey) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
                return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
