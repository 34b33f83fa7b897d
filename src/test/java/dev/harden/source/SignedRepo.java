package dev.harden.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Git repository with real signed commits, made by the git CLI signing with ssh-keygen (SSH)
 * and gpg (OpenPGP), as an operator's would be. Everything lives in one folder: a home of its own
 * (git's global config, GnuPG's keyrings), the keys and the repository. {@link #close} stops the
 * gpg-agent that gpg started there.
 */
public final class SignedRepo implements AutoCloseable {

    /** An SSH key made with ssh-keygen: its private key file and its public key line. */
    public record SshKey(Path privateKey, String publicKey) {
        /** Its line in an allowed_signers file, with options such as {@code namespaces="git"} before the key. */
        public String allowedSigner(String principals, String options) {
            return principals + (options.isEmpty() ? "" : " " + options) + " " + publicKey;
        }
    }

    /** An OpenPGP key made with gpg: its fingerprint. */
    public record GpgKey(String fingerprint) {
    }

    public final Path root;
    public final Path work;
    private final Path home;
    private final Path gnupg;
    private int edits;

    private SignedRepo(Path root) throws IOException {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.gnupg = home.resolve("gnupg");
        Files.createDirectories(gnupg, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.work = root.resolve("repo");
        Files.createDirectories(work);
    }

    public static SignedRepo create(Path root) throws IOException {
        SignedRepo repo = new SignedRepo(root);
        repo.git("init", "-q", "-b", "main", ".");
        return repo;
    }

    public SshKey sshKey(String name) throws IOException {
        Path key = root.resolve("keys").resolve(name);
        Files.createDirectories(key.getParent());
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()), root);
        return new SshKey(key, Files.readString(Path.of(key + ".pub")).strip());
    }

    public GpgKey gpgKey(String userId) throws IOException {
        return gpgKey(userId, List.of());
    }

    /** A key gpg made as if the time were {@code fakedTime} (e.g. 20200101T000000). */
    public GpgKey gpgKeyMadeOn(String userId, String fakedTime) throws IOException {
        return gpgKey(userId, List.of("--faked-system-time", fakedTime));
    }

    /** Sets the key to expire {@code period} (e.g. 1d) after {@code fakedTime}. */
    public void expire(GpgKey key, String fakedTime, String period) throws IOException {
        run(List.of("gpg", "--batch", "--faked-system-time", fakedTime, "--passphrase", "", "--quick-set-expire",
                key.fingerprint(), period), root);
    }

    private GpgKey gpgKey(String userId, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch"));
        command.addAll(options);
        command.addAll(List.of("--passphrase", "", "--quick-gen-key", userId, "ed25519", "sign", "never"));
        run(command, root);
        String listing = run(List.of("gpg", "--batch", "--with-colons", "--list-secret-keys", userId), root);
        for (String line : listing.split("\n")) {
            if (line.startsWith("fpr:")) {
                return new GpgKey(line.split(":")[9]);
            }
        }
        throw new IllegalStateException("gpg made no key for " + userId + ": " + listing);
    }

    /** The key's public part, ASCII-armored as gpg --export --armor writes it, in {@code file}. */
    public Path exportPublic(GpgKey key, Path file) throws IOException {
        Files.writeString(file, run(List.of("gpg", "--batch", "--export", "--armor", key.fingerprint()), root));
        return file;
    }

    /**
     * An OpenSSH user certificate for {@code user}'s key, signed by {@code ca}, for these principals
     * and validity (ssh-keygen -V, e.g. "-1d:+1d"): returns the certificate file, beside the key.
     */
    public Path certify(SshKey ca, SshKey user, String principals, String validity) throws IOException {
        run(List.of("ssh-keygen", "-q", "-s", ca.privateKey().toString(), "-I", "test", "-n", principals, "-V",
                validity, user.privateKey() + ".pub"), root);
        return Path.of(user.privateKey() + "-cert.pub");
    }

    /** Commits a change signed with an SSH certificate (its private key beside it); returns the commit id. */
    public String commit(Path certificate, String message) throws IOException {
        edit();
        git("-c", "gpg.format=ssh", "-c", "user.signingkey=" + certificate, "commit", "-q", "-S", "-m", message);
        return head();
    }

    /** The key's fingerprint as ssh-keygen -l prints it (SHA256:...). */
    public String sshFingerprint(SshKey key) throws IOException {
        return run(List.of("ssh-keygen", "-l", "-f", key.privateKey() + ".pub"), root).split(" ")[1];
    }

    /** Revokes the key with the revocation certificate gpg made with it (no reason given: a hard revocation). */
    public void revoke(GpgKey key) throws IOException {
        Path stored = gnupg.resolve("openpgp-revocs.d").resolve(key.fingerprint() + ".rev");
        Path usable = root.resolve("revoke-" + key.fingerprint() + ".asc");
        Files.writeString(usable, Files.readString(stored).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        run(List.of("gpg", "--batch", "--import", usable.toString()), root);
    }

    public Path allowedSigners(String name, String... lines) throws IOException {
        Path file = root.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** Commits a change signed with an SSH key; returns the commit id. */
    public String commit(SshKey key, String message) throws IOException {
        edit();
        git("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key.privateKey(), "commit", "-q", "-S", "-m", message);
        return head();
    }

    /** Commits a change signed with an OpenPGP key; returns the commit id. */
    public String commit(GpgKey key, String message) throws IOException {
        edit();
        git("-c", "gpg.format=openpgp", "-c", "gpg.program=gpg", "-c", "user.signingkey=" + key.fingerprint(),
                "commit", "-q", "-S", "-m", message);
        return head();
    }

    /**
     * Commits a change whose SSH signature ssh-keygen made for {@code namespace} instead of "git"
     * (a signature of a file, say, replayed as a commit's): returns the commit id.
     */
    public String commitSignedFor(SshKey key, String namespace, String message) throws IOException {
        edit();
        String tree = git("write-tree").strip();
        String unsigned = git("commit-tree", tree, "-p", head(), "-m", message).strip();
        String raw = git("cat-file", "commit", unsigned);
        Path payload = root.resolve("payload-" + unsigned);
        Files.writeString(payload, raw);
        run(List.of("ssh-keygen", "-q", "-Y", "sign", "-f", key.privateKey().toString(), "-n", namespace,
                payload.toString()), root);
        String signature = Files.readString(Path.of(payload + ".sig")).strip();
        int end = raw.indexOf("\n\n");
        Path signed = root.resolve("signed-" + unsigned);
        Files.writeString(signed, raw.substring(0, end) + "\ngpgsig " + signature.replace("\n", "\n ")
                + raw.substring(end));
        String id = git("hash-object", "-t", "commit", "-w", signed.toString()).strip();
        git("update-ref", "HEAD", id);
        return id;
    }

    public String commitUnsigned(String message) throws IOException {
        edit();
        git("commit", "-q", "--no-gpg-sign", "-m", message);
        return head();
    }

    public String head() throws IOException {
        return git("rev-parse", "HEAD").strip();
    }

    /**
     * A copy of commit {@code id} with its message changed and its signature kept, written into
     * the repository as it is (as a tampering remote could): returns the new commit's id.
     */
    public String tampered(String id, String newMessage) throws IOException {
        String raw = git("cat-file", "commit", id);
        int body = raw.indexOf("\n\n");
        String changed = raw.substring(0, body + 2) + newMessage + "\n";
        Path file = root.resolve("tampered-commit");
        Files.writeString(file, changed);
        return git("hash-object", "-t", "commit", "-w", file.toString()).strip();
    }

    public String git(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c",
                "user.email=test@example.org"));
        command.addAll(List.of(args));
        return run(command, work);
    }

    /** Writes a file of the work tree, to be committed with the next commit. */
    public void write(String path, String text) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Every commit changes something: a line in a file outside the desired state, and whatever was written. */
    private void edit() throws IOException {
        edits++;
        Files.writeString(work.resolve("CHANGES"), "change " + edits + "\n");
        git("add", "-A");
    }

    private String run(List<String> command, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("GNUPGHOME", gnupg.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.remove("SSH_AUTH_SOCK");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }

    @Override
    public void close() throws IOException {
        run(List.of("gpgconf", "--kill", "gpg-agent"), root);
    }
}
