package dev.harden.facts;

import java.util.Optional;

/**
 * What harden itself recorded on a host, read in the fact round trip: the commit of its latest
 * confirmed apply (where the host stands: forward-only updates start there) and its hold, if any.
 */
public record HostRecords(Optional<String> appliedCommit, Optional<String> appliedGeneration, Optional<Hold> hold) {

    public static HostRecords none() {
        return new HostRecords(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
