package dev.harden.engine;

import dev.harden.source.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The checkout's inventory/known_hosts, where --trust-new-host-keys records a new key. A key is
 * added as a line of its own (after a newline when the file lacks a final one) by writing the
 * whole new file beside the old one and renaming it over it, so the existing lines are never
 * damaged, whatever happens midway. A key goes only into the checkout the plan was made from.
 */
final class KnownHostsFile {

    static final String PATH = "inventory/known_hosts";

    private final Path file;

    KnownHostsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * Records {@code line} (a known_hosts entry for a newly trusted key) where the plan's source
     * allows, and says for the operator what was done: which file changed and that the change is to
     * be reviewed and committed, or why nothing was written and the line to add by hand.
     */
    static String record(Snapshot source, String line) {
        String addByHand = "; add this line to " + PATH + " at " + source.ref() + " and commit it: " + line;
        if (source.workTree().isEmpty()) {
            return "new host key NOT recorded: the desired state was read from a Git URL or a bare repository,"
                    + " not a checkout" + addByHand;
        }
        Path checkout = source.workTree().get();
        if (!source.checkoutIsPlanned()) {
            return "new host key NOT recorded: the plan is of " + source.ref() + " (commit " + source.shortCommit()
                    + ") but the checkout " + checkout + " has " + describe(source.checkedOut()) + " checked out"
                    + addByHand;
        }
        KnownHostsFile known = new KnownHostsFile(checkout.resolve(PATH));
        try {
            if (!known.add(line)) {
                return "new host key already in " + known.path() + " (uncommitted?): review and commit it: " + line;
            }
            return "new host key recorded in " + known.path() + ": review the change and commit it: " + line;
        } catch (IOException | IllegalArgumentException e) {
            return "new host key NOT recorded: cannot write " + known.path() + " (" + e.getMessage() + ")" + addByHand;
        }
    }

    private static String describe(String commit) {
        return commit.isEmpty() ? "no commit" : "commit " + commit.substring(0, Math.min(10, commit.length()));
    }

    /**
     * Adds {@code line} unless the file has it already.
     *
     * @return false when the line was there already (nothing written)
     */
    boolean add(String line) throws IOException {
        if (line.isBlank() || line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("not a single known_hosts line: " + line.strip());
        }
        if (Files.isSymbolicLink(file)) {
            throw new IOException("it is a symbolic link; not changed");
        }
        byte[] old = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : new byte[0];
        String text = new String(old, StandardCharsets.UTF_8);
        if (text.lines().anyMatch(existing -> existing.strip().equals(line.strip()))) {
            return false;
        }
        ByteArrayOutputStream next = new ByteArrayOutputStream(old.length + line.length() + 2);
        next.writeBytes(old);
        if (old.length > 0 && old[old.length - 1] != '\n') {
            next.write('\n');
        }
        next.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        replace(next.toByteArray());
        return true;
    }

    /** Writes {@code content} to a file beside {@code file}, then renames it over {@code file}. */
    private void replace(byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".known_hosts.", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temporary, Files.exists(file)
                        ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
