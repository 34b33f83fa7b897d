package dev.harden.module;

import java.util.Objects;

/**
 * A line a module asks to record in one of its repository files ({@link RepositoryFile}), such as a
 * WireGuard public key seen for the first time: the engine writes it into the checkout the plan was
 * made from (or says which line to add by hand), for the operator to review and commit, the way a
 * newly trusted SSH host key goes into inventory/known_hosts. A module returns pins only where the
 * run's {@link Requests} allow it (an explicit flag). A line of the file that starts with
 * {@code key} and a space is replaced (a rotated key); otherwise the line is added.
 *
 * @param file the repository file (declared by the module)
 * @param key  the first words of the line, which identify its entry ("wg0 web1")
 * @param line the whole line (starts with the key)
 * @param what what it records, for the operator ("WireGuard public key of web1 (wg0)")
 */
public record Pin(String file, String key, String line, String what) {

    public Pin {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(what, "what");
        if (key.isBlank() || !line.startsWith(key + " ") || line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("a pin is one line starting with its key: " + key + " / " + line);
        }
    }
}
