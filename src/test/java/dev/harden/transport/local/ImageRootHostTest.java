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
 * An image root is contained: harden never plans against this machine's own root.
 */
class ImageRootHostTest {

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
        for (Path path : List.of(link, Path.of("/tmp/.."), Path.of("//"), Path.of("/proc/self/root"))) {
            HostException e = assertThrows(HostException.class, () -> new ImageRootHost("img", path), path.toString());
            assertTrue(e.getMessage().contains("is this machine's own root"), e.getMessage());
        }
    }

    @Test
    void acceptsAnImageDirectory() {
        assertDoesNotThrow(() -> new ImageRootHost("img", root));
    }

    private static void assertOneLine(HostException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
