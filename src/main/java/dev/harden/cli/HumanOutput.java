package dev.harden.cli;

import java.io.PrintWriter;

/**
 * The one way text for people leaves harden: plans, diffs, findings, apply steps and errors,
 * history, check, progress and error lines. Everything printed here is treated as data, because
 * much of it comes from hosts (file content, os-release, listener names, command output) and a
 * terminal obeys escape sequences: a compromised host could otherwise set the window title,
 * move the cursor up, erase lines and forge the plan summary the operator approves.
 *
 * <p>So every character that can steer a terminal is shown visibly instead: C0 controls as
 * {@code \x1b}, {@code \x07}, line feed and carriage return as {@code \n} and {@code \r}, DEL
 * as {@code \x7f}, C1 controls and the bidirectional overrides (which reorder what is shown) as
 * {@code \u009b}, {@code \u202e}. Tabs stay as they are: they only move forward on the current
 * line, and configuration files are full of them. The only line breaks are the ones this class
 * writes at the end of a {@link #line}; the only escape sequences are the colours of a
 * {@link Span}, written here from a fixed table, never parsed out of text (no picocli markup,
 * so "@|hidden ...|@" in a file stays text), and the carriage return and erase of a status line
 * {@link #redraw redrawn} in place.
 *
 * <p>JSON output does not come through here: {@link dev.harden.json.JsonReport} escapes every
 * control character, and a consumer needs the exact data.
 */
final class HumanOutput {

    /** Colours harden uses, as SGR parameters. */
    enum Colour {
        BOLD("1"), RED("31"), RED_BOLD("1;31"), GREEN("32"), YELLOW("33"), CYAN("36");

        private final String sgr;

        Colour(String sgr) {
            this.sgr = sgr;
        }

        /** {@code text} in this colour (when the output shows colours at all). */
        Span of(String text) {
            return new Span(text, this);
        }
    }

    /** A piece of a line: text (always shown visibly) in a colour, or in none. */
    record Span(String text, Colour colour) {

        Span {
            text = String.valueOf(text);
        }

        static Span plain(String text) {
            return new Span(text, null);
        }
    }

    private static final String RESET = "\u001b[0m";
    private static final String ERASE_TO_END_OF_LINE = "\u001b[K";

    private final PrintWriter out;
    private final boolean colour;

    /** @param colour whether to write the colours of spans (only for a terminal that wants them) */
    HumanOutput(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** One line of plain text. */
    void line(String text) {
        line(Span.plain(text));
    }

    /** One line made of spans; written whole, so lines from concurrent hosts never mix. */
    void line(Span... spans) {
        synchronized (out) {
            write(spans);
            out.print('\n');
        }
    }

    /** An empty line. */
    void line() {
        line(new Span[0]);
    }

    /**
     * Redraws the line the cursor is on (a status line, on a terminal only): a carriage return,
     * the spans, then "erase to the end of the line" for what a longer line left. The caller
     * keeps the line shorter than the terminal is wide, or it wraps and cannot be redrawn.
     */
    void redraw(Span... spans) {
        synchronized (out) {
            out.print('\r');
            write(spans);
            out.print(ERASE_TO_END_OF_LINE);
            out.flush();
        }
    }

    /** Text without a line break (a question before the answer is read). */
    void print(String text) {
        synchronized (out) {
            write(Span.plain(text));
        }
    }

    void flush() {
        out.flush();
    }

    private void write(Span... spans) {
        StringBuilder line = new StringBuilder();
        for (Span span : spans) {
            boolean painted = colour && span.colour() != null;
            if (painted) {
                line.append("\u001b[").append(span.colour().sgr).append('m');
            }
            line.append(visible(span.text()));
            if (painted) {
                line.append(RESET);
            }
        }
        out.print(line);
    }

    /** {@code text} with every character that can steer a terminal replaced by a visible escape. */
    static String visible(String text) {
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && shown == null) {
                shown = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (shown != null) {
                if (escape != null) {
                    shown.append(escape);
                } else {
                    shown.append(c);
                }
            }
        }
        return shown == null ? text : shown.toString();
    }

    /** How {@code c} is shown, or null when it is shown as itself. */
    private static String escape(char c) {
        if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
            return null;
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if (c <= 0x9f || isBidiControl(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** The characters that reorder how the rest of a line is displayed (the "Trojan Source" ones). */
    private static boolean isBidiControl(char c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
