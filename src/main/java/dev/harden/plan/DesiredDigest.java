package dev.harden.plan;

import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.LinkResource;
import dev.harden.resource.PackageResource;
import dev.harden.resource.Resource;
import dev.harden.resource.SecretResource;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import java.nio.charset.StandardCharsets;

/**
 * What a change makes of a resource, for saved plans, revealing no content. For files,
 * directories and links it is the fingerprint the resource has on the host once the change is
 * made, in the form preconditions take ({@code fp_KIND} of kinds.sh): "SHA256 644 root:root" for
 * a file, so an operator can check a host against a plan file with sha256sum and stat. For
 * packages, units and secrets, whose state afterwards depends on the host (the version installed,
 * the value generated), it is "sha256:" and the digest of a canonical description of the desired
 * state: a secret's is how it is generated, never a value. The resource's validator and reloads
 * are not in it: they follow from the module code and the facts, which a saved plan pins (harden
 * version, commit, planning facts).
 */
public final class DesiredDigest {

    private DesiredDigest() {
    }

    public static String of(Resource resource) {
        if (resource instanceof FileResource f) {
            return f.absent() ? new State.Absent().fingerprint()
                    : new State.File(f.mode(), f.owner(), f.group(), f.content()).fingerprint();
        }
        if (resource instanceof DirectoryResource d) {
            return d.absent() ? new State.Absent().fingerprint()
                    : new State.Directory(d.mode(), d.owner(), d.group()).fingerprint();
        }
        if (resource instanceof LinkResource l) {
            return l.absent() ? new State.Absent().fingerprint() : new State.Link(l.target()).fingerprint();
        }
        return "sha256:" + PlanningFacts.sha256(canonical(resource).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical description of a package, unit or secret: one field a line. */
    static String canonical(Resource resource) {
        if (resource instanceof PackageResource p) {
            return lines("package", p.name(), p.present() ? "present" : "absent");
        }
        if (resource instanceof UnitResource u) {
            return lines("unit", u.name(), u.enablement() == null ? "-" : u.enablement(),
                    u.activity() == null ? "-" : u.activity(), u.canCutAccess() ? "can-cut-access" : "-");
        }
        if (resource instanceof SecretResource s) {
            return lines("secret", s.path(), s.generator(), s.deriver(), String.format("%04o", s.mode()), s.owner(),
                    s.group(), s.rotate() ? "rotate" : "keep", s.canCutAccess() ? "can-cut-access" : "-");
        }
        throw new IllegalArgumentException("no canonical description for " + resource.id().label());
    }

    private static String lines(String... fields) {
        return String.join("\n", fields) + "\n";
    }
}
