package dev.harden.transport;

import java.nio.charset.StandardCharsets;

/** What a command did: exit status and both output streams, kept as data. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** The most useful single line to show when the command failed. */
    public String reason() {
        String text = (err().isBlank() ? out() : err()).strip();
        String[] lines = text.split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.isEmpty() ? "exit status " + exitCode : last;
    }
}
