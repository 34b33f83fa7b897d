package dev.harden.transport.ssh;

import dev.harden.transport.BoundedOutput;
import dev.harden.transport.ExecResult;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/**
 * Runs one command line on an exec channel: sends the input then end-of-file, keeps exit
 * status, standard output and standard error as data (a command writing to stderr is not a
 * failure), and turns a timeout or a lost connection into a {@link HostException}.
 */
final class RemoteExec {

    /** POSIX numbers of the signals a remote command is usually killed by, for a shell-like exit code. */
    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "ABRT", 6,
            "KILL", 9, "SEGV", 11, "PIPE", 13, "ALRM", 14, "TERM", 15);

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SshChannelOpenException) {
                return true;
            }
        }
        return false;
    }

    /** How often a refused channel open is tried (about 4 s in all). */
    private static final int OPEN_ATTEMPTS = 12;

    private RemoteExec() {
    }

    static ExecResult run(ClientSession session, String hostName, String purpose, String commandLine,
                          byte[] stdin, Duration timeout) {
        BoundedOutput out = new BoundedOutput();
        BoundedOutput err = new BoundedOutput();
        ChannelExec channel = open(session, hostName, purpose, commandLine, out, err, timeout);
        try {
            sendInput(channel, stdin);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (out.overflowed() || err.overflowed()) {
                throw (out.overflowed() ? out : err).overflow(hostName, purpose);
            }
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new HostException(hostName, hostName + ": " + purpose + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return result(channel, hostName, purpose, out, err);
        } finally {
            channel.close(true);
        }
    }

    /**
     * Opens the exec channel. sshd frees a closed session's slot a moment after the client may
     * already ask for the next one, so with a low MaxSessions an open can be refused although
     * harden uses one session at a time: a refused open is retried for a few seconds.
     */
    private static ChannelExec open(ClientSession session, String hostName, String purpose, String commandLine,
                                    OutputStream out, OutputStream err, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            ChannelExec channel = null;
            try {
                channel = session.createExecChannel(commandLine);
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(timeout);
                return channel;
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close(true);
                }
                if (!refused(e) || attempt == OPEN_ATTEMPTS || !session.isOpen()) {
                    throw new HostException(hostName, hostName + ": connection lost during " + purpose + " ("
                            + ConnectFailures.rootMessage(e) + ")", e);
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new HostException(hostName, hostName + ": interrupted during " + purpose, interrupted);
                }
            }
        }
    }

    /**
     * Writes the input and closes it, which sends EOF. A command may exit without reading its
     * input; the write then fails, and the exit status still tells what happened.
     */
    private static void sendInput(ChannelExec channel, byte[] stdin) {
        try (OutputStream in = channel.getInvertedIn()) {
            in.write(stdin);
            in.flush();
        } catch (IOException e) {
            // the outcome is read from the channel below
        }
    }

    private static ExecResult result(ChannelExec channel, String hostName, String purpose,
                                     BoundedOutput out, BoundedOutput err) {
        Integer status = channel.getExitStatus();
        if (status != null) {
            return new ExecResult(status, out.toByteArray(), err.toByteArray());
        }
        String signal = channel.getExitSignal();
        if (signal != null) {
            byte[] note = ("harden: remote command killed by signal " + signal + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] stderr = err.toByteArray();
            byte[] joined = java.util.Arrays.copyOf(stderr, stderr.length + note.length);
            System.arraycopy(note, 0, joined, stderr.length, note.length);
            return new ExecResult(128 + SIGNALS.getOrDefault(signal, 0), out.toByteArray(), joined);
        }
        throw new HostException(hostName, hostName + ": connection lost during " + purpose);
    }
}
