package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.HostException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns what MINA throws while connecting into one operator-facing {@link HostException}. */
final class ConnectFailures {

    /**
     * A failure worth another attempt: the connection was refused, timed out, had no route, or
     * closed before the server's SSH greeting (sshd restarting, MaxStartups, a jump host that
     * could not reach the target yet). A refused host key or login never is.
     */
    static final class Retryable extends HostException {
        private static final long serialVersionUID = 1L;

        Retryable(String host, String message, Throwable cause) {
            super(host, message, cause);
        }

        /** The failure to report once no attempt is left. */
        HostException after(int attempts) {
            return new HostException(host(), getMessage() + (attempts > 1 ? "; tried " + attempts + " times" : ""),
                    getCause());
        }
    }

    private ConnectFailures() {
    }

    /** The TCP connection could not be made. */
    static HostException unreachable(HostEntry entry, Throwable error, Duration timeout) {
        String why;
        boolean retry = true;
        if (causedBy(error, ConnectException.class)) {
            why = "connection refused (is sshd running and the port open?)";
        } else if (causedBy(error, UnknownHostException.class)) {
            why = "unknown host name '" + entry.address() + "'";
            retry = false;
        } else if (causedBy(error, NoRouteToHostException.class)) {
            why = "no route to host";
        } else if (causedBy(error, TimeoutException.class) || causedBy(error, SocketTimeoutException.class)) {
            why = "no answer within " + timeout.toSeconds() + " s (is the host up and the port open?)";
        } else {
            why = rootMessage(error);
            retry = false;
        }
        String message = entry.name() + ": cannot connect to " + where(entry) + ": " + why;
        return retry ? new Retryable(entry.name(), message, error) : new HostException(entry.name(), message, error);
    }

    /**
     * Key exchange or authentication failed; {@code attempt} knows whether the host key was
     * refused, {@code greeted} whether the server ever sent its SSH greeting, {@code credentials}
     * names what was offered ("key FILE" or ssh-agent).
     */
    static HostException handshake(HostEntry entry, ConnectAttempt attempt, Throwable error, boolean greeted,
                                   String credentials, Duration timeout) {
        if (attempt.refusal() != null) {
            return new HostException(entry.name(), attempt.refusal(), error);
        }
        if (anyMessageContains(error, "No more authentication methods")) {
            return new HostException(entry.name(), entry.name() + ": " + entry.user() + "@" + where(entry)
                    + " rejected " + credentials + " (is its public key in ~" + entry.user()
                    + "/.ssh/authorized_keys?)", error);
        }
        if (!greeted && !causedBy(error, TimeoutException.class)) {
            return closedBeforeGreeting(entry, error);
        }
        if (causedBy(error, TimeoutException.class)) {
            return new HostException(entry.name(), entry.name() + ": SSH login to " + where(entry)
                    + " did not finish within " + timeout.toSeconds() + " s", error);
        }
        return new HostException(entry.name(), entry.name() + ": SSH handshake with " + where(entry) + " failed: "
                + rootMessage(error), error);
    }

    /** The connection closed before the server said anything: sshd restarting, or a jump host that could not forward. */
    static HostException closedBeforeGreeting(HostEntry entry, Throwable error) {
        String hint = entry.via() == null ? "is it an SSH server, and is it restarting or refusing new connections?"
                : "is sshd running there, and does " + entry.via().name() + " allow TCP forwarding?";
        return new Retryable(entry.name(), entry.name() + ": " + where(entry)
                + " closed the connection before the SSH greeting (" + hint + ")", error);
    }

    /** "address:port", and the jump host it is reached through. */
    static String where(HostEntry entry) {
        return entry.address() + ":" + entry.port() + (entry.via() == null ? "" : " via " + entry.via().name());
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
