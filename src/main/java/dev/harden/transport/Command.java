package dev.harden.transport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A root command on a host: a POSIX shell script plus arguments. Data never goes into the text
 * of a fixed script: it travels as positional arguments ($1, $2, ...), and scripts that harden
 * generates quote every value through {@link Shell}. The script itself is sent on standard
 * input (see {@link Shell#BOOTSTRAP}), so it has no size limit and never shows in a process list.
 *
 * @param purpose what the command is for, used in error messages ("gather facts")
 */
public record Command(String purpose, String script, List<String> args, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The most output harden accepts from one command: host output is hostile and bounded. */
    public static final int MAX_OUTPUT_BYTES = 64 << 20;

    public Command {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(script, "script");
        args = List.copyOf(args);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String purpose, String script, String... args) {
        return new Command(purpose, script, List.of(args), null);
    }

    public Command withTimeout(Duration longer) {
        return new Command(purpose, script, args, longer);
    }
}
