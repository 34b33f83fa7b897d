package dev.harden.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of the example Debian 12 image root (inventory/images/debian12) for tests that write. */
public final class ImageRoots {

    public static final Path DEBIAN12 = Path.of("inventory/images/debian12").toAbsolutePath();

    private ImageRoots() {
    }

    /** Copies the Debian 12 image root into {@code target} (created), keeping modes. */
    public static Path copyDebian12(Path target) {
        copyTree(DEBIAN12, target);
        return target;
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path dest = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
