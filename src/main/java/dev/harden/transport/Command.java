package dev.harden.transport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A root command on a host: a fixed POSIX shell script plus data. Data never goes into the
 * script text: it travels as positional arguments ($1, $2, ...) or on standard input, so the
 * only quoting in harden is the transport's quoting of those arguments ({@link Shell}).
 *
 * @param purpose what the command is for, used in error messages ("gather facts")
 */
public record Command(String purpose, String script, List<String> args, byte[] stdin, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public Command {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(script, "script");
        args = List.copyOf(args);
        stdin = stdin == null ? new byte[0] : stdin;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String purpose, String script, String... args) {
        return new Command(purpose, script, List.of(args), null, null);
    }

    public Command withStdin(byte[] input) {
        return new Command(purpose, script, args, input, timeout);
    }
}
