package dev.harden.resource;

import java.util.List;
import java.util.Optional;

/** A symbolic link to {@code target} (e.g. an AppArmor disable/ link), or absent. */
public record LinkResource(String module, String path, String target, List<Reload> reloads, boolean canCutAccess,
                           boolean absent) implements Resource {

    public LinkResource {
        ResourceId.link(path);
        reloads = List.copyOf(reloads);
        if (!absent && (target == null || target.isEmpty() || target.contains("\n"))) {
            throw new IllegalArgumentException("a link needs a one-line target: " + path);
        }
    }

    @Override
    public ResourceId id() {
        return ResourceId.link(path);
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Other) {
            throw new UnmanageableState(path + " exists and is not a symlink; remove it or move it away");
        }
        if (absent) {
            return before instanceof State.Link link ? Optional.of(new Change(this, before, "remove link " + path
                    + " (to " + link.target() + ")", "")) : Optional.empty();
        }
        if (before instanceof State.Link link && link.target().equals(target)) {
            return Optional.empty();
        }
        String summary = before instanceof State.Link link ? "relink " + path + " -> " + target + " (was -> "
                + link.target() + ")" : "link " + path + " -> " + target;
        return Optional.of(new Change(this, before, summary, ""));
    }

    @Override
    public List<String> apply(int index) {
        return absent ? List.of("remove_link", String.valueOf(index), path)
                : List.of("put_link", String.valueOf(index), path, target);
    }

    @Override
    public List<String> undo(int index, State before) {
        if (before instanceof State.Link link) {
            return List.of("restore_link", path, link.target());
        }
        return List.of("remove_link_again", path);
    }
}
