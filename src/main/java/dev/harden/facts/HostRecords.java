package dev.harden.facts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What harden itself recorded on a host, read in the fact round trip: the commit of its latest
 * confirmed apply (where the host stands: forward-only updates start there), its hold, if any, and
 * its exceptions (active or past their time but not yet ended there), with the ids of exception
 * files whose header cannot be read.
 */
public record HostRecords(Optional<String> appliedCommit, Optional<String> appliedGeneration, Optional<Hold> hold,
                          List<Exemption> exemptions, List<String> unreadableExemptions) {

    public HostRecords {
        exemptions = List.copyOf(exemptions);
        unreadableExemptions = List.copyOf(unreadableExemptions);
    }

    public HostRecords(Optional<String> appliedCommit, Optional<String> appliedGeneration, Optional<Hold> hold) {
        this(appliedCommit, appliedGeneration, hold, List.of(), List.of());
    }

    public static HostRecords none() {
        return new HostRecords(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The exceptions in force at {@code now}, in the order they end (then by id). */
    public List<Exemption> activeExemptions(Instant now) {
        return exemptions.stream().filter(e -> e.activeAt(now))
                .sorted(java.util.Comparator.comparing(Exemption::until).thenComparing(Exemption::id)).toList();
    }

    /** The same records with other exceptions (an exception being opened, extended or ended). */
    public HostRecords withExemptions(List<Exemption> others) {
        return new HostRecords(appliedCommit, appliedGeneration, hold, others, unreadableExemptions);
    }
}
