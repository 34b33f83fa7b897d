package dev.harden.facts;

import dev.harden.resource.Kinds;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exceptions the fact probe found on a host (the core sections core.exceptions.dir and
 * core.exception.N): each file's header becomes an {@link Exemption} in the host's records, and
 * the states of the directory and of every file join the observed resources, so a plan can
 * update or remove them like any other file.
 */
final class ExemptionFacts {

    private ExemptionFacts() {
    }

    static HostRecords read(Map<String, byte[]> sections, HostRecords records, Map<ResourceId, State> states) {
        byte[] dir = sections.get("core.exceptions.dir");
        ResourceId dirId = ResourceId.directory(Exemption.DIR);
        if (dir != null) {
            states.put(dirId, Kinds.parseState(dirId, dir));
        }
        List<Exemption> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (int n = 0; sections.containsKey("core.exception." + n + ".id"); n++) {
            String id = new String(sections.get("core.exception." + n + ".id"), StandardCharsets.UTF_8).strip();
            byte[] state = sections.get("core.exception." + n);
            if (!Exemption.validId(id) || state == null) {
                throw new IllegalArgumentException("exception record " + n + " is incomplete");
            }
            ResourceId fileId = ResourceId.file(Exemption.path(id));
            State file = Kinds.parseState(fileId, state);
            states.put(fileId, file);
            java.util.Optional<Exemption> exemption = file instanceof State.File f
                    ? Exemption.parse(new String(f.content(), StandardCharsets.UTF_8)).filter(e -> e.id().equals(id))
                    : java.util.Optional.empty();
            exemption.ifPresentOrElse(found::add, () -> unreadable.add(id));
        }
        return new HostRecords(records.appliedCommit(), records.appliedGeneration(), records.hold(), found, unreadable);
    }
}
