package dev.harden.resource;

import java.util.List;
import java.util.Optional;

/**
 * What a module wants on a host, of a kind the core knows how to read, change and undo. A module
 * returns resources; the planner compares each with the state the fact probe read
 * ({@link #changeFrom}); the change protocol makes them so ({@link #apply}) and records how to
 * put back the state before ({@link #undo}), which the host can run on its own.
 */
public sealed interface Resource
        permits FileResource, DirectoryResource, LinkResource, PackageResource, UnitResource, SecretResource {

    /** The module that wants it, shown in plans. */
    String module();

    ResourceId id();

    /** A bad version could cut off access (sshd, sudo, firewall): it is applied under commit-confirmed. */
    boolean canCutAccess();

    /** Services to reload (or on-host activators to run) when this resource changes. */
    default List<Reload> reloads() {
        return List.of();
    }

    /**
     * The change that turns {@code before} into this resource, or empty when it already is so.
     * {@code label} names the desired side in diffs (the commit). Throws
     * {@link UnmanageableState} when the host holds something harden must not replace.
     */
    Optional<Change> changeFrom(State before, String label);

    /** The on-host call (a kinds.sh function and its arguments) that makes it so, as entry {@code index}. */
    List<String> apply(int index);

    /** The on-host call that puts back {@code before} once entry {@code index} was applied. */
    List<String> undo(int index, State before);
}
