package dev.harden.facts;

import java.util.List;
import java.util.Optional;

/**
 * The host's network side every module may look at: the operator's own SSH connection and what
 * listens where. {@code listenersKnown} is false for image roots (nothing runs there).
 */
public record NetworkFacts(Optional<OperatorConnection> operator, boolean listenersKnown, List<Listener> listeners) {

    public NetworkFacts {
        listeners = List.copyOf(listeners);
    }

    public static NetworkFacts unknown() {
        return new NetworkFacts(Optional.empty(), false, List.of());
    }
}
