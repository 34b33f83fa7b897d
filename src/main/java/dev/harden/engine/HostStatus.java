package dev.harden.engine;

import dev.harden.facts.Exemption;
import dev.harden.facts.Hold;
import java.util.List;
import java.util.Optional;

/**
 * One host at a glance ({@code harden status}): the commit and generation it was last confirmed
 * at, its hold, its exceptions (in force, or past their time and not yet ended there), how many
 * resources drifted from the desired state, and its latest trouble (a generation that did not
 * complete), or why it could not be read.
 */
public record HostStatus(String host, String target, Optional<String> appliedCommit, Optional<String> generation,
                         Optional<Hold> hold, List<Exemption> exemptions, int drifted, Optional<String> lastProblem,
                         String error) {

    public HostStatus {
        exemptions = List.copyOf(exemptions);
    }

    public HostStatus(String host, String target, Optional<String> appliedCommit, Optional<String> generation,
                      Optional<Hold> hold, int drifted, Optional<String> lastProblem, String error) {
        this(host, target, appliedCommit, generation, hold, List.of(), drifted, lastProblem, error);
    }
}
