package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in a repository URL are used for the fetch and appear nowhere else: not in
 * messages, not in the cache. The cache is private to its owner. Only 127.0.0.1 is contacted.
 */
class GitUrlCredentialsTest {

    private static final String SECRET = "s3cret-Token-0123456789";

    @TempDir
    Path origin;
    @TempDir
    Path home;

    private Path cache;
    private RevCommit commit;

    @BeforeEach
    void remote() throws IOException, GitAPIException {
        cache = home.resolve("cache/harden");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(origin.resolve("inventory"));
            Files.writeString(origin.resolve("inventory/hosts.yaml"), "hosts:\n  web1:\n    address: 10.0.0.1\n");
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("first").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").setSign(false).call();
        }
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aFailedFetchNamesTheUrlWithoutItsPassword() throws IOException {
        String url = "http://alice:" + SECRET + "@127.0.0.1:" + closedLoopbackPort() + "/fleet.git";
        String message = assertThrows(HardenException.class,
                () -> new GitSource(cache).read(url, "HEAD", false)).getMessage();
        assertFalse(message.contains(SECRET), message);
        assertTrue(message.startsWith("cannot fetch http://***@127.0.0.1:"), message);
    }

    @Test
    void aTokenAsUserNameIsHiddenToo() throws IOException {
        String url = "https://" + SECRET + "@127.0.0.1:" + closedLoopbackPort() + "/fleet.git";
        String message = assertThrows(HardenException.class,
                () -> new GitSource(cache).read(url, "HEAD", false)).getMessage();
        assertFalse(message.contains(SECRET), message);
        assertTrue(message.contains("https://***@127.0.0.1:"), message);
    }

    @Test
    void workingTreeWithAUrlNamesTheUrlWithoutItsPassword() {
        String url = "https://alice:" + SECRET + "@127.0.0.1:1/fleet.git";
        String message = assertThrows(HardenException.class,
                () -> new GitSource(cache).read(url, "HEAD", true)).getMessage();
        assertFalse(message.contains(SECRET), message);
        assertTrue(message.contains("https://***@127.0.0.1:1/fleet.git"), message);
    }

    @Test
    void credentialsAreUsedForTheFetchButNotStoredInTheCache() throws IOException, GitAPIException {
        try (Git git = Git.open(origin.toFile());
             DumbHttpGitServer server = new DumbHttpGitServer(git.getRepository(), "alice", SECRET)) {
            Snapshot snapshot = new GitSource(cache).read(server.url("alice:" + SECRET), "HEAD", false);
            assertEquals(commit.name(), snapshot.commit());
            assertFalse(server.authorizations().isEmpty(), "the fetch authenticated");
            assertFalse(snapshot.label().contains(SECRET), snapshot.label());
            for (Path file : files(cache)) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(SECRET), file + " holds the password");
                assertFalse(text.contains("alice"), file + " holds the user name");
            }
        }
    }

    @Test
    void aCacheClonedByEarlierVersionsLosesTheStoredPassword() throws IOException, GitAPIException {
        try (Git git = Git.open(origin.toFile());
             DumbHttpGitServer server = new DumbHttpGitServer(git.getRepository(), "alice", SECRET)) {
            String url = server.url("alice:" + SECRET);
            // Earlier versions cloned into CACHE/<sha256(full url)[0,16]>.git, the URL in its config.
            Path earlier = cache.resolve(sha256(url).substring(0, 16) + ".git");
            Git.cloneRepository().setURI(url).setBare(true).setDirectory(earlier.toFile()).call().close();
            assertTrue(Files.readString(earlier.resolve("config")).contains(SECRET), "the old layout, as it was");

            assertEquals(commit.name(), new GitSource(cache).read(url, "HEAD", false).commit());
            assertFalse(Files.exists(earlier), "the cache named after the password is gone");
            for (Path file : files(cache)) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(SECRET), file + " holds the password");
            }
        }
    }

    @Test
    void theCacheIsPrivateToItsOwner() throws IOException {
        Snapshot snapshot = new GitSource(cache).read(origin.toUri().toString(), "HEAD", false);
        assertEquals(commit.name(), snapshot.commit());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        List<String> open = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(cache)) {
            for (Path path : walk.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                String text = PosixFilePermissions.toString(permissions);
                if (!text.endsWith("------")) {
                    open.add(cache.relativize(path) + " " + text);
                }
            }
        }
        assertEquals(List.of(), open, "readable by group or others");
    }

    @Test
    void anExistingCacheFolderIsMadePrivate() throws IOException {
        Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        new GitSource(cache).read(origin.toUri().toString(), "HEAD", false);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
