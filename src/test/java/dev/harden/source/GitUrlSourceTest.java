package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desired-state repository given as a URL: every run fetches and plans what the remote has now,
 * never what an earlier run cloned. The remote is a real repository reached through file://.
 */
class GitUrlSourceTest {

    @TempDir
    Path origin;
    @TempDir
    Path cache;

    private String url;
    private RevCommit first;
    private RevCommit second;

    @BeforeEach
    void remote() throws IOException, GitAPIException {
        url = origin.toUri().toString();
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            first = commitHosts(git, "10.0.0.1", "first");
            second = commitHosts(git, "10.0.0.2", "second");
        }
    }

    private RevCommit commitHosts(Git git, String address, String message) throws IOException, GitAPIException {
        Path hosts = origin.resolve("inventory/hosts.yaml");
        Files.createDirectories(hosts.getParent());
        Files.writeString(hosts, "hosts:\n  web1:\n    address: " + address + "\n");
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                .setSign(false).call();
    }

    private Snapshot read(String ref) {
        return new GitSource(cache).read(url, ref, false);
    }

    private static String hosts(Snapshot snapshot) {
        return new String(snapshot.file("inventory/hosts.yaml").orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void everyRunPlansTheRemotesCurrentCommit() throws IOException, GitAPIException {
        assertEquals(second.name(), read("HEAD").commit());
        RevCommit third;
        try (Git git = Git.open(origin.toFile())) {
            third = commitHosts(git, "10.0.0.3", "third");
        }
        Snapshot head = read("HEAD");
        assertEquals(third.name(), head.commit());
        assertTrue(hosts(head).contains("10.0.0.3"), hosts(head));
        assertEquals(third.name(), read("main").commit());
        assertEquals(third.name(), read("refs/heads/main").commit());
    }

    @Test
    void aForcePushedBranchIsFollowed() throws GitAPIException, IOException {
        assertEquals(second.name(), read("main").commit());
        try (Git git = Git.open(origin.toFile())) {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(first.name()).call();
        }
        assertEquals(first.name(), read("main").commit());
        assertEquals(first.name(), read("HEAD").commit());
    }

    @Test
    void aDeletedBranchIsAnErrorNotItsLastCommit() throws GitAPIException, IOException {
        try (Git git = Git.open(origin.toFile())) {
            git.branchCreate().setName("feature").setStartPoint(first.name()).call();
        }
        assertEquals(first.name(), read("feature").commit());
        try (Git git = Git.open(origin.toFile())) {
            git.branchDelete().setBranchNames("feature").setForce(true).call();
        }
        String message = assertThrows(HardenException.class, () -> read("feature")).getMessage();
        assertTrue(message.contains("--ref feature"), message);
        assertTrue(message.contains(url), message);
    }

    @Test
    void aMovedTagIsFollowed() throws GitAPIException, IOException {
        try (Git git = Git.open(origin.toFile())) {
            git.tag().setName("release").setObjectId(git.getRepository().parseCommit(first)).setAnnotated(true)
                    .setMessage("release").setSigned(false).call();
        }
        assertEquals(first.name(), read("release").commit());
        try (Git git = Git.open(origin.toFile())) {
            git.tag().setName("release").setObjectId(git.getRepository().parseCommit(second)).setAnnotated(true)
                    .setMessage("release again").setSigned(false).setForceUpdate(true).call();
        }
        assertEquals(second.name(), read("release").commit());
        assertEquals(second.name(), read("refs/tags/release").commit());
    }

    @Test
    void headIsTheBranchTheRemotesHeadNames() throws GitAPIException, IOException {
        assertEquals(second.name(), read("HEAD").commit());
        try (Git git = Git.open(origin.toFile())) {
            git.branchCreate().setName("stable").setStartPoint(first.name()).call();
            RefUpdate head = git.getRepository().updateRef("HEAD");
            head.link("refs/heads/stable");
        }
        assertEquals(first.name(), read("HEAD").commit());
        assertEquals(second.name(), read("main").commit());
    }

    @Test
    void fullAndAbbreviatedCommitIdsResolve() {
        assertEquals(first.name(), read(first.name()).commit());
        Snapshot abbreviated = read(first.name().substring(0, 8));
        assertEquals(first.name(), abbreviated.commit());
        assertTrue(hosts(abbreviated).contains("10.0.0.1"));
    }

    @Test
    void anUnknownRefNamesTheUrl() {
        String message = assertThrows(HardenException.class, () -> read("no-such-branch")).getMessage();
        assertTrue(message.startsWith("--ref no-such-branch: no such branch, tag or commit"), message);
        assertTrue(message.contains(url), message);
    }

    @Test
    void aFailedFetchIsAnErrorNamingTheUrlNotTheOldCommit() throws IOException {
        assertEquals(second.name(), read("HEAD").commit());
        Path moved = origin.resolveSibling(origin.getFileName() + "-moved");
        Files.move(origin, moved);
        try {
            String message = assertThrows(HardenException.class, () -> read("HEAD")).getMessage();
            assertTrue(message.startsWith("cannot fetch " + url), message);
        } finally {
            Files.move(moved, origin);
        }
    }

    @Test
    void aCacheClonedByEarlierVersionsIsFetchedAndRepaired() throws GitAPIException, IOException {
        // Earlier versions cloned (bare) into CACHE/<sha256(url)[0,16]>.git and later resolved the
        // clone's own refs/heads/*, which their fetch never updated.
        Path old = cache.resolve(sha256(url).substring(0, 16) + ".git");
        Git.cloneRepository().setURI(url).setBare(true).setDirectory(old.toFile()).call().close();
        RevCommit third;
        try (Git git = Git.open(origin.toFile())) {
            third = commitHosts(git, "10.0.0.3", "third");
        }
        assertEquals(third.name(), read("HEAD").commit());
        assertEquals(third.name(), read("main").commit());
        try (Git git = Git.open(old.toFile())) {
            assertTrue(git.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/").isEmpty(),
                    "the clone's stale branches are gone");
            assertFalse(git.getRepository().getConfig().getSubsections("remote").contains("origin"),
                    "no remote URL is kept in the cache's config");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
