package dev.harden.transport;

import java.util.Collection;

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

    /**
     * Refuses, with a {@link HostException} naming the host and the path, any of these absolute
     * paths (files harden will manage) or harden's own state directory /var/lib/harden whose
     * reads and writes would land outside the host. Meant for every host before anything is
     * read from or written to those paths (before facts are gathered: the probe reads the
     * managed files, and a plan shows them). A no-op for a real host, whose root is its own; an
     * image root checks where symlinks in the image lead on this machine.
     */
    default void checkManagedPaths(Collection<String> absolutePaths) {
    }

    /**
     * The software version the host's SSH server announced when harden connected ("OpenSSH_9.2p1
     * Debian-2+deb12u3"), empty for a target reached without SSH. The fact probe takes OpenSSH's
     * version from it instead of starting sshd on the host to ask.
     */
    default java.util.Optional<String> sshServerVersion() {
        return java.util.Optional.empty();
    }

    /** False for targets no change can lock harden out of (an image root): no revert timer, no re-login. */
    default boolean canLoseAccess() {
        return true;
    }

    @Override
    void close();
}
