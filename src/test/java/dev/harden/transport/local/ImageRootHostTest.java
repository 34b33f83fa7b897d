package dev.harden.transport.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.transport.HostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image root is contained: harden never plans against this machine's own root, and never
 * writes, chmods or backs up outside the image, whatever symlinks the image holds.
 */
class ImageRootHostTest {

    private static final List<String> SSHD = List.of("/etc/ssh/sshd_config");

    @TempDir
    Path temp;

    private Path root;
    private Path outside;

    @BeforeEach
    void image() throws IOException {
        root = Files.createDirectories(temp.resolve("img"));
        Files.createDirectories(root.resolve("etc/ssh"));
        Files.writeString(root.resolve("etc/ssh/sshd_config"), "Port 22\n");
        outside = Files.createDirectories(temp.resolve("elsewhere"));
    }

    // (c) the controller's own root

    @Test
    void refusesTheControllersRoot() {
        HostException e = assertThrows(HostException.class, () -> new ImageRootHost("img", Path.of("/")));
        assertEquals("img", e.host());
        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("img: image root / is this machine's own root"), e.getMessage());
    }

    @Test
    void refusesEveryPathToTheControllersRoot() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("slash"), Path.of("/"));
        try {
            for (Path path : List.of(link, Path.of("/tmp/.."), Path.of("//"), Path.of("/proc/self/root"))) {
                HostException e = assertThrows(HostException.class, () -> new ImageRootHost("img", path),
                        path.toString());
                assertTrue(e.getMessage().contains("is this machine's own root"), e.getMessage());
            }
        } finally {
            Files.delete(link); // not left for the temp directory cleanup, which warns about links out of it
        }
    }

    @Test
    void acceptsAnImageDirectory() {
        assertDoesNotThrow(() -> new ImageRootHost("img", root).checkManagedPaths(SSHD));
    }

    // (a) paths that leave the image

    @Test
    void refusesASymlinkedDirectoryThatLeadsOutside() throws IOException {
        moveOut("etc/ssh");
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertEquals("img", e.host());
        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("img: /etc/ssh/sshd_config leads outside the image root " + root),
                e.getMessage());
    }

    @Test
    void refusesAStateDirectoryThatLeadsOutside() throws IOException {
        Files.createDirectories(root.resolve("var/lib"));
        Files.createSymbolicLink(root.resolve("var/lib/harden"), outside);
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertTrue(e.getMessage().startsWith("img: /var/lib/harden leads outside the image root"), e.getMessage());
    }

    @Test
    void refusesAStateDirectoryBelowALinkThatLeadsOutside() throws IOException {
        Files.createDirectories(root.resolve("var"));
        Files.createSymbolicLink(root.resolve("var/lib"), outside);
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(List.of()));
        assertTrue(e.getMessage().startsWith("img: /var/lib/harden leads outside the image root"), e.getMessage());
    }

    @Test
    void refusesALinkInsideTheStateDirectoryThatLeadsOutside() throws IOException {
        Files.createDirectories(root.resolve("var/lib/harden"));
        Files.createSymbolicLink(root.resolve("var/lib/harden/generations"), outside);
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertTrue(e.getMessage().startsWith("img: /var/lib/harden/generations leads outside the image root"),
                e.getMessage());
    }

    @Test
    void refusesALinkOutsideBehindALinkThatStaysInside() throws IOException {
        Files.createDirectories(root.resolve("var/lib/harden"));
        Files.createDirectories(root.resolve("srv/generations"));
        Files.createSymbolicLink(root.resolve("var/lib/harden/generations"), Path.of("../../../srv/generations"));
        Files.createSymbolicLink(root.resolve("srv/generations/20250101T000000Z-0000"), outside);
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertTrue(e.getMessage().startsWith(
                "img: /var/lib/harden/generations/20250101T000000Z-0000 leads outside the image root"), e.getMessage());
    }

    @Test
    void refusesASymlinkLoopInTheStateDirectory() throws IOException {
        Files.createDirectories(root.resolve("var/lib/harden"));
        Files.createSymbolicLink(root.resolve("var/lib/harden/loop"), Path.of("."));
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertTrue(e.getMessage().startsWith("img: cannot tell where /var/lib/harden leads"), e.getMessage());
    }

    @Test
    void refusesAManagedFileThatIsALinkOutside() throws IOException {
        Files.delete(root.resolve("etc/ssh/sshd_config"));
        Files.writeString(outside.resolve("victim"), "x");
        Files.createSymbolicLink(root.resolve("etc/ssh/sshd_config"), outside.resolve("victim"));
        assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
    }

    /** harden stages PATH.harden-new beside a file and writes through it: a planted link there escapes too. */
    @Test
    void refusesAStagingNameBesideAManagedFileThatLeadsOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/ssh/sshd_config.harden-new"), outside.resolve("victim"));
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
        assertTrue(e.getMessage().startsWith("img: /etc/ssh/sshd_config.harden-new leads outside the image root"),
                e.getMessage());
    }

    /** Absolute links in an image mean the image's own files, but from this machine they lead outside. */
    @Test
    void refusesAnAbsoluteSymlinkEvenToAPathTheImageAlsoHas() throws IOException {
        Files.createDirectories(root.resolve("usr/share/ssh"));
        moveOut("etc/ssh");
        Files.delete(root.resolve("etc/ssh"));
        Files.createSymbolicLink(root.resolve("etc/ssh"), Path.of("/usr/share/ssh"));
        assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
    }

    @Test
    void refusesADanglingAbsoluteSymlink() throws IOException {
        Files.createDirectories(root.resolve("etc/sudoers.d").getParent());
        Files.createSymbolicLink(root.resolve("etc/sudoers.d"), outside.resolve("not-there-yet/sudoers.d"));
        HostException e = assertThrows(HostException.class,
                () -> host().checkManagedPaths(List.of("/etc/sudoers.d/harden")));
        assertTrue(e.getMessage().contains("/etc/sudoers.d/harden"), e.getMessage());
    }

    @Test
    void refusesARelativeSymlinkThatClimbsOut() throws IOException {
        moveOut("etc/ssh");
        Files.delete(root.resolve("etc/ssh"));
        Files.createSymbolicLink(root.resolve("etc/ssh"), Path.of("../../elsewhere/ssh"));
        assertThrows(HostException.class, () -> host().checkManagedPaths(SSHD));
    }

    @Test
    void refusesDotDotThatClimbsOut() {
        assertThrows(HostException.class, () -> host().checkManagedPaths(List.of("/../elsewhere/x")));
        assertThrows(HostException.class, () -> host().checkManagedPaths(List.of("/etc/../../elsewhere/x")));
    }

    @Test
    void refusesASymlinkLoopInsteadOfHanging() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("etc/b"), Path.of("a"));
        HostException e = assertThrows(HostException.class, () -> host().checkManagedPaths(List.of("/etc/a/x")));
        assertTrue(e.getMessage().contains("/etc/a/x"), e.getMessage());
    }

    @Test
    void refusesARelativePath() {
        assertThrows(HostException.class, () -> host().checkManagedPaths(List.of("etc/ssh/sshd_config")));
    }

    @Test
    void acceptsRelativeSymlinksThatStayInside() throws IOException {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc/alternatives"));
        Files.writeString(root.resolve("usr/bin/x"), "");
        Files.createSymbolicLink(root.resolve("etc/alternatives/x"), Path.of("../../usr/bin/x"));
        Files.createDirectories(root.resolve("srv/sudoers.d"));
        Files.createSymbolicLink(root.resolve("etc/sudoers.d"), Path.of("../srv/sudoers.d"));
        Files.createDirectories(root.resolve("var/lib/state/harden"));
        Files.createSymbolicLink(root.resolve("var/lib/harden"), Path.of("state/harden"));
        assertDoesNotThrow(() -> host().checkManagedPaths(List.of("/etc/alternatives/x", "/etc/sudoers.d/harden",
                "/etc/ssh/sshd_config")));
    }

    @Test
    void acceptsPathsThatDoNotExistYet() {
        assertDoesNotThrow(() -> host().checkManagedPaths(List.of("/etc/ufw/applications.d/harden",
                "/etc/sudoers.d/harden")));
    }

    /** The image root may itself be reached through a symlink; links inside it are judged against its real path. */
    @Test
    void acceptsAnImageRootReachedThroughASymlink() throws IOException {
        Path current = Files.createSymbolicLink(temp.resolve("current"), root);
        Files.createDirectories(root.resolve("var/lib/harden"));
        assertDoesNotThrow(() -> new ImageRootHost("img", current).checkManagedPaths(SSHD));
    }

    private ImageRootHost host() {
        return new ImageRootHost("img", root);
    }

    /** Moves {@code relative} out of the image and leaves an absolute symlink to it in its place. */
    private void moveOut(String relative) throws IOException {
        Path moved = outside.resolve(root.resolve(relative).getFileName());
        Files.move(root.resolve(relative), moved);
        Files.createSymbolicLink(root.resolve(relative), moved);
    }

    private static void assertOneLine(HostException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
