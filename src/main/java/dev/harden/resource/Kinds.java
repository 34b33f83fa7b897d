package dev.harden.resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The on-host side of the resource kinds (kinds.sh): the call that reads a resource's state in
 * the fact probe, and the parser of what it prints. The same file's fp_KIND functions print the
 * fingerprints {@link State#fingerprint()} computes, and its apply and undo functions are the
 * calls {@link Resource#apply} and {@link Resource#undo} name.
 */
public final class Kinds {

    /** kinds.sh: shared by the fact probe and by every generation's stored revert code. */
    public static final String SCRIPT = load();
    /** The largest file harden reads and manages (the probe stops reading there). */
    public static final int MAX_FILE_BYTES = 4 << 20;

    private Kinds() {
    }

    /** The probe call that prints the state of {@code id}. */
    public static List<String> stateCall(ResourceId id) {
        return id.kind() == Kind.SECRET ? List.of("state_secret", id.key(), id.detail())
                : List.of("state_" + id.kind().function(), id.key());
    }

    /** The call that prints the fingerprint of {@code id} on the host, compared with the plan's. */
    public static List<String> fingerprintCall(ResourceId id) {
        return List.of("fp_" + id.kind().function(), id.key(), id.detail());
    }

    /** Parses what {@link #stateCall} printed. A malformed answer throws IllegalArgumentException. */
    public static State parseState(ResourceId id, byte[] output) {
        int newline = indexOf(output, (byte) '\n');
        String header = new String(output, 0, newline < 0 ? output.length : newline, StandardCharsets.UTF_8).strip();
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(output, newline + 1, output.length);
        if (header.equals("absent")) {
            return new State.Absent();
        }
        if (header.equals("other")) {
            return new State.Other();
        }
        if (header.equals("unknown")) {
            return new State.Unknown();
        }
        if (!header.startsWith("present")) {
            throw new IllegalArgumentException(id.label() + ": unexpected state '" + oneLine(header) + "'");
        }
        String[] f = header.split(" ", -1);
        return switch (id.kind()) {
            case FILE -> file(id, f, body);
            case DIRECTORY -> new State.Directory(mode(id, f, 1), word(id, f, 2), word(id, f, 3));
            case LINK -> new State.Link(header.substring("present ".length()));
            case PACKAGE -> new State.Package(word(id, f, 1));
            case UNIT -> new State.Unit(word(id, f, 1), word(id, f, 2));
            case SECRET -> new State.Secret(word(id, f, 1), mode(id, f, 2), word(id, f, 3), word(id, f, 4),
                    new String(body, StandardCharsets.UTF_8).strip());
        };
    }

    private static State file(ResourceId id, String[] f, byte[] body) {
        long size = Long.parseLong(word(id, f, 4));
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(id.key() + " is " + size + " bytes; harden manages files up to "
                    + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        if (size != body.length) {
            throw new IllegalArgumentException(id.key() + ": read " + body.length + " of " + size + " bytes");
        }
        return new State.File(mode(id, f, 1), word(id, f, 2), word(id, f, 3), body);
    }

    private static int mode(ResourceId id, String[] f, int i) {
        return Integer.parseInt(word(id, f, i), 8);
    }

    private static String word(ResourceId id, String[] f, int i) {
        if (i >= f.length || f[i].isEmpty()) {
            throw new IllegalArgumentException(id.label() + ": the state line has no field " + i);
        }
        return f[i];
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String oneLine(String text) {
        String line = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return line.replaceAll("\\p{Cntrl}", "?");
    }

    private static String load() {
        try (InputStream in = Kinds.class.getResourceAsStream("kinds.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kinds.sh missing from the harden jar", e);
        }
    }
}
