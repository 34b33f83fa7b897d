package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired state is regular files only: a symbolic link or a submodule in policies/, templates/ or
 * inventory/ is refused with its path, at a commit and in the working tree. Image roots under
 * inventory subfolders are not desired state; links inside them are fine.
 */
class GitSourceLinksTest {

    private static final String HOSTS = "hosts:\n  web1:\n    address: 10.0.0.1\n";

    @TempDir
    Path dir;
    @TempDir
    Path cache;
    @TempDir
    Path controller;

    private Path secret;

    @BeforeEach
    void repository() throws IOException, GitAPIException {
        secret = controller.resolve("secret");
        Files.writeString(secret, "controller secret\n");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("inventory/hosts.yaml", HOSTS);
            write("templates/sshd_config.ftl", "Port 22\n");
            commitAll(git, "first");
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void link(String path, Path target) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, target);
    }

    private static void commitAll(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                .setSign(false).call();
    }

    private void commitAll(String message) throws IOException, GitAPIException {
        try (Git git = Git.open(dir.toFile())) {
            commitAll(git, message);
        }
    }

    private String refused(boolean workingTree) {
        return assertThrows(HardenException.class,
                () -> new GitSource(cache).read(dir.toString(), "HEAD", workingTree)).getMessage();
    }

    @Test
    void aSymlinkInTemplatesIsRefusedAtACommit() throws IOException, GitAPIException {
        link("templates/x.ftl", secret);
        commitAll("link");
        String message = refused(false);
        assertTrue(message.startsWith("templates/x.ftl at "), message);
        assertTrue(message.contains("is a symbolic link"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void aSymlinkInTemplatesIsRefusedInTheWorkingTree() throws IOException {
        link("templates/x.ftl", secret);
        String message = refused(true);
        assertTrue(message.startsWith("templates/x.ftl is a symbolic link"), message);
    }

    @Test
    void aLinkedDesiredStateFolderIsRefused() throws IOException {
        Files.createDirectories(controller.resolve("policies"));
        Files.writeString(controller.resolve("policies/baseline.yaml"), "ssh:\n  port: 2222\n");
        link("policies", controller.resolve("policies"));
        String message = refused(true);
        assertTrue(message.startsWith("policies is a symbolic link"), message);
    }

    @Test
    void aLinkedFolderInsideTemplatesIsRefusedInTheWorkingTree() throws IOException {
        link("templates/extra", controller);
        String message = refused(true);
        assertTrue(message.startsWith("templates/extra is a symbolic link"), message);
    }

    @Test
    void aSubmoduleUnderTemplatesIsRefusedWithItsPath() throws IOException, GitAPIException {
        commitSubmodule("templates/shared");
        String message = refused(false);
        assertTrue(message.startsWith("templates/shared at "), message);
        assertTrue(message.contains("is a submodule"), message);
    }

    @Test
    void aSubmoduleAsAnInventorySubfolderIsAnImageRootAndStaysAllowed() throws IOException, GitAPIException {
        commitSubmodule("inventory/images");
        Snapshot snapshot = new GitSource(cache).read(dir.toString(), "HEAD", false);
        assertEquals(List.of("inventory/hosts.yaml", "templates/sshd_config.ftl"), List.copyOf(snapshot.files().keySet()));
    }

    private void commitSubmodule(String path) throws IOException, GitAPIException {
        try (Git git = Git.open(dir.toFile())) {
            DirCache index = git.getRepository().lockDirCache();
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.GITLINK);
                    entry.setObjectId(ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
                }
            });
            editor.commit();
            git.commit().setMessage("submodule").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").setSign(false).call();
        }
    }

    @Test
    void aNestedRepositoryUnderTemplatesIsRefusedInTheWorkingTree() throws IOException, GitAPIException {
        Git.init().setDirectory(dir.resolve("templates/shared").toFile()).call().close();
        write("templates/shared/motd.ftl", "hello\n");
        String message = refused(true);
        assertTrue(message.startsWith("templates/shared is a submodule"), message);
    }

    @Test
    void aSymlinkedInventoryFileIsRefusedAtACommitAndInTheWorkingTree() throws IOException, GitAPIException {
        link("inventory/groups.yaml", secret);
        assertTrue(refused(true).startsWith("inventory/groups.yaml is a symbolic link"));
        commitAll("link");
        assertTrue(refused(false).startsWith("inventory/groups.yaml at "));
    }

    @Test
    void linksInsideImageRootsAreNotDesiredStateAndStayAllowed() throws IOException, GitAPIException {
        write("inventory/images/debian/etc/ssh/sshd_config", "Port 22\n");
        link("inventory/images/debian/etc/localtime", Path.of("../usr/share/zoneinfo/Etc/UTC"));
        link("inventory/images/debian/etc/secret", secret);
        commitAll("image root");
        for (boolean workingTree : List.of(false, true)) {
            Snapshot snapshot = new GitSource(cache).read(dir.toString(), "HEAD", workingTree);
            assertEquals(List.of("inventory/hosts.yaml", "templates/sshd_config.ftl"),
                    List.copyOf(snapshot.files().keySet()), "working tree: " + workingTree);
        }
    }
}
