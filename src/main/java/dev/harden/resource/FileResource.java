package dev.harden.resource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A regular file with exact bytes, mode and owner; how to validate it before activation, which
 * services read it, whether its content is secret (never shown), whether a bad version could cut
 * off access. {@code absent} asks for the path not to exist (a rollback to before it existed).
 * Applied by staging a dot-file beside the target ({@code .NAME.harden-new}, which no directory
 * scanner loads), validating it, and renaming it into place.
 */
public record FileResource(String module, String path, byte[] content, int mode, String owner, String group,
                           Optional<Validator> validator, List<Reload> reloads, boolean sensitive,
                           boolean canCutAccess, boolean absent) implements Resource {

    public FileResource {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(validator, "validator");
        reloads = List.copyOf(reloads);
        ResourceId.file(path); // checks the path
    }

    public FileResource(String module, String path, byte[] content, int mode, String owner, String group,
                        Optional<Validator> validator, List<Reload> reloads, boolean sensitive, boolean canCutAccess) {
        this(module, path, content, mode, owner, group, validator, reloads, sensitive, canCutAccess, false);
    }

    /** The path must not exist (what it was before it was created). */
    public static FileResource absent(String module, String path, List<Reload> reloads, boolean canCutAccess) {
        return absent(module, path, reloads, false, canCutAccess);
    }

    /** The path must not exist; when the file there is {@code sensitive}, its removal shows no content either. */
    public static FileResource absent(String module, String path, List<Reload> reloads, boolean sensitive,
                                      boolean canCutAccess) {
        return new FileResource(module, path, new byte[0], 0, "root", "root", Optional.empty(), reloads, sensitive,
                canCutAccess, true);
    }

    @Override
    public ResourceId id() {
        return ResourceId.file(path);
    }

    /** The file under /etc/systemd or a systemd unit directory: systemd must reload its units. */
    public boolean isUnitFile() {
        return path.startsWith("/etc/systemd/") || path.startsWith("/lib/systemd/")
                || path.startsWith("/usr/lib/systemd/");
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Other) {
            throw new UnmanageableState(path + " is a symlink or not a regular file; harden manages regular files"
                    + " only (replace it with a plain file or remove it)");
        }
        byte[] current = before instanceof State.File file ? file.content() : null;
        if (absent) {
            if (current == null) {
                return Optional.empty();
            }
            String diff = sensitive ? "(sensitive: content not shown)\n" : TextDiff.unified(path, current, null, label);
            return Optional.of(new Change(this, before, "remove " + path + " (it did not exist before)", diff));
        }
        if (before instanceof State.File file && Arrays.equals(file.content(), content) && file.mode() == mode
                && file.owner().equals(owner) && file.group().equals(group)) {
            return Optional.empty();
        }
        String diff = sensitive ? "(sensitive: content not shown)\n"
                : TextDiff.unified(path, current, content, label.isEmpty() ? "desired" : label);
        return Optional.of(new Change(this, before, summary(before), diff));
    }

    private String summary(State before) {
        String meta = String.format("%04o %s:%s", mode, owner, group);
        if (!(before instanceof State.File present)) {
            return "create " + path + " (" + meta + ")";
        }
        List<String> parts = new ArrayList<>();
        if (!Arrays.equals(present.content(), content)) {
            parts.add("content");
        }
        if (present.mode() != mode) {
            parts.add(String.format("mode %04o -> %04o", present.mode(), mode));
        }
        if (!present.owner().equals(owner) || !present.group().equals(group)) {
            parts.add("owner " + present.owner() + ":" + present.group() + " -> " + owner + ":" + group);
        }
        return "update " + path + " (" + String.join(", ", parts) + ")";
    }

    @Override
    public List<String> apply(int index) {
        return absent ? List.of("remove_file", String.valueOf(index), path)
                : List.of("put_file", String.valueOf(index), path);
    }

    @Override
    public List<String> undo(int index, State before) {
        if (before instanceof State.File file) {
            return List.of("restore_file", String.valueOf(index), path, Integer.toOctalString(file.mode()),
                    file.owner(), file.group(), State.sha256(file.content()), String.valueOf(file.content().length));
        }
        return List.of("remove_file_again", path);
    }
}
