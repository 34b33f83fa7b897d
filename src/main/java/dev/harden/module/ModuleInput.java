package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.policy.HostPolicy;
import dev.harden.template.Templates;
import java.util.List;

/**
 * Everything a module may look at when planning one host, the rest of the fleet read-only: the
 * host's facts and policy, the templates, the fleet, the modules' repository files (pinned values),
 * what the operator asked of this run, and the incoming traffic the modules' services need on it.
 */
public record ModuleInput(String hostName, Facts facts, HostPolicy policy, Templates templates, FleetView fleet,
                          RepositoryFiles files, Requests requests, List<Opening> openings) {

    public ModuleInput {
        openings = List.copyOf(openings);
    }

    /** An input without repository files, requests or openings (tests of one module). */
    public ModuleInput(String hostName, Facts facts, HostPolicy policy, Templates templates, FleetView fleet) {
        this(hostName, facts, policy, templates, fleet, RepositoryFiles.NONE, Requests.NONE, List.of());
    }

    /** A repository file the module declared, as parsed from the planned commit. */
    public <T> T file(RepositoryFile<T> file) {
        return files.get(file);
    }

    /** The same input with the modules' openings for the host. */
    public ModuleInput withOpenings(List<Opening> all) {
        return new ModuleInput(hostName, facts, policy, templates, fleet, files, requests, all);
    }
}
