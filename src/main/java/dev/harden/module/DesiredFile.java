package dev.harden.module;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A file a module wants on a host: exact bytes, mode, owner, how to validate it, which services
 * to reload when it changes, whether its content is secret (never shown), and whether a bad
 * version could cut off access (then it is applied under commit-confirmed protection).
 * {@code remove} asks for the path to be absent (a rollback to before a file existed).
 */
public record DesiredFile(String module, String path, byte[] content, int mode, String owner, String group,
                          Optional<Validator> validator, List<Reload> reloads, boolean sensitive,
                          boolean canCutAccess, boolean remove) {

    public DesiredFile(String module, String path, byte[] content, int mode, String owner, String group,
                       Optional<Validator> validator, List<Reload> reloads, boolean sensitive, boolean canCutAccess) {
        this(module, path, content, mode, owner, group, validator, reloads, sensitive, canCutAccess, false);
    }

    public DesiredFile {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(content, "content");
        if (!path.startsWith("/") || path.contains("/../") || path.contains("\n")) {
            throw new IllegalArgumentException("managed paths are absolute and plain: " + path);
        }
        reloads = List.copyOf(reloads);
    }
}
