package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.policy.HostPolicy;
import dev.harden.template.Templates;

/** Everything a module may look at when planning one host, the rest of the fleet read-only. */
public record ModuleInput(String hostName, Facts facts, HostPolicy policy, Templates templates, FleetView fleet) {
}
