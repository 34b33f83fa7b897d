package dev.harden.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired-state files (policies/, templates/, inventory/) as they are at one commit, or,
 * when explicitly asked, in the working tree. Paths are relative to the desired-state root.
 *
 * @param commit       full commit id ("" when the folder is not a Git repository)
 * @param ref          the ref as the user gave it (e.g. HEAD, main)
 * @param subject      first line of the commit message
 * @param workingTree  true when files come from the working tree, not the commit
 * @param uncommitted  desired-state paths that differ from the commit (shown as a warning)
 * @param workTree     the local checkout, when there is one (where trusted host keys are recorded)
 * @param checkedOut   the commit the checkout has checked out (its HEAD), "" without one
 * @param repository   where it was read from: the local folder, or the URL without its credentials
 *                     ("" when not read from a Git repository)
 * @param signature    the commit's trusted signature, when signatures were verified
 */
public record Snapshot(String commit, String ref, String subject, boolean workingTree,
                       Map<String, byte[]> files, List<String> uncommitted, Optional<Path> workTree,
                       String checkedOut, String repository, Optional<CommitSignature> signature) {

    public Snapshot {
        files = new TreeMap<>(files);
        uncommitted = List.copyOf(uncommitted);
        checkedOut = workTree.isPresent() ? checkedOut : "";
        if (signature.isPresent() && (!signature.get().trusted() || !signature.get().commit().equals(commit))) {
            throw new IllegalArgumentException("a snapshot carries its own commit's trusted signature, not "
                    + signature.get());
        }
    }

    /** A snapshot whose signature was not verified, read from no named repository. */
    public Snapshot(String commit, String ref, String subject, boolean workingTree, Map<String, byte[]> files,
                    List<String> uncommitted, Optional<Path> workTree, String checkedOut) {
        this(commit, ref, subject, workingTree, files, uncommitted, workTree, checkedOut, "", Optional.empty());
    }

    /** A snapshot whose checkout, if it has one, has the snapshot's commit checked out. */
    public Snapshot(String commit, String ref, String subject, boolean workingTree, Map<String, byte[]> files,
                    List<String> uncommitted, Optional<Path> workTree) {
        this(commit, ref, subject, workingTree, files, uncommitted, workTree, commit);
    }

    /** This snapshot with its commit's verified signature. */
    public Snapshot withSignature(CommitSignature verified) {
        return new Snapshot(commit, ref, subject, workingTree, files, uncommitted, workTree, checkedOut, repository,
                Optional.of(verified));
    }

    /**
     * True when the checkout holds what was planned: its working tree was read, or it has the
     * planned commit checked out. Only then is a change to the checkout (a newly trusted host key)
     * a change to what was planned.
     */
    public boolean checkoutIsPlanned() {
        return workTree.isPresent() && (workingTree || commit.equals(checkedOut));
    }

    public String shortCommit() {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    /**
     * How plans name what they were made from, e.g. "commit 1a2b3c4d5e (main)", and who signed it
     * when that was verified: "commit 1a2b3c4d5e (main), signed by alice@example.org (SSH ED25519 SHA256:...)".
     */
    public String label() {
        if (workingTree) {
            return commit.isEmpty() ? "working tree (not a Git repository)"
                    : "working tree of commit " + shortCommit() + " (uncommitted changes included)";
        }
        return "commit " + shortCommit() + " (" + ref + ")" + signature.map(s -> ", " + s.describe()).orElse("");
    }

    /** Files under a folder, e.g. {@code under("inventory/")}. */
    public Map<String, byte[]> under(String folder) {
        Map<String, byte[]> result = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(folder)) {
                result.put(path, bytes);
            }
        });
        return result;
    }

    public Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path));
    }
}
