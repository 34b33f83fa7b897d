package dev.harden.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Copies of the example Debian 12 image root (inventory/images/debian12) for tests that write. */
public final class ImageRoots {

    public static final Path DEBIAN12 = Path.of("inventory/images/debian12").toAbsolutePath();

    private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");

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

    /**
     * Makes {@code root} an image that can run programs of its own: this machine's dash as
     * /bin/sh, the given binaries at their paths, and every library they load at its path; a
     * /tmp (1777) and an /etc (0755, owned by whoever runs the test).
     */
    public static Path withShell(Path root, String... binaries) {
        try {
            List<String> programs = new ArrayList<>(List.of(binaries));
            copyWithLibraries(root, Path.of("/bin/dash"), root.resolve("bin/sh"));
            for (String binary : programs) {
                copyWithLibraries(root, Path.of(binary), root.resolve(binary.substring(1)));
            }
            Files.createDirectories(root.resolve("tmp"));
            Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
            Files.createDirectories(root.resolve("etc"));
            Files.setPosixFilePermissions(root.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an executable script (mode 0755) at {@code path} inside the image. */
    public static Path script(Path root, String path, String text) {
        try {
            Path file = root.resolve(path.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyWithLibraries(Path root, Path binary, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        for (String library : libraries(binary)) {
            Path copy = root.resolve(library.substring(1));
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                Files.copy(Path.of(library), copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** The libraries ldd says {@code binary} loads, the dynamic loader included. */
    private static List<String> libraries(Path binary) throws IOException {
        Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (ldd.waitFor() != 0) {
                throw new IOException("ldd " + binary + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> libraries = new ArrayList<>();
        Matcher m = LIBRARY.matcher(out);
        while (m.find()) {
            libraries.add(m.group(1));
        }
        return libraries;
    }
}
