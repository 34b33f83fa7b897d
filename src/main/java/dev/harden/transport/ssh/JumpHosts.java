package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Reaches hosts through their jump host (bastion): one authenticated session per jump host for
 * the whole run, shared by every host behind it (its own login, host key pinned like any other
 * host's), and per target a TCP forward through it. As in MINA's own ProxyJump support, the
 * forward listens on an ephemeral port of 127.0.0.1 while that target's connection lives; what
 * crosses it is the target's SSH connection, whose host key and login are checked end to end.
 * A jump host that cannot be reached fails every host behind it with its reason, once per run.
 */
final class JumpHosts implements AutoCloseable {

    /** The local end of a forward to a target, closed when the target's session closes. */
    record Tunnel(String host, int port, ExplicitPortForwardingTracker forward) implements AutoCloseable {
        @Override
        public void close() {
            try {
                forward.close();
            } catch (IOException | RuntimeException e) {
                // the jump host's session may be gone already
            }
        }
    }

    /** A jump host's session, or why it could not be opened (kept for the run). */
    private static final class Jump {
        ClientSession session;
        HostException failure;
    }

    private final Function<HostEntry, ClientSession> login;
    private final Map<String, Jump> jumps = new ConcurrentHashMap<>();

    /** @param login opens an authenticated session to a host (which may itself be behind a jump host) */
    JumpHosts(Function<HostEntry, ClientSession> login) {
        this.login = login;
    }

    /** A forward to {@code target} through its jump host; a jump host failure is the target's. */
    Tunnel tunnel(HostEntry target) {
        HostEntry jump = target.via();
        ClientSession session = session(target, jump);
        try {
            ExplicitPortForwardingTracker forward = session.createLocalPortForwardingTracker(
                    new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(target.address(), target.port()));
            SshdSocketAddress bound = forward.getBoundAddress();
            return new Tunnel(bound.getHostName(), bound.getPort(), forward);
        } catch (IOException | RuntimeException e) {
            throw new HostException(target.name(), target.name() + ": cannot forward to " + target.address() + ":"
                    + target.port() + " through jump host " + jump.name() + ": " + ConnectFailures.rootMessage(e), e);
        }
    }

    private ClientSession session(HostEntry target, HostEntry jump) {
        Jump state = jumps.computeIfAbsent(key(jump), k -> new Jump());
        synchronized (state) {
            if (state.failure == null && (state.session == null || !state.session.isOpen())) {
                try {
                    state.session = login.apply(jump);
                } catch (HostException e) {
                    state.failure = e;
                }
            }
            if (state.failure != null) {
                throw new HostException(target.name(), target.name() + ": through jump host "
                        + state.failure.getMessage(), state.failure);
            }
            return state.session;
        }
    }

    /** Two entries for the same login at the same place (through the same jumps) share a session. */
    private static String key(HostEntry jump) {
        return jump.user() + "@" + jump.address() + ":" + jump.port() + " " + jump.identity()
                + (jump.via() == null ? "" : " via " + key(jump.via()));
    }

    @Override
    public void close() {
        for (Jump jump : jumps.values()) {
            synchronized (jump) {
                if (jump.session != null) {
                    jump.session.close(true);
                }
            }
        }
    }
}
