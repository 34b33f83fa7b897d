package dev.harden.facts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fact a module needs about a host: a read-only shell snippet (the body of a function, run in
 * the one fact round trip with {@code $R} the image root prefix, {@code $login} the user harden
 * connects as and {@code $conn} its SSH_CONNECTION) and the parser of what it prints. The probe
 * frames each snippet's output, so nothing the host prints can forge another fact; the parser
 * treats the output as hostile (bounded, and a malformed answer fails that host only).
 *
 * @param name   unique, "module.fact" (e.g. "sshd.effective")
 * @param script the snippet
 * @param parser turns the snippet's output into the fact's value
 */
public record FactProbe<T>(String name, String script, Parser<T> parser) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_.-]*");

    /** Reads the output of a snippet; a RuntimeException means the host answered nonsense. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] output);
    }

    public FactProbe {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(parser, "parser");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("fact names are module.fact in lower case: " + name);
        }
    }
}
