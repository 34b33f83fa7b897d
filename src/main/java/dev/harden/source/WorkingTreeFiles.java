package dev.harden.source;

import dev.harden.HardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the desired-state folders of a working tree, for --working-tree. Links are never
 * followed: a symbolic link, a nested repository (a submodule's checkout) or any other
 * non-regular file where desired state is read is refused with its path. Inventory subfolders
 * (image roots) are not desired state and are not entered.
 */
final class WorkingTreeFiles {

    private WorkingTreeFiles() {
    }

    /** Files under {@code root}'s policies/, templates/ and inventory/, by path relative to {@code root}. */
    static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : GitSource.FOLDERS) {
            Path dir = root.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw NotRegularFile.symbolicLink(name);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.walkFileTree(dir, new Reader(root, files));
            } catch (IOException e) {
                throw new HardenException("cannot read " + dir + ": " + e.getMessage());
            }
        }
        return files;
    }

    private static final class Reader extends SimpleFileVisitor<Path> {

        private final Path root;
        private final Map<String, byte[]> files;

        Reader(Path root, Map<String, byte[]> files) {
            this.root = root;
            this.files = files;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String path = relative(dir);
            if (!GitSource.wanted(path + "/file")) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                throw NotRegularFile.submodule(path);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            String path = relative(file);
            if (!GitSource.wanted(path)) {
                return FileVisitResult.CONTINUE;
            }
            if (attributes.isSymbolicLink()) {
                throw NotRegularFile.symbolicLink(path);
            }
            if (!attributes.isRegularFile()) {
                throw NotRegularFile.special(path);
            }
            files.put(path, readNoFollow(file, path));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw e;
        }

        private String relative(Path path) {
            return root.relativize(path).toString().replace('\\', '/');
        }
    }

    /** The file's bytes; opened without following a link, so a file swapped for one is refused. */
    private static byte[] readNoFollow(Path file, String path) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(GitSource.MAX_FILE_BYTES + 1);
            if (bytes.length > GitSource.MAX_FILE_BYTES) {
                throw new HardenException(path + " is larger than 1 MiB; desired-state files are small text files");
            }
            return bytes;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw NotRegularFile.symbolicLink(path);
            }
            throw e;
        }
    }
}
