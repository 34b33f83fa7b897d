package dev.harden.module;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file of the desired-state repository that a module reads besides the policy, such as the
 * WireGuard public keys pinned in {@code inventory/wireguard_keys}: like inventory/known_hosts, it is
 * part of the commit a plan is made from, reviewed and committed like the rest. The loader parses it
 * (a missing file parses as empty) before any host is contacted, so a malformed line stops the run
 * with its file:line; the module reads the parsed value from {@link ModuleInput#file}. A run may
 * record new lines in it only where the operator asked (see {@link Pin}).
 *
 * @param path   relative to the repository root, under inventory/, not a YAML name (those are inventory files)
 * @param what   what the file holds, for messages ("pinned WireGuard public keys")
 * @param parser reads the file's bytes; throws a HardenException naming path:line on a bad line
 */
public record RepositoryFile<T>(String path, String what, Parser<T> parser) {

    private static final Pattern PATH = Pattern.compile("inventory/[a-z][a-z0-9_.-]{0,63}");

    /** Reads the file's content (empty when the repository has no such file). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String path, byte[] content);
    }

    public RepositoryFile {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(parser, "parser");
        if (!PATH.matcher(path).matches() || path.endsWith(".yaml") || path.endsWith(".yml")
                || path.equals("inventory/known_hosts")) {
            throw new IllegalArgumentException("a module's repository file is a plain name under inventory/ that is"
                    + " not an inventory YAML file nor known_hosts: " + path);
        }
    }
}
