package dev.harden.transport;

import dev.harden.inventory.HostEntry;

/** Opens a {@link Host} for an inventory entry. The engine gets one; tests may give their own. */
@FunctionalInterface
public interface Connector {
    Host connect(HostEntry entry);
}
