package dev.harden.source;

import dev.harden.HardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Reads the desired state at a commit through JGit. A local path is opened in place; a URL is
 * fetched into a cache on every run ({@link CachedRemote}) and read at the commit the remote
 * names now. The working tree is read only when the caller asks for it explicitly. Desired state
 * is regular files: links and submodules are refused ({@link NotRegularFile}).
 */
public final class GitSource {

    /** The folders that make up the desired state. */
    public static final List<String> FOLDERS = List.of("policies", "templates", "inventory");
    static final int MAX_FILE_BYTES = 1 << 20;

    private final Path cacheDir;

    public GitSource(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * @param repo        a local folder or a Git URL
     * @param ref         branch, tag or commit (HEAD by default)
     * @param workingTree read uncommitted files of a local checkout instead of the commit
     */
    public Snapshot read(String repo, String ref, boolean workingTree) {
        if (RepositoryUrl.isUrl(repo)) {
            RepositoryUrl url = RepositoryUrl.of(repo);
            if (workingTree) {
                throw new HardenException("--working-tree needs a local checkout, not a URL (" + url + ")");
            }
            try (CachedRemote remote = CachedRemote.fetch(cacheDir, url)) {
                return readCommit(remote.repository(), url.redacted(), "", ref, remote.resolve(ref), Optional.empty(),
                        "");
            } catch (IOException e) {
                throw new HardenException("cannot read " + ref + " from " + url + ": "
                        + url.redact(e.getMessage()));
            }
        }
        Path folder = Path.of(repo).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new HardenException("--repo " + repo + ": no such folder (give the desired-state checkout or a Git URL)");
        }
        Repository repository;
        try {
            repository = new FileRepositoryBuilder().findGitDir(folder.toFile()).setMustExist(true).build();
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            if (workingTree) {
                return new Snapshot("", ref, "", true, WorkingTreeFiles.read(folder), List.of(), Optional.of(folder),
                        "");
            }
            throw new HardenException("--repo " + repo + " is not a Git repository: harden applies committed state"
                    + " (run git init and commit, or pass --working-tree to plan the folder as it is)");
        } catch (IOException e) {
            throw new HardenException("--repo " + repo + ": cannot open the Git repository: " + e.getMessage());
        }
        try (repository) {
            return read(repository, folder, ref, workingTree);
        } catch (IOException e) {
            throw new HardenException("--repo " + repo + ": cannot read the Git repository: " + e.getMessage());
        }
    }

    /**
     * {@link #read(String, String, boolean)}, and, when the policy verifies signatures, the commit's
     * signature checked before anything else uses it: a commit that is not trusted is refused with
     * one line naming it and why. The snapshot carries the trusted signature. Only the commit's own
     * signature is checked here; strict mode's ranges are per host ({@link HistoryGate}).
     */
    public Snapshot read(String repo, String ref, boolean workingTree, TrustPolicy policy) {
        if (!policy.verifiesSignatures()) {
            return read(repo, ref, workingTree);
        }
        if (workingTree) {
            throw new HardenException("--working-tree reads uncommitted files that no one signed, so signatures cannot"
                    + " vouch for them: commit and sign the changes, or drop --verify-signatures");
        }
        Snapshot snapshot = read(repo, ref, false);
        try (GitHistory history = history(snapshot)) {
            TrustPolicy headOnly = new TrustPolicy(policy.allowedSigners(), policy.trustedKeys(),
                    TrustPolicy.Mode.HEAD, false, policy.allowNonFastForward());
            TrustVerdict verdict = history.verify(snapshot.commit(), headOnly, Optional.empty());
            if (!verdict.trusted()) {
                throw new UntrustedCommit(snapshot.commit(), verdict.message() + "; harden applies only commits signed"
                        + " by a key in the trust files (--allowed-signers, --trusted-keys)");
            }
            return snapshot.withSignature(verdict.head());
        }
    }

    /**
     * The history of the repository a snapshot was read from, for signature and ancestry checks.
     * A URL's history is the cache as the snapshot's fetch left it: nothing is fetched.
     */
    public GitHistory history(Snapshot snapshot) {
        if (snapshot.repository().isEmpty() || snapshot.commit().isEmpty()) {
            throw new HardenException("the desired state was not read from a Git repository, so its history cannot"
                    + " be checked: commit it to a Git repository");
        }
        return history(snapshot.repository());
    }

    /**
     * The history of {@code repo}, a local folder or a Git URL. A URL is not fetched: its cache must
     * hold what a {@link #read} of it fetched.
     */
    public GitHistory history(String repo) {
        if (RepositoryUrl.isUrl(repo)) {
            RepositoryUrl url = RepositoryUrl.of(repo);
            return new GitHistory(CachedRemote.open(cacheDir, url), url.redacted());
        }
        Path folder = Path.of(repo).toAbsolutePath().normalize();
        try {
            return new GitHistory(new FileRepositoryBuilder().findGitDir(folder.toFile()).setMustExist(true).build(),
                    folder.toString());
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw new HardenException(repo + " is not a Git repository, so its history cannot be checked");
        } catch (IOException e) {
            throw new HardenException(repo + ": cannot open the Git repository: " + e.getMessage());
        }
    }

    private Snapshot read(Repository repository, Path folder, String ref, boolean workingTree) throws IOException {
        if (repository.isBare()) {
            return readCommit(repository, folder.toString(), "", ref, resolve(repository, ref), Optional.empty(), "");
        }
        Path top = repository.getWorkTree().toPath().toAbsolutePath().normalize();
        String prefix = top.relativize(folder).toString().replace('\\', '/');
        prefix = prefix.isEmpty() ? "" : prefix + "/";
        ObjectId head = repository.resolve("HEAD");
        if (workingTree && head == null) {
            return new Snapshot("", ref, "", true, WorkingTreeFiles.read(folder), List.of(), Optional.of(folder), "");
        }
        Snapshot committed = readCommit(repository, folder.toString(), prefix, ref, resolve(repository, ref),
                Optional.of(folder), head == null ? "" : head.name());
        if (!workingTree) {
            return committed;
        }
        return new Snapshot(committed.commit(), ref, committed.subject(), true, WorkingTreeFiles.read(folder),
                committed.uncommitted(), Optional.of(folder), committed.checkedOut(), folder.toString(),
                Optional.empty());
    }

    private Snapshot readCommit(Repository repository, String name, String prefix, String ref, ObjectId id,
                                Optional<Path> workTree, String checkedOut) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            Map<String, byte[]> files = new TreeMap<>();
            try (TreeWalk tree = new TreeWalk(repository)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                tree.setFilter(PathFilterGroup.createFromStrings(FOLDERS.stream().map(f -> prefix + f).toList()));
                while (tree.next()) {
                    String path = tree.getPathString().substring(prefix.length());
                    if (!wanted(path)) {
                        continue;
                    }
                    String where = tree.getPathString() + " at " + id.abbreviate(10).name();
                    if (FileMode.SYMLINK.equals(tree.getRawMode(0))) {
                        throw NotRegularFile.symbolicLink(where);
                    }
                    if (FileMode.GITLINK.equals(tree.getRawMode(0))) {
                        if (!wanted(path + "/file")) {
                            continue; // a folder under inventory/ (an image root), as in the working tree
                        }
                        throw NotRegularFile.submodule(where);
                    }
                    var loader = repository.open(tree.getObjectId(0));
                    if (loader.getSize() > MAX_FILE_BYTES) {
                        throw new HardenException(where
                                + " is larger than 1 MiB; desired-state files are small text files");
                    }
                    files.put(path, loader.getBytes());
                }
            }
            List<String> uncommitted = workTree.isPresent() ? uncommitted(repository, prefix) : List.of();
            return new Snapshot(id.name(), ref, commit.getShortMessage(), false, files, uncommitted, workTree,
                    checkedOut, name, Optional.empty());
        } catch (IOException e) {
            throw new HardenException("cannot read " + ref + " from the Git repository: " + e.getMessage());
        }
    }

    private static ObjectId resolve(Repository repository, String ref) throws IOException {
        for (String candidate : List.of(ref, "refs/remotes/origin/" + ref, "refs/tags/" + ref)) {
            ObjectId id = repository.resolve(candidate + "^{commit}");
            if (id != null) {
                return id;
            }
        }
        if ("HEAD".equals(ref) && repository.resolve("HEAD") == null) {
            throw new HardenException("the Git repository has no commits yet: commit the desired state first"
                    + " (or pass --working-tree)");
        }
        throw new HardenException("--ref " + ref + ": no such branch, tag or commit in the repository");
    }

    private static List<String> uncommitted(Repository repository, String prefix) {
        try (Git git = new Git(repository)) {
            var status = git.status();
            FOLDERS.forEach(f -> status.addPath(prefix + f));
            Status result = status.call();
            TreeSet<String> paths = new TreeSet<>();
            paths.addAll(result.getUncommittedChanges());
            paths.addAll(result.getUntracked());
            List<String> relative = new ArrayList<>();
            paths.forEach(p -> relative.add(p.substring(Math.min(prefix.length(), p.length()))));
            return relative;
        } catch (GitAPIException e) {
            return List.of();
        }
    }

    /** Inventory subfolders hold no desired state (image roots live there), so they are not read. */
    static boolean wanted(String path) {
        return !path.startsWith("inventory/") || path.indexOf('/', "inventory/".length()) < 0;
    }
}
