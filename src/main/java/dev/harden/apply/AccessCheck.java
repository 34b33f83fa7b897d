package dev.harden.apply;

import dev.harden.transport.Host;

/**
 * Proves a change did not cut off access: opens NEW sessions until one logs in and runs sudo,
 * for a few seconds, since a reloading sshd refuses connections for a moment.
 */
final class AccessCheck {

    private final ApplyContext context;

    AccessCheck(ApplyContext context) {
        this.context = context;
    }

    /** Null when a new session got in, else the last reason it failed. */
    String check(Host host) {
        long deadline = System.nanoTime() + Math.min(10, context.confirmTimeout().toSeconds() / 3) * 1_000_000_000L;
        String reason;
        do {
            reason = host.probeNewSession();
            if (reason == null) {
                return null;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reason;
            }
        } while (System.nanoTime() < deadline);
        return reason;
    }
}
