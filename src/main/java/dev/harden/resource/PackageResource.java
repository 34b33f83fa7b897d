package dev.harden.resource;

import java.util.List;
import java.util.Optional;

/**
 * A package installed (or absent) through the host's package manager (apt or dnf). Packages
 * are installed together, first, in one transaction that waits a bounded time for the package
 * manager's lock; the host records which packages the transaction newly installed (dependencies
 * included), and undoing it purges exactly those, so the host is back to its earlier files.
 */
public record PackageResource(String module, String name, boolean present) implements Resource {

    public PackageResource {
        ResourceId.pkg(name);
    }

    public static PackageResource installed(String module, String name) {
        return new PackageResource(module, name, true);
    }

    @Override
    public ResourceId id() {
        return ResourceId.pkg(name);
    }

    @Override
    public boolean canCutAccess() {
        return false;
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Unknown) {
            throw new UnmanageableState("cannot tell whether package " + name + " is installed: harden knows apt"
                    + " (dpkg) and dnf (rpm) hosts");
        }
        boolean installed = before instanceof State.Package;
        if (installed == present) {
            return Optional.empty();
        }
        return Optional.of(new Change(this, before, present ? "install package " + name
                : "purge package " + name + " (" + before.describe() + ")", ""));
    }

    /** Packages are installed in one transaction per generation: see {@link #installAll}. */
    @Override
    public List<String> apply(int index) {
        return present ? List.of("install_pkgs", String.valueOf(index), "--", name)
                : List.of("purge_pkgs", String.valueOf(index), "--", name);
    }

    @Override
    public List<String> undo(int index, State before) {
        return present ? List.of("purge_installed") : List.of("reinstall_purged");
    }

    /** One call that installs (or purges) every package of {@code indexed} in one transaction. */
    public static List<String> transaction(boolean install, List<Integer> indexes, List<String> names) {
        List<String> call = new java.util.ArrayList<>();
        call.add(install ? "install_pkgs" : "purge_pkgs");
        indexes.forEach(i -> call.add(String.valueOf(i)));
        call.add("--");
        call.addAll(names);
        return call;
    }
}
