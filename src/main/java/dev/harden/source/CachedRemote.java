package dev.harden.source;

import dev.harden.HardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A bare copy of a remote desired-state repository in the cache, fetched on every run. The
 * remote's branches are kept under {@code refs/remotes/origin/} and its tags under
 * {@code refs/tags/}, both forced and pruned to match the remote. A ref is resolved against what
 * the remote advertised in this run's fetch (HEAD is the remote's HEAD), never against refs an
 * earlier run left behind, so a branch that moved, was force-pushed or deleted is answered as it
 * is now. A fetch that fails is an error: there is no falling back to what the cache holds.
 *
 * <p>The URL, with any credentials, is given to the fetch and nowhere else: the cache's config
 * names no remote, the cache is named after the redacted URL, and FETCH_HEAD (which quotes the
 * URL) is removed. Caches made by earlier versions (a bare clone with {@code refs/heads/*} and a
 * remote in its config, named after the full URL) are moved and repaired on first use.
 */
final class CachedRemote implements AutoCloseable {

    private static final String BRANCHES = "refs/remotes/origin/";

    private final RepositoryUrl url;
    private final Repository repository;
    private final Map<String, Ref> advertised;

    private CachedRemote(RepositoryUrl url, Repository repository, Map<String, Ref> advertised) {
        this.url = url;
        this.repository = repository;
        this.advertised = advertised;
    }

    /** Opens (or creates) the cache of {@code url} under {@code cacheRoot} and fetches into it. */
    static CachedRemote fetch(Path cacheRoot, RepositoryUrl url) {
        Path dir = cacheRoot.resolve(name(url.redacted()));
        try {
            PrivateFolder.create(cacheRoot);
        } catch (IOException e) {
            throw new HardenException("cannot make the repository cache " + cacheRoot + " private to you: "
                    + e.getMessage() + " (check who owns it, or point XDG_CACHE_HOME elsewhere)");
        }
        Repository repository = null;
        try {
            adoptEarlierCache(cacheRoot.resolve(name(url.forFetch())), dir);
            if (!Files.isDirectory(dir)) {
                Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
            }
            repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            prepare(repository);
            FetchResult result;
            try (Git git = new Git(repository)) {
                result = git.fetch().setRemote(url.forFetch())
                        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + BRANCHES + "*"),
                                new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
                        .setTagOpt(TagOpt.NO_TAGS).setRemoveDeletedRefs(true).call();
            }
            Files.deleteIfExists(dir.resolve("FETCH_HEAD"));
            PrivateFolder.restrict(dir);
            return new CachedRemote(url, repository, advertisedRefs(result));
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (repository != null) {
                repository.close();
            }
            if (e instanceof HardenException known) {
                throw known;
            }
            throw new HardenException("cannot fetch " + url + ": " + url.redact(e.getMessage())
                    + " (check the URL and your access to it)");
        }
    }

    /**
     * The cache of {@code url} as the last fetch left it, without fetching (for questions about
     * commits a run already fetched, such as their signatures and ancestry).
     */
    static Repository open(Path cacheRoot, RepositoryUrl url) {
        Path dir = cacheRoot.resolve(name(url.redacted()));
        try {
            return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        } catch (IOException | RuntimeException e) {
            throw new HardenException("no cached copy of " + url + " in " + cacheRoot + ": read the repository first");
        }
    }

    private static Map<String, Ref> advertisedRefs(FetchResult result) {
        Map<String, Ref> refs = new HashMap<>();
        result.getAdvertisedRefs().forEach(ref -> refs.put(ref.getName(), ref));
        return refs;
    }

    Repository repository() {
        return repository;
    }

    /**
     * The commit {@code ref} names on the remote now: HEAD (the remote's default branch), a
     * branch, a tag, a full ref name, or a full or abbreviated commit id.
     */
    ObjectId resolve(String ref) throws IOException {
        String name = ref.isBlank() ? Constants.HEAD : ref;
        Ref found;
        if (name.equals(Constants.HEAD)) {
            found = advertised.get(Constants.HEAD);
            if (found == null || found.getObjectId() == null) {
                throw new HardenException(url + " has no HEAD (an empty repository, or its default branch is"
                        + " missing): give --ref BRANCH");
            }
        } else if (name.startsWith(Constants.R_REFS)) {
            found = advertised.get(name);
        } else {
            Ref branch = advertised.get(Constants.R_HEADS + name);
            Ref tag = advertised.get(Constants.R_TAGS + name);
            if (branch != null && tag != null) {
                throw new HardenException("--ref " + name + " is both a branch and a tag at " + url
                        + ": give refs/heads/" + name + " or refs/tags/" + name);
            }
            found = branch != null ? branch : tag;
        }
        if (found != null && found.getObjectId() != null) {
            return commitOf(name, found.getObjectId());
        }
        if (name.matches("[0-9a-fA-F]{4," + Constants.OBJECT_ID_STRING_LENGTH + "}")) {
            return commitId(name);
        }
        throw noSuchRef(name);
    }

    private ObjectId commitId(String hex) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(hex.toLowerCase()));
            if (matches.size() > 1) {
                throw new HardenException("--ref " + hex + " is an ambiguous commit id at " + url
                        + ": give more of its digits");
            }
            if (matches.isEmpty()) {
                throw noSuchRef(hex);
            }
            return commitOf(hex, matches.iterator().next());
        }
    }

    private ObjectId commitOf(String name, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id).copy();
        } catch (IncorrectObjectTypeException e) {
            throw new HardenException("--ref " + name + " at " + url + " names " + id.name()
                    + ", which is not a commit");
        } catch (MissingObjectException e) {
            throw new HardenException("--ref " + name + " at " + url + " names commit " + id.name()
                    + ", which the fetch did not bring (it is on no branch or tag): give a branch or tag");
        }
    }

    private HardenException noSuchRef(String name) {
        return new HardenException("--ref " + name + ": no such branch, tag or commit at " + url);
    }

    @Override
    public void close() {
        repository.close();
    }

    /** Earlier versions named the cache after the full URL, credentials included. */
    private static void adoptEarlierCache(Path earlier, Path dir) throws IOException {
        if (earlier.equals(dir) || !Files.isDirectory(earlier)) {
            return;
        }
        if (Files.exists(dir)) {
            deleteTree(earlier);
        } else {
            Files.move(earlier, dir);
        }
    }

    /**
     * Sets the cache up for a fetch. Earlier versions cloned: the cache had the branches as
     * {@code refs/heads/*} (stale after the first run) and the URL, credentials included, in its
     * config; both go. Git's automatic gc runs in the foreground, so that it is done before the
     * cache is made private rather than writing files behind it.
     */
    private static void prepare(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        boolean changed = !config.getSubsections("remote").isEmpty();
        config.getSubsections("remote").forEach(name -> config.unsetSection("remote", name));
        if (config.getString("gc", null, "autoDetach") == null) {
            // the fetch's automatic gc runs before the cache is made private, not behind it
            config.setBoolean("gc", null, "autoDetach", false);
            changed = true;
        }
        if (changed) {
            config.save();
        }
        for (Ref stale : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            RefUpdate delete = repository.updateRef(stale.getName());
            delete.setForceUpdate(true);
            RefUpdate.Result result = delete.delete();
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("cannot remove the stale " + stale.getName() + " from the cache "
                        + repository.getDirectory() + " (" + result + "); delete that folder");
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String name(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
