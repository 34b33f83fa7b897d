package dev.harden.cli;

import dev.harden.apply.ImageRoots;
import dev.harden.module.Modules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs harden through Main with captured output. */
final class Cli {

    private static final java.util.regex.Pattern PROGRESS_LINE =
            java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ");

    record Result(int exitCode, String out, String err) {

        /** stderr without the timestamped progress lines (what is not a terminal gets them). */
        String errWithoutProgress() {
            return err.lines().filter(l -> !PROGRESS_LINE.matcher(l).lookingAt())
                    .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        }

        /** The timestamped progress lines of stderr, without their timestamps. */
        java.util.List<String> progressLines() {
            return err.lines().filter(l -> PROGRESS_LINE.matcher(l).lookingAt())
                    .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs harden with other modules than the built-in ones. */
    static Result run(Modules modules, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(modules, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * A copy of the project's example desired state (policies/ and inventory/ with its image root),
     * with the operability modules (harden-local, the runbook) off: they have tests of their own.
     */
    static Path exampleRepo(Path target) {
        ImageRoots.copyTree(Path.of("inventory"), target.resolve("inventory"));
        return examplePolicies(target);
    }

    /** A copy of the project's policies/ in {@code target}, with the operability modules off. */
    static Path examplePolicies(Path target) {
        ImageRoots.copyTree(Path.of("policies"), target.resolve("policies"));
        Path baseline = target.resolve("policies/baseline.yaml");
        try {
            String text = java.nio.file.Files.readString(baseline);
            String off = text.replace("console:\n  enabled: true", "console:\n  enabled: false")
                    .replace("runbook:\n  enabled: true", "runbook:\n  enabled: false")
                    .replace("  banner: true", "  banner: false");
            if (off.equals(text)) {
                throw new IllegalStateException("policies/baseline.yaml no longer turns console and runbook on");
            }
            java.nio.file.Files.writeString(baseline, off);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return target;
    }
}
