package dev.harden.engine;

import dev.harden.source.Snapshot;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The checkout's inventory/known_hosts, where --trust-new-host-keys records a new key: a line of
 * its own, written the way every recorded line is (see {@link CheckoutFile}). A key goes only into
 * the checkout the plan was made from.
 */
final class KnownHostsFile {

    static final String PATH = "inventory/known_hosts";

    private final CheckoutFile file;

    KnownHostsFile(Path file) {
        this.file = new CheckoutFile(file);
    }

    Path path() {
        return file.path();
    }

    /**
     * Records {@code line} (a known_hosts entry for a newly trusted key) where the plan's source
     * allows, and says for the operator what was done.
     */
    static String record(Snapshot source, String line) {
        return CheckoutFile.record(source, PATH, null, line, "new host key");
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
        return file.put(null, line);
    }
}
