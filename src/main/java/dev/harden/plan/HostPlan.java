package dev.harden.plan;

import dev.harden.facts.HostRecords;
import dev.harden.module.Finding;
import dev.harden.module.Pin;
import dev.harden.resource.Change;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The changes one host needs, in module order, plus findings. {@code facts} is the one-line
 * description of the host (OS, OpenSSH) at planning time; {@code notes} are the modules' own
 * summaries of their changes (firewall rules added and removed); {@code records} what harden

 * recorded on the host (the applied commit, a hold); {@code pins} the lines the modules asked to
 * record in their repository files (newly trusted public keys; see {@link Pin}); {@code factsUsed}
 * the facts the plan rests on besides the resources' states ({@link PlanningFacts}), which a saved
 * plan records.
 */
public record HostPlan(String host, String target, String facts, List<Change> changes, List<Finding> findings,
                       List<ChangeNote> notes, HostRecords records, List<Pin> pins,
                       SortedMap<String, String> factsUsed) implements HostOutcome {

    public HostPlan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        pins = List.copyOf(pins);
        factsUsed = Collections.unmodifiableSortedMap(new TreeMap<>(factsUsed));
    }

    public HostPlan(String host, String target, String facts, List<Change> changes, List<Finding> findings,
                    List<ChangeNote> notes, HostRecords records) {
        this(host, target, facts, changes, findings, notes, records, List.of(), new TreeMap<>());
    }

    public HostPlan(String host, String target, String facts, List<Change> changes, List<Finding> findings) {
        this(host, target, facts, changes, findings, List.of(), HostRecords.none());
    }

    /** The hold in force now, if any: apply and the watcher leave the host alone. */
    public java.util.Optional<dev.harden.facts.Hold> activeHold(java.time.Instant now) {
        return records.hold().filter(h -> h.activeAt(now));
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }
}
