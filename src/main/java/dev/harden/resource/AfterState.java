package dev.harden.resource;

import java.util.List;

/**
 * What a resource is on the host once a change made it so: the state the next plan would read
 * there. Every generation records it for each change (its "after" record: on-host checks that the
 * resource is still as the generation left it), so harden-local can refuse to undo a generation
 * when the host moved on since, and an exception's expiry knows what it starts from.
 */
public final class AfterState {

    private AfterState() {
    }

    /**
     * The state {@code desired} leaves on a host where it was {@code before}. A package's version
     * and a secret's bytes are known only on the host: their states say "installed ?" and "secret ?".
     */
    public static State of(Resource desired, State before) {
        if (desired instanceof FileResource file) {
            return file.absent() ? new State.Absent() : new State.File(file.mode(), file.owner(), file.group(),
                    file.content());
        }
        if (desired instanceof DirectoryResource dir) {
            return dir.absent() ? new State.Absent() : new State.Directory(dir.mode(), dir.owner(), dir.group());
        }
        if (desired instanceof LinkResource link) {
            return link.absent() ? new State.Absent() : new State.Link(link.target());
        }
        if (desired instanceof PackageResource pkg) {
            return !pkg.present() ? new State.Absent() : before instanceof State.Package p ? p : new State.Package("?");
        }
        if (desired instanceof UnitResource unit) {
            State.Unit was = before instanceof State.Unit u ? u : new State.Unit("not-found", "inactive");
            return new State.Unit(unit.enablement() != null ? unit.enablement() : was.enablement(),
                    unit.activity() != null && !"offline".equals(was.activity()) ? unit.activity() : was.activity());
        }
        SecretResource secret = (SecretResource) desired;
        return before instanceof State.Secret s && !secret.rotate() ? s
                : new State.Secret("?", secret.mode(), secret.owner(), secret.group(), "");
    }

    /**
     * The on-host call (protocol.sh's check_after) that succeeds while the resource is as
     * {@code desired} left it: its fingerprint, or for a package only that it is installed (its
     * version moves with updates) and for a secret only that it is there.
     */
    public static List<String> check(Resource desired, State before) {
        return check(desired.id(), of(desired, before));
    }

    /** The on-host call that succeeds while the resource {@code id} is in {@code state} (see {@link #check}). */
    public static List<String> check(ResourceId id, State state) {
        return List.of("check_after", id.kind().function(), id.key(), id.detail(), expected(state));
    }

    /** The fingerprint the host must print, or its first word alone where the rest cannot be known. */
    static String expected(State state) {
        if (state instanceof State.Package) {
            return "installed";
        }
        if (state instanceof State.Secret) {
            return "secret";
        }
        return state.fingerprint();
    }
}
