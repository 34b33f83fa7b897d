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
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitSource against a real repository made with JGit. */
class GitSourceTest {

    private static final String HOSTS_V1 = "hosts:\n  web1:\n    address: 10.0.0.1\n";
    private static final String HOSTS_V2 = "hosts:\n  web1:\n    address: 10.0.0.2\n";

    @TempDir
    Path dir;
    @TempDir
    Path cache;

    private RevCommit first;
    private RevCommit second;

    @BeforeEach
    void repository() throws IOException, GitAPIException {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("inventory/hosts.yaml", HOSTS_V1);
            write("policies/baseline.yaml", "ssh:\n  port: 22\n");
            write("README.md", "not desired state\n");
            git.add().addFilepattern(".").call();
            first = commit(git, "first");
            write("inventory/hosts.yaml", HOSTS_V2);
            git.add().addFilepattern(".").call();
            second = commit(git, "second: move web1");
        }
    }

    private static RevCommit commit(Git git, String message) throws GitAPIException {
        return git.commit().setMessage(message).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                .setSign(false).call();
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Snapshot read(String ref, boolean workingTree) {
        return new GitSource(cache).read(dir.toString(), ref, workingTree);
    }

    private static String text(Snapshot snapshot, String path) {
        return new String(snapshot.file(path).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void readsTheDesiredStateFoldersAtHead() {
        Snapshot snapshot = read("HEAD", false);
        assertEquals(second.name(), snapshot.commit());
        assertEquals("second: move web1", snapshot.subject());
        assertEquals(HOSTS_V2, text(snapshot, "inventory/hosts.yaml"));
        assertEquals(List.of("inventory/hosts.yaml", "policies/baseline.yaml"), List.copyOf(snapshot.files().keySet()));
        assertFalse(snapshot.workingTree());
        assertEquals("commit " + second.name().substring(0, 10) + " (HEAD)", snapshot.label());
    }

    @Test
    void olderCommitGivesOldContent() {
        Snapshot snapshot = read(first.name(), false);
        assertEquals(first.name(), snapshot.commit());
        assertEquals(HOSTS_V1, text(snapshot, "inventory/hosts.yaml"));
    }

    @Test
    void branchNamesResolve() {
        assertEquals(second.name(), read("main", false).commit());
    }

    @Test
    void theSnapshotKnowsWhetherTheCheckoutHoldsWhatWasPlanned() {
        Snapshot head = read("HEAD", false);
        assertEquals(second.name(), head.checkedOut());
        assertTrue(head.checkoutIsPlanned());
        Snapshot older = read(first.name(), false);
        assertEquals(second.name(), older.checkedOut());
        assertFalse(older.checkoutIsPlanned(), "another commit than the checkout's");
        assertTrue(read("HEAD", true).checkoutIsPlanned(), "the working tree itself");
    }

    @Test
    void uncommittedEditsAreListedButNotRead() throws IOException {
        write("inventory/hosts.yaml", "hosts: {}\n");
        write("policies/groups/web.yaml", "ssh:\n  port: 2222\n");
        Snapshot snapshot = read("HEAD", false);
        assertEquals(HOSTS_V2, text(snapshot, "inventory/hosts.yaml"));
        assertTrue(snapshot.file("policies/groups/web.yaml").isEmpty());
        assertEquals(List.of("inventory/hosts.yaml", "policies/groups/web.yaml"), snapshot.uncommitted());
    }

    @Test
    void workingTreeIncludesUncommittedEdits() throws IOException {
        write("inventory/hosts.yaml", "hosts: {}\n");
        write("policies/groups/web.yaml", "ssh:\n  port: 2222\n");
        Snapshot snapshot = read("HEAD", true);
        assertTrue(snapshot.workingTree());
        assertEquals("hosts: {}\n", text(snapshot, "inventory/hosts.yaml"));
        assertEquals("ssh:\n  port: 2222\n", text(snapshot, "policies/groups/web.yaml"));
        assertEquals(second.name(), snapshot.commit());
        assertTrue(snapshot.label().startsWith("working tree of commit"), snapshot.label());
    }

    @Test
    void aSubfolderOfTheRepositoryIsTheDesiredStateRoot() throws IOException, GitAPIException {
        write("fleet/inventory/hosts.yaml", HOSTS_V1);
        try (Git git = Git.open(dir.toFile())) {
            git.add().addFilepattern("fleet").call();
            commit(git, "fleet");
        }
        Snapshot snapshot = new GitSource(cache).read(dir.resolve("fleet").toString(), "HEAD", false);
        assertEquals(List.of("inventory/hosts.yaml"), List.copyOf(snapshot.files().keySet()));
        assertEquals(HOSTS_V1, text(snapshot, "inventory/hosts.yaml"));
    }

    @Test
    void unknownRefIsAnError() {
        String message = assertThrows(HardenException.class, () -> read("no-such-branch", false)).getMessage();
        assertEquals("--ref no-such-branch: no such branch, tag or commit in the repository", message);
    }

    @Test
    void notARepositoryIsAnErrorUnlessWorkingTreeIsAsked(@TempDir Path plain) throws IOException {
        Files.createDirectories(plain.resolve("inventory"));
        Files.writeString(plain.resolve("inventory/hosts.yaml"), HOSTS_V1);
        GitSource source = new GitSource(cache);
        String message = assertThrows(HardenException.class, () -> source.read(plain.toString(), "HEAD", false))
                .getMessage();
        assertTrue(message.contains("is not a Git repository"), message);
        assertTrue(message.contains("--working-tree"), message);

        Snapshot snapshot = source.read(plain.toString(), "HEAD", true);
        assertEquals(HOSTS_V1, text(snapshot, "inventory/hosts.yaml"));
        assertEquals("working tree (not a Git repository)", snapshot.label());
    }

    @Test
    void missingFolderIsAnError() {
        String message = assertThrows(HardenException.class,
                () -> new GitSource(cache).read(dir.resolve("nope").toString(), "HEAD", false)).getMessage();
        assertTrue(message.contains("no such folder"), message);
    }

    @Test
    void repositoryWithoutCommitsSaysSo(@TempDir Path empty) throws GitAPIException {
        Git.init().setDirectory(empty.toFile()).call().close();
        String message = assertThrows(HardenException.class,
                () -> new GitSource(cache).read(empty.toString(), "HEAD", false)).getMessage();
        assertTrue(message.contains("no commits yet"), message);
    }
}
