package dev.harden.transport.ssh;

import dev.harden.inventory.HostEntry;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import dev.harden.transport.Shell;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;

/**
 * One host over one authenticated SSH session, kept for the whole run. Commands run as root:
 * through {@code sudo -n} when the login user is not root, so a missing NOPASSWD rule fails
 * at once with a clear message instead of waiting for a password.
 */
public final class SshHost implements Host {

    static final List<String> SUDO = List.of("sudo", "-n", "--");
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final HostEntry entry;
    private final ClientSession session;
    private final SshConnector connector;

    SshHost(HostEntry entry, ClientSession session, SshConnector connector) {
        this.entry = entry;
        this.session = session;
        this.connector = connector;
    }

    @Override
    public String name() {
        return entry.name();
    }

    @Override
    public java.util.Optional<String> sshServerVersion() {
        String announced = session.getServerVersion();
        return announced == null ? java.util.Optional.empty() : java.util.Optional.of(announced);
    }

    /** The login user is root, so commands need no sudo. */
    boolean loginIsRoot() {
        return "root".equals(entry.user());
    }

    /** The command line sent to the server: the command as root, through sudo unless the login is root. */
    String commandLine(Command command) {
        return Shell.commandLine(loginIsRoot() ? List.of() : SUDO, command);
    }

    @Override
    public ExecResult run(Command command) {
        if (!session.isOpen()) {
            throw new HostException(name(), name() + ": connection lost during " + command.purpose());
        }
        ExecResult result = RemoteExec.run(session, name(), command.purpose(), commandLine(command), Shell.input(command),
                command.timeout());
        if (!loginIsRoot()) {
            String sudoLine = SudoFailure.refusalLine(result);
            if (sudoLine != null) {
                throw new HostException(name(), name() + ": sudo failed for " + entry.user() + ": " + sudoLine
                        + ". harden connects as an unprivileged user and needs passwordless sudo (NOPASSWD) for it");
            }
        }
        return result;
    }

    @Override
    public String probeNewSession() {
        ClientSession probe;
        try {
            probe = connector.openSession(entry);
        } catch (HostException e) {
            return e.getMessage();
        }
        try {
            Command check = new Command("check a new SSH session", "true", List.of(), PROBE_TIMEOUT);
            ExecResult result = RemoteExec.run(probe, name(), check.purpose(), commandLine(check), Shell.input(check),
                    check.timeout());
            if (result.ok()) {
                return null;
            }
            String sudoLine = loginIsRoot() ? null : SudoFailure.refusalLine(result);
            return sudoLine != null ? "sudo failed for " + entry.user() + ": " + sudoLine
                    : "a root command failed in a new session: " + result.reason();
        } catch (HostException e) {
            return e.getMessage();
        } finally {
            probe.close(true);
        }
    }

    @Override
    public void close() {
        session.close(false);
    }
}
