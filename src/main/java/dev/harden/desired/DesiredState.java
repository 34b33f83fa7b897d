package dev.harden.desired;

import dev.harden.inventory.HostEntry;
import dev.harden.inventory.Inventory;
import dev.harden.module.Modules;
import dev.harden.module.RepositoryFiles;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.PolicyLayer;
import dev.harden.policy.Schema;
import dev.harden.source.Snapshot;
import dev.harden.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validated desired state at one commit: inventory, policy layers, templates, the modules'
 * repository files (pinned values), and the modules that interpret them. Built before any host is
 * contacted; if it exists, it is valid.
 */
public record DesiredState(Snapshot source, Inventory inventory, List<PolicyLayer> baselines,
                           Map<String, PolicyLayer> groupPolicies, Templates templates, Modules modules,
                           Schema schema, RepositoryFiles files) {

    public DesiredState {
        baselines = List.copyOf(baselines);
        groupPolicies = Map.copyOf(groupPolicies);
    }

    /** A desired state whose modules read no repository files. */
    public DesiredState(Snapshot source, Inventory inventory, List<PolicyLayer> baselines,
                        Map<String, PolicyLayer> groupPolicies, Templates templates, Modules modules, Schema schema) {
        this(source, inventory, baselines, groupPolicies, templates, modules, schema, RepositoryFiles.NONE);
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
}
