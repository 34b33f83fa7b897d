package dev.harden.transport;

import java.util.Collection;

/**
 * A host that passes everything to a real one: tests extend it and change only what they play
 * (a failing step, garbage, a recording), so every other method, including the managed-path
 * check and whether the host can lose access, stays exactly the real host's.
 */
public abstract class ForwardingHost implements Host {

    protected final Host real;

    protected ForwardingHost(Host real) {
        this.real = real;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public ExecResult run(Command command) {
        return real.run(command);
    }

    @Override
    public String probeNewSession() {
        return real.probeNewSession();
    }

    @Override
    public void checkManagedPaths(Collection<String> absolutePaths) {
        real.checkManagedPaths(absolutePaths);
    }

    @Override
    public java.util.Optional<String> sshServerVersion() {
        return real.sshServerVersion();
    }

    @Override
    public boolean canLoseAccess() {
        return real.canLoseAccess();
    }

    @Override
    public void close() {
        real.close();
    }
}
