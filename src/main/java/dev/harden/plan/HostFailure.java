package dev.harden.plan;

/** A host that could not be planned (unreachable, refused host key, sudo, template error). */
public record HostFailure(String host, String target, String message) implements HostOutcome {
}
