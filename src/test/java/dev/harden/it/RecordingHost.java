package dev.harden.it;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.Shell;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A real host whose every command is recorded as it is sent (the command line with its arguments,
 * and the script on standard input, byte for byte what the SSH exec channel carries), together with
 * what came back, into one shared transcript.
 */
final class RecordingHost implements Host {

    private final Host real;
    private final ByteArrayOutputStream transcript;

    RecordingHost(Host real, ByteArrayOutputStream transcript) {
        this.real = real;
        this.transcript = transcript;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public ExecResult run(Command command) {
        record("\n== " + real.name() + ": " + command.purpose() + "\n" + Shell.commandLine(java.util.List.of("sudo", "-n", "--"),
                command) + "\n", Shell.input(command));
        ExecResult result = real.run(command);
        record("\n-- stdout\n", result.stdout());
        record("\n-- stderr\n", result.stderr());
        return result;
    }

    private void record(String header, byte[] bytes) {
        synchronized (transcript) {
            transcript.writeBytes(header.getBytes(StandardCharsets.UTF_8));
            transcript.writeBytes(bytes);
        }
    }

    @Override
    public String probeNewSession() {
        record("\n== " + real.name() + ": a new session checks access\n", new byte[0]);
        return real.probeNewSession();
    }

    @Override
    public void checkManagedPaths(Collection<String> absolutePaths) {
        real.checkManagedPaths(absolutePaths);
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
