package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFileTest {

    private static final String A = "[10.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String B = "10.0.0.2 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("inventory/known_hosts");
    }

    private Path write(String text) throws IOException {
        Files.createDirectories(file().getParent());
        return Files.writeString(file(), text);
    }

    @Test
    void aFileWithoutAFinalNewlineGetsOneBeforeTheNewLine() throws IOException {
        write("# pinned\n" + A);
        assertTrue(new KnownHostsFile(file()).add(B));
        assertEquals("# pinned\n" + A + "\n" + B + "\n", Files.readString(file()));
    }

    @Test
    void aFileWithAFinalNewlineIsAppendedTo() throws IOException {
        write(A + "\n");
        assertTrue(new KnownHostsFile(file()).add(B));
        assertEquals(A + "\n" + B + "\n", Files.readString(file()));
    }

    @Test
    void aMissingFileAndFolderAreCreated() throws IOException {
        assertTrue(new KnownHostsFile(file()).add(A));
        assertEquals(A + "\n", Files.readString(file()));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void anEmptyFileGetsNoBlankLine() throws IOException {
        write("");
        assertTrue(new KnownHostsFile(file()).add(A));
        assertEquals(A + "\n", Files.readString(file()));
    }

    @Test
    void aLineAlreadyThereIsNotAddedTwice() throws IOException {
        write(A + "\n" + B);
        assertFalse(new KnownHostsFile(file()).add(B));
        assertEquals(A + "\n" + B, Files.readString(file()));
    }

    @Test
    void permissionsAreKeptAndNoTemporaryFileIsLeft() throws IOException {
        write(A + "\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
        new KnownHostsFile(file()).add(B);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aLinkIsNotWrittenThrough(@TempDir Path elsewhere) throws IOException {
        Path target = Files.writeString(elsewhere.resolve("known_hosts"), A + "\n");
        Files.createDirectories(file().getParent());
        Files.createSymbolicLink(file(), target);
        assertThrows(IOException.class, () -> new KnownHostsFile(file()).add(B));
        assertEquals(A + "\n", Files.readString(target));
    }

    @Test
    void onlyOneLineCanBeAdded() throws IOException {
        write(A + "\n");
        assertThrows(IllegalArgumentException.class, () -> new KnownHostsFile(file()).add(B + "\n" + B));
        assertEquals(A + "\n", Files.readString(file()));
    }
}
