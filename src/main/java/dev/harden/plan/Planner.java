package dev.harden.plan;

import dev.harden.desired.DesiredState;
import dev.harden.facts.Exemption;
import dev.harden.facts.Facts;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.DesiredSource;
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
import java.time.Instant;
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
        return plan(host, facts, state, fleet, requests, Instant.now());
    }

    /**
     * Plans a host as at {@code now}: its exceptions in force then (recorded on the host, changed by
     * the run's edit) are laid over its policy, and its records say which they are.
     */
    public static HostPlan plan(HostEntry host, Facts probed, DesiredState state, FleetView fleet, Requests requests,
                                Instant now) {
        List<Exemption> exemptions = state.exemptionsFor(host, probed.records(), now);
        List<Exemption> shown = new ArrayList<>(exemptions);
        probed.records().exemptions().stream().filter(e -> shown.stream().noneMatch(a -> a.id().equals(e.id())))
                .forEach(shown::add); // past their time, not yet ended on the host
        Facts facts = probed.withRecords(probed.records().withExemptions(shown));
        ModuleInput input = input(host, facts, state.policyFor(host, exemptions), state, fleet, requests);
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

    /**
     * What the modules want on a host with exactly {@code exemptions} in force (what the host is
     * once the others ended): their resources, unchanged by any state.
     */
    public static List<Resource> resources(HostEntry host, Facts facts, DesiredState state, FleetView fleet,
                                           Requests requests, List<Exemption> exemptions) {
        ModuleInput input = input(host, facts.withRecords(facts.records().withExemptions(exemptions)),
                state.policyFor(host, exemptions), state, fleet, requests);
        List<Resource> resources = new ArrayList<>();
        for (Module module : state.modules().all()) {
            resources.addAll(module.plan(input).resources());
        }
        return resources;
    }

    /** What the modules see of a host with exactly {@code exemptions} in force (its runbook, harden explain). */
    public static ModuleInput input(HostEntry host, Facts facts, DesiredState state, FleetView fleet,
                                    List<Exemption> exemptions) {
        return input(host, facts, state.policyFor(host, exemptions), state, fleet, Requests.NONE);
    }

    /** The modules' input for a host with {@code policy}, with the openings the modules ask of it. */
    private static ModuleInput input(HostEntry host, Facts facts, HostPolicy policy, DesiredState state,
                                     FleetView fleet, Requests requests) {
        ModuleInput base = new ModuleInput(host.name(), facts, policy, state.templates(), fleet, state.files(),
                requests, List.of(), new DesiredSource(state.source().commit(), state.source().label(),
                state.source().subject(), state.source().repository()));
        List<Opening> openings = new ArrayList<>();
        for (Module module : state.modules().all()) {
            openings.addAll(module.openings(base));
        }
        return base.withOpenings(openings);
    }

    /** The change that makes {@code resource} so on this host, if any; {@code label} names the desired side. */
    public static java.util.Optional<Change> compare(String host, Facts facts, Resource resource, String label) {
        return compare(host, facts.state(resource.id()), resource, label);
    }

    /** The change that makes {@code resource} so where it is {@code before}, if any. */
    public static java.util.Optional<Change> compare(String host, dev.harden.resource.State before, Resource resource,
                                                     String label) {
        try {
            return resource.changeFrom(before, label);
        } catch (UnmanageableState e) {
            throw new HostException(host, host + ": " + e.getMessage());
        }
    }
}
