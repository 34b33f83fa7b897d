package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.HostException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns what MINA throws while connecting into one operator-facing {@link HostException}. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    /** The TCP connection could not be made. */
    static HostException unreachable(HostEntry entry, Throwable error, Duration timeout) {
        String why;
        if (causedBy(error, ConnectException.class)) {
            why = "connection refused (is sshd running and the port open?)";
        } else if (causedBy(error, UnknownHostException.class)) {
            why = "unknown host name '" + entry.address() + "'";
        } else if (causedBy(error, NoRouteToHostException.class)) {
            why = "no route to host";
        } else if (causedBy(error, TimeoutException.class) || causedBy(error, SocketTimeoutException.class)) {
            why = "no answer within " + timeout.toSeconds() + " s (is the host up and the port open?)";
        } else {
            why = rootMessage(error);
        }
        return new HostException(entry.name(), entry.name() + ": cannot connect to " + where(entry) + ": " + why,
                error);
    }

    /** Key exchange or authentication failed; {@code attempt} knows whether the host key was refused. */
    static HostException handshake(HostEntry entry, ConnectAttempt attempt, Throwable error, Path identity,
                                   Duration timeout) {
        if (attempt.refusal() != null) {
            return new HostException(entry.name(), attempt.refusal(), error);
        }
        if (anyMessageContains(error, "No more authentication methods")) {
            return new HostException(entry.name(), entry.name() + ": " + entry.user() + "@" + where(entry)
                    + " rejected key " + identity + " (is its public key in ~" + entry.user()
                    + "/.ssh/authorized_keys?)", error);
        }
        if (causedBy(error, TimeoutException.class)) {
            return new HostException(entry.name(), entry.name() + ": SSH login to " + where(entry)
                    + " did not finish within " + timeout.toSeconds() + " s", error);
        }
        return new HostException(entry.name(), entry.name() + ": SSH handshake with " + where(entry) + " failed: "
                + rootMessage(error), error);
    }

    static String where(HostEntry entry) {
        return entry.address() + ":" + entry.port();
    }

    static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean anyMessageContains(Throwable error, String text) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, which is where MINA keeps the useful one. */
    static String rootMessage(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
