package dev.harden.desired;

import dev.harden.facts.Exemption;
import java.time.Instant;

/**
 * A change to the exceptions of the planned hosts that a run is about to make (harden except):
 * the plan is made as if it were already recorded, so it shows, and applies, exactly what the
 * host will be with it.
 */
public sealed interface ExemptionEdit {

    /** Opens a new exception on every planned host. */
    record Open(Exemption exemption) implements ExemptionEdit {
    }

    /** Moves the end of an exception every planned host has. */
    record Extend(String id, Instant until) implements ExemptionEdit {
    }
}
