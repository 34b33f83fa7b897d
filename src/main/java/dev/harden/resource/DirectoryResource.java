package dev.harden.resource;

import java.util.List;
import java.util.Optional;

/** A directory with a mode and owner (created before the files that go into it), or absent. */
public record DirectoryResource(String module, String path, int mode, String owner, String group, boolean absent)
        implements Resource {

    public DirectoryResource {
        ResourceId.directory(path);
    }

    public static DirectoryResource of(String module, String path, int mode) {
        return new DirectoryResource(module, path, mode, "root", "root", false);
    }

    @Override
    public ResourceId id() {
        return ResourceId.directory(path);
    }

    @Override
    public boolean canCutAccess() {
        return false;
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Other) {
            throw new UnmanageableState(path + " exists but is not a directory (or is a symlink); remove it or"
                    + " move it away");
        }
        if (absent) {
            return before instanceof State.Directory ? Optional.of(new Change(this, before, "remove directory " + path
                    + " (it did not exist before)", "")) : Optional.empty();
        }
        if (before instanceof State.Directory dir && dir.mode() == mode && dir.owner().equals(owner)
                && dir.group().equals(group)) {
            return Optional.empty();
        }
        String meta = String.format("%04o %s:%s", mode, owner, group);
        String summary = before instanceof State.Directory dir ? "update directory " + path + " (" + dir.describe()
                .substring("directory ".length()) + " -> " + meta + ")" : "create directory " + path + " (" + meta + ")";
        return Optional.of(new Change(this, before, summary, ""));
    }

    @Override
    public List<String> apply(int index) {
        return absent ? List.of("remove_dir", String.valueOf(index), path)
                : List.of("put_dir", String.valueOf(index), path, Integer.toOctalString(mode), owner, group);
    }

    @Override
    public List<String> undo(int index, State before) {
        if (before instanceof State.Directory dir) {
            return List.of("restore_dir", path, Integer.toOctalString(dir.mode()), dir.owner(), dir.group());
        }
        return List.of("remove_dir_again", path);
    }
}
