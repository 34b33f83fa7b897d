package dev.harden.resource;

import java.util.List;

/**
 * A command that checks a staged file before it is activated, e.g. {@code sshd -t -f {}}.
 * "{}" stands for the staged file's path. A first word "@name" runs the on-host check
 * {@code check_name} that a module ships with its on-host code. Recorded in a generation's
 * manifest as a list of words, so any argument (spaces included) survives a rollback.
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

    /** "sshd -t -f {}", or "firewalld-zone check" for one of harden's on-host checks ("@name"). */
    public String display() {
        return argv.get(0).startsWith("@") ? argv.get(0).substring(1) + " check" : String.join(" ", argv);
    }
}
