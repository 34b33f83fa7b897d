package dev.harden.plan;

import dev.harden.desired.DesiredState;
import dev.harden.facts.Facts;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.Opening;
import dev.harden.module.Pin;
import dev.harden.module.Requests;
import dev.harden.policy.HostPolicy;
import dev.harden.resource.Change;
import dev.harden.resource.Resource;
import dev.harden.resource.UnmanageableState;
import dev.harden.transport.HostException;
import java.util.ArrayList;
import java.util.List;

/** Plans one host: a pure function of its facts and the desired state. */
public final class Planner {

    private Planner() {
    }

    /** Plans a host alone (its fleet view holds only its own facts). */
    public static HostPlan plan(HostEntry host, Facts facts, DesiredState state) {
        return plan(host, facts, state, FleetView.single(state.inventory(), host.name(), facts,
                name -> state.policyFor(state.inventory().hosts().get(name))));
    }

    /** Plans a host with a read-only view of the fleet's facts gathered in this run. */
    public static HostPlan plan(HostEntry host, Facts facts, DesiredState state, FleetView fleet) {
        return plan(host, facts, state, fleet, Requests.NONE);
    }

    /**
     * Plans a host with a read-only view of the fleet's facts gathered in this run and what the
     * operator asked of the run (trust new pinned values, rotate secrets).
     */
    public static HostPlan plan(HostEntry host, Facts facts, DesiredState state, FleetView fleet, Requests requests) {
        HostPolicy policy = state.policyFor(host);
        ModuleInput base = new ModuleInput(host.name(), facts, policy, state.templates(), fleet, state.files(),
                requests, List.of());
        List<Opening> openings = new ArrayList<>();
        for (Module module : state.modules().all()) {
            openings.addAll(module.openings(base));
        }
        ModuleInput input = base.withOpenings(openings);
        List<Change> changes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<ChangeNote> notes = new ArrayList<>();
        List<Pin> pins = new ArrayList<>();
        for (Module module : state.modules().all()) {
            ModuleResult result = module.plan(input);
            findings.addAll(result.findings());
            for (Pin pin : result.pins()) {
                if (module.repositoryFiles().stream().noneMatch(f -> f.path().equals(pin.file()))) {
                    throw new IllegalStateException("module " + module.name() + " pins a line in " + pin.file()
                            + ", which it did not declare");
                }
                pins.add(pin);
            }
            int before = changes.size();
            for (Resource resource : result.resources()) {
                compare(host.name(), facts, resource, state.source().shortCommit()).ifPresent(changes::add);
            }
            if (changes.size() == before) {
                findings.addAll(module.verify(input)); // in place: is their effect what the policy says?
            } else {
                result.changes().forEach(text -> notes.add(new ChangeNote(module.name(), text)));
            }
        }
        return new HostPlan(host.name(), host.target(), facts.summary(), changes, findings, notes, facts.records(),
                pins, PlanningFacts.of(facts, state.modules().all(), input));
    }

    /** The change that makes {@code resource} so on this host, if any; {@code label} names the desired side. */
    public static java.util.Optional<Change> compare(String host, Facts facts, Resource resource, String label) {
        try {
            return resource.changeFrom(facts.state(resource.id()), label);
        } catch (UnmanageableState e) {
            throw new HostException(host, host + ": " + e.getMessage());
        }
    }
}
