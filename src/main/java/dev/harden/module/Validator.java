package dev.harden.module;

import java.util.List;

/**
 * A command that checks a staged file before it is activated, e.g. {@code sshd -t -f {}}.
 * "{}" stands for the staged file's path.
 */
public record Validator(List<String> argv) {

    public Validator {
        argv = List.copyOf(argv);
        if (!argv.contains("{}")) {
            throw new IllegalArgumentException("a validator must name the staged file with {}: " + argv);
        }
    }

    public static Validator of(String... argv) {
        return new Validator(List.of(argv));
    }

    /** The command with the staged path filled in. */
    public List<String> forPath(String path) {
        return argv.stream().map(a -> a.equals("{}") ? path : a).toList();
    }

    public String display() {
        return String.join(" ", argv);
    }
}
