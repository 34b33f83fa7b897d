package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.policy.HostPolicy;
import dev.harden.template.Templates;

/**
 * Everything a module may look at when planning one host, the rest of the fleet read-only, and
 * where the desired state comes from.
 */
public record ModuleInput(String hostName, Facts facts, HostPolicy policy, Templates templates, FleetView fleet,
                          DesiredSource source) {

    /** An input whose desired state comes from nowhere in particular (tests of one module). */
    public ModuleInput(String hostName, Facts facts, HostPolicy policy, Templates templates, FleetView fleet) {
        this(hostName, facts, policy, templates, fleet, DesiredSource.UNKNOWN);
    }
}
