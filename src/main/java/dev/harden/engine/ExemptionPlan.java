package dev.harden.engine;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.ExpiryScript;
import dev.harden.desired.DesiredState;
import dev.harden.facts.Exemption;
import dev.harden.facts.Facts;
import dev.harden.facts.HostRecords;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.plan.ChangeNote;
import dev.harden.plan.Planner;
import dev.harden.resource.AfterState;
import dev.harden.resource.Change;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.Validator;
import dev.harden.transport.HostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The exceptions of one host as resources of its plan: each active exception's file (its header
 * and the code that ends it, see {@link ExpiryScript}), and the removal of every exception whose
 * time is up or whose file cannot be read (which returns the host to its desired state).
 *
 * <p>What an exception's end puts back is computed here, on every plan, as the desired state
 * without it: so a new commit applied while an exception is active keeps the exception and
 * refreshes what its end restores. With several exceptions, they end in the order of their ends:
 * the first one's end restores the state with all the others still in force, the next one's the
 * state with the remaining ones, and so on (an exception extended or ended early is planned again
 * by the controller, so the order stays true).
 */
final class ExemptionPlan {

    static final String MODULE = "exception";
    private static final Reload ACTIVATE = Reload.activator("exceptions");

    /** The resources, the modules' notes and findings of the exceptions. */
    record Result(List<Resource> resources, List<ChangeNote> notes, List<Finding> findings) {
    }

    private ExemptionPlan() {
    }

    /**
     * @param active    the exceptions in force, in the order they end
     * @param planned   the modules' resources for the host with all of them in force
     * @param resources the modules' resources for a policy and the facts that go with it
     */
    static Result of(HostEntry host, Facts facts, DesiredState state, List<Exemption> active, List<Resource> planned,
                     BiFunction<List<Exemption>, Facts, List<Resource>> resources, Instant now) {
        List<Resource> wanted = new ArrayList<>();
        List<ChangeNote> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        HostRecords records = facts.records();
        Map<ResourceId, State> expected = new HashMap<>(facts.states());
        apply(expected, planned);
        List<Resource> from = planned;
        if (!active.isEmpty()) {
            wanted.add(new DirectoryResource(MODULE, Exemption.DIR, 0700, "root", "root", false));
        }
        for (int j = 0; j < active.size(); j++) {
            Exemption exemption = active.get(j);
            List<Exemption> rest = active.subList(j + 1, active.size());
            List<Resource> without;
            try {
                without = resources.apply(rest, facts.withRecords(records.withExemptions(rest)));
            } catch (HostException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new HostException(host.name(), host.name() + ": planning the end of exception "
                        + exemption.id() + " failed: " + e.getMessage());
            }
            List<Change> restore = new ArrayList<>();
            for (Resource resource : without) {
                State before = expected.get(resource.id());
                if (before == null) {
                    throw new HostException(host.name(), host.name() + ": the end of exception " + exemption.id()
                            + " changes " + resource.id().label() + ", which this plan did not read; plan again");
                }
                Planner.compare(host.name(), before, resource, "without exception " + exemption.id())
                        .ifPresent(restore::add);
            }
            apply(expected, without);
            from = without;
            byte[] content = ExpiryScript.build(exemption, state.source().commit(), restore,
                    ApplyContext.DEFAULT_KEEP, state.modules().onHostCode());
            wanted.add(new FileResource(MODULE, exemption.path(), content, 0700, "root", "root",
                    Optional.of(Validator.of("sh", "-n", "{}")), List.of(ACTIVATE), true, false));
            notes.add(new ChangeNote(MODULE, "~ " + exemption.describe(now) + ": " + exemption.overlay()
                    + "; when it ends, the host puts back " + (restore.isEmpty() ? "nothing (the desired state has"
                    + " what it sets)" : String.join(", ", labels(restore)))));
        }
        Set<String> kept = new LinkedHashSet<>(active.stream().map(Exemption::id).toList());
        for (Exemption recorded : records.exemptions()) {
            if (!kept.contains(recorded.id())) {
                wanted.add(FileResource.absent(MODULE, recorded.path(), List.of(ACTIVATE), true, false));
                notes.add(new ChangeNote(MODULE, "- " + recorded.describe(now) + ": " + (recorded.activeAt(now)
                        ? "ended" : "its time is up") + ", so this plan returns the host to its desired state"));
            }
        }
        for (String id : records.unreadableExemptions()) {
            wanted.add(FileResource.absent(MODULE, Exemption.path(id), List.of(ACTIVATE), true, false));
            findings.add(Finding.warning(MODULE, "the exception file " + Exemption.path(id) + " cannot be read by"
                    + " this harden; the plan removes it, which ends it"));
        }
        return new Result(wanted, notes, findings);
    }

    /** The expected states once {@code resources} are made so. */
    private static void apply(Map<ResourceId, State> expected, List<Resource> resources) {
        for (Resource resource : resources) {
            State before = expected.get(resource.id());
            if (before != null) {
                expected.put(resource.id(), AfterState.of(resource, before));
            }
        }
    }

    private static List<String> labels(List<Change> changes) {
        return changes.stream().map(c -> c.id().label()).distinct().toList();
    }
}
