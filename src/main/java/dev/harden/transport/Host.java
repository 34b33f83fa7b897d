package dev.harden.transport;

/**
 * A connection to one host. Everything harden does on a host is a {@link Command} run as root
 * through this interface: over SSH (with sudo), or locally against an image root. One
 * connection per host per run; implementations are used by one thread at a time.
 */
public interface Host extends AutoCloseable {

    /** The inventory name. */
    String name();

    /** Runs a command as root. Transport failures throw {@link HostException}; a non-zero exit does not. */
    ExecResult run(Command command);

    /**
     * Opens a fresh, independent connection to the same host and checks that it can run a
     * root command (used to prove a change did not cut off access). Returns null on success,
     * or the reason it failed.
     */
    String probeNewSession();

    /** False for targets no change can lock harden out of (an image root): no revert timer, no re-login. */
    default boolean canLoseAccess() {
        return true;
    }

    @Override
    void close();
}
