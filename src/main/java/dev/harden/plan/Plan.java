package dev.harden.plan;

import java.util.List;

/**
 * The whole plan: what was planned (the commit) and an outcome per host, in inventory order.
 * An immutable value: printing it, saving it and applying it are separate steps.
 */
public record Plan(String commit, String source, List<String> notes, List<HostOutcome> hosts) {

    public Plan {
        notes = List.copyOf(notes);
        hosts = List.copyOf(hosts);
    }

    public List<HostPlan> planned() {
        return hosts.stream().filter(HostPlan.class::isInstance).map(HostPlan.class::cast).toList();
    }

    public List<HostFailure> failures() {
        return hosts.stream().filter(HostFailure.class::isInstance).map(HostFailure.class::cast).toList();
    }

    public boolean hasChanges() {
        return planned().stream().anyMatch(HostPlan::hasChanges);
    }

    public boolean hasFailures() {
        return !failures().isEmpty();
    }
}
