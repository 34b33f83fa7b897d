package dev.harden.desired;

import dev.harden.HardenException;
import dev.harden.facts.Exemption;
import dev.harden.facts.HostRecords;
import dev.harden.inventory.HostEntry;
import dev.harden.inventory.Inventory;
import dev.harden.module.Modules;
import dev.harden.module.RepositoryFiles;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Overlay;
import dev.harden.policy.PolicyLayer;
import dev.harden.policy.Schema;
import dev.harden.source.Snapshot;
import dev.harden.policy.Weakening;
import dev.harden.template.Templates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
/**
 * The validated desired state at one commit: inventory, policy layers, templates, the modules'
 * repository files (pinned values), and the modules that interpret them. Built before any host is
 * contacted; if it exists, it is valid. A host's active exceptions (recorded on the host) are laid
 * over its policy when it is planned; {@code edit} is a change to them that the run is about to
 * make (harden except).
 */
public record DesiredState(Snapshot source, Inventory inventory, List<PolicyLayer> baselines,
                           Map<String, PolicyLayer> groupPolicies, Templates templates, Modules modules,
                           Schema schema, RepositoryFiles files, Optional<ExemptionEdit> edit) {

    public DesiredState {
        baselines = List.copyOf(baselines);
        groupPolicies = Map.copyOf(groupPolicies);
    }

    /** A desired state whose modules read no repository files. */
    public DesiredState(Snapshot source, Inventory inventory, List<PolicyLayer> baselines,
                        Map<String, PolicyLayer> groupPolicies, Templates templates, Modules modules, Schema schema) {
        this(source, inventory, baselines, groupPolicies, templates, modules, schema, RepositoryFiles.NONE);
    }

    /** A desired state with no change to the hosts' exceptions. */
    public DesiredState(Snapshot source, Inventory inventory, List<PolicyLayer> baselines,
                        Map<String, PolicyLayer> groupPolicies, Templates templates, Modules modules, Schema schema,
                        RepositoryFiles files) {
        this(source, inventory, baselines, groupPolicies, templates, modules, schema, files, Optional.empty());
    }

    /** This desired state, planned as if {@code change} to the hosts' exceptions were made. */
    public DesiredState with(ExemptionEdit change) {
        return new DesiredState(source, inventory, baselines, groupPolicies, templates, modules, schema, files,
                Optional.of(change));
    }

    /**
     * The effective policy of a host: built-in baseline, repo baseline, then for each of the
     * host's groups (in the order the host lists them) the group's policy file and inventory
     * vars, then the host's own vars.
     */
    public HostPolicy policyFor(HostEntry host) {
        List<PolicyLayer> layers = new ArrayList<>(baselines);
        for (String group : host.groups()) {
            if (groupPolicies.containsKey(group)) {
                layers.add(groupPolicies.get(group));
            }
            layers.add(inventory.groupVars().getOrDefault(group, PolicyLayer.empty(group)));
        }
        layers.add(host.vars());
        return HostPolicy.merge(schema, layers);
    }

    /**
     * The policy of a host with {@code exemptions} laid over it, in the order they were opened.
     * An exception whose overlay no longer fits the schema (a key this harden does not know) fails
     * the host, naming the exception: it is ended, or harden upgraded, before the host is planned.
     */
    public HostPolicy policyFor(HostEntry host, List<Exemption> exemptions) {
        HostPolicy policy = policyFor(host);
        for (Exemption exemption : exemptions.stream().sorted(Comparator.comparing(Exemption::since)
                .thenComparing(Exemption::id)).toList()) {
            policy = overlay(exemption).applyTo(policy);
        }
        return policy;
    }

    /** The overlay of an exception, checked against this state's schema. */
    public Overlay overlay(Exemption exemption) {
        return Overlay.parse("exception " + exemption.id(), exemption.set(), schema);
    }

    /**
     * The exceptions in force on a host at {@code now}: those it recorded, changed by this run's
     * edit, in the order they end. A newly opened exception carries the keys it weakens there.
     */
    public List<Exemption> exemptionsFor(HostEntry host, HostRecords records, Instant now) {
        List<Exemption> active = new ArrayList<>(records.activeExemptions(now));
        if (edit.isPresent() && edit.get() instanceof ExemptionEdit.Open open) {
            Exemption opening = open.exemption();
            Optional<Exemption> recorded = records.exemptions().stream().filter(e -> e.id().equals(opening.id()))
                    .findFirst();
            if (recorded.isPresent() && recorded.get().since().equals(opening.since())
                    && recorded.get().set().equals(opening.set())) {
                // this run recorded it already (planned again after the change): as recorded
            } else if (recorded.isPresent() || records.unreadableExemptions().contains(opening.id())) {
                throw new HardenException(host.name() + ": the host already has an exception " + opening.id()
                        + "; choose another --id");
            } else {
                List<String> weakens = Weakening.keys(policyFor(host, active),
                        policyFor(host, concat(active, opening)));
                active.add(opening.weakening(weakens));
            }
        } else if (edit.isPresent() && edit.get() instanceof ExemptionEdit.Extend extend) {
            Exemption recorded = records.exemptions().stream().filter(e -> e.id().equals(extend.id())).findFirst()
                    .orElseThrow(() -> new HardenException(host.name() + ": no exception " + extend.id()
                            + " on this host (harden status -l " + host.name() + " lists them)"));
            active.removeIf(e -> e.id().equals(extend.id()));
            active.add(recorded.endingAt(extend.until()));
        }
        return active.stream().sorted(Comparator.comparing(Exemption::until).thenComparing(Exemption::id)).toList();
    }

    private static List<Exemption> concat(List<Exemption> list, Exemption one) {
        List<Exemption> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }
}
