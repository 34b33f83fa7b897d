package dev.harden.engine;

import dev.harden.facts.Hold;
import java.util.Optional;

/**
 * What hold or release did on one host: the hold now in place (none after a release), the one
 * that was there before a release, or why the host could not be reached.
 */
public record HostChangeOfHold(String host, Optional<Hold> now, Optional<Hold> released, String error) {
}
