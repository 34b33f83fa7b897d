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
import java.util.ArrayList;
import java.util.List;

/**
 * A line-oriented file of the desired-state checkout where a run records what the operator asked it
 * to trust: a new SSH host key in inventory/known_hosts, a new WireGuard public key in
 * inventory/wireguard_keys. A line is added (after a newline when the file lacks a final one), or
 * replaces the one line with the same key (a rotated key), by writing the whole new file beside the
 * old one and renaming it over it, so the existing lines are never damaged, whatever happens midway.
 * A line goes only into the checkout the plan was made from; the operator reviews and commits it.
 */
final class CheckoutFile {

    private final Path file;

    CheckoutFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * Records {@code line} in the file {@code path} of the checkout where the plan's source allows,
     * and says for the operator what was done: which file changed and that the change is to be
     * reviewed and committed, or why nothing was written and the line to add by hand.
     *
     * @param key  the first words that identify the line's entry (a line starting with them and a space
     *             is replaced), or null to only add the line
     * @param what what the line records, e.g. "new host key"
     */
    static String record(Snapshot source, String path, String key, String line, String what) {
        String addByHand = "; " + (key == null ? "add this line to " : "put this line into ") + path + " at "
                + source.ref() + " and commit it: " + line;
        if (source.workTree().isEmpty()) {
            return what + " NOT recorded: the desired state was read from a Git URL or a bare repository,"
                    + " not a checkout" + addByHand;
        }
        Path checkout = source.workTree().get();
        if (!source.checkoutIsPlanned()) {
            return what + " NOT recorded: the plan is of " + source.ref() + " (commit " + source.shortCommit()
                    + ") but the checkout " + checkout + " has " + describe(source.checkedOut()) + " checked out"
                    + addByHand;
        }
        CheckoutFile target = new CheckoutFile(checkout.resolve(path));
        try {
            if (!target.put(key, line)) {
                return what + " already in " + target.path() + " (uncommitted?): review and commit it: " + line;
            }
            return what + " recorded in " + target.path() + ": review the change and commit it: " + line;
        } catch (IOException | IllegalArgumentException e) {
            return what + " NOT recorded: cannot write " + target.path() + " (" + e.getMessage() + ")" + addByHand;
        }
    }

    private static String describe(String commit) {
        return commit.isEmpty() ? "no commit" : "commit " + commit.substring(0, Math.min(10, commit.length()));
    }

    /**
     * Adds {@code line}, or puts it in place of the line that starts with {@code key} and a space,
     * unless the file has the line already.
     *
     * @return false when the line was there already (nothing written)
     */
    boolean put(String key, String line) throws IOException {
        if (line.isBlank() || line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("not a single line: " + line.strip());
        }
        if (Files.isSymbolicLink(file)) {
            throw new IOException("it is a symbolic link; not changed");
        }
        byte[] old = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : new byte[0];
        String text = new String(old, StandardCharsets.UTF_8);
        if (text.lines().anyMatch(existing -> existing.strip().equals(line.strip()))) {
            return false;
        }
        if (key != null && text.lines().anyMatch(existing -> existing.strip().startsWith(key + " "))) {
            List<String> lines = new ArrayList<>();
            text.lines().forEach(existing -> lines.add(existing.strip().startsWith(key + " ") ? line : existing));
            replace((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            return true;
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
        Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
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
