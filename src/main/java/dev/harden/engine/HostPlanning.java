package dev.harden.engine;

import dev.harden.desired.DesiredState;
import dev.harden.facts.Exemption;
import dev.harden.facts.Facts;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.Requests;
import dev.harden.plan.ChangeNote;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.resource.Change;
import dev.harden.resource.Resource;
import dev.harden.resource.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the engine plans one host: the modules' plan with the host's exceptions laid over its
 * policy ({@link Planner}), plus the exceptions' own files: what each one's end puts back,
 * refreshed on every plan, and the removal of those whose time is up ({@link ExemptionPlan}).
 */
final class HostPlanning {

    private HostPlanning() {
    }

    static HostPlan plan(HostEntry entry, Facts facts, DesiredState state, FleetView fleet, Requests requests) {
        Instant now = Instant.now();
        HostPlan modules = Planner.plan(entry, facts, state, fleet, requests, now);
        List<Exemption> active = state.exemptionsFor(entry, facts.records(), now);
        if (active.isEmpty() && facts.records().exemptions().isEmpty()
                && facts.records().unreadableExemptions().isEmpty()) {
            return modules;
        }
        List<Resource> planned = Planner.resources(entry, facts, state, fleet, requests, active);
        ExemptionPlan.Result exceptions = ExemptionPlan.of(entry, facts, state, active, planned,
                (rest, withRest) -> Planner.resources(entry, withRest, state, fleet, requests, rest), now);
        List<Change> changes = new ArrayList<>(modules.changes());
        boolean changed = false;
        for (Resource resource : exceptions.resources()) {
            State before = facts.states().getOrDefault(resource.id(), new State.Absent());
            var change = Planner.compare(entry.name(), before, resource, state.source().shortCommit());
            if (change.isPresent()) {
                changes.add(change.get());
                changed = true;
            }
        }
        List<Finding> findings = new ArrayList<>(modules.findings());
        findings.addAll(exceptions.findings());
        List<ChangeNote> notes = new ArrayList<>(modules.notes());
        if (changed) {
            notes.addAll(exceptions.notes());
        }
        return new HostPlan(modules.host(), modules.target(), modules.facts(), changes, findings, notes,
                modules.records(), modules.pins(), modules.factsUsed());
    }
}
