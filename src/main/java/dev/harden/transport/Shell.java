package dev.harden.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The one place that quotes for a POSIX shell: every word in single quotes. */
public final class Shell {

    /**
     * What every command line runs: it reads the script from standard input and evaluates it
     * with the command's arguments as $1, $2, ... A script of any size fits (a command-line
     * argument is limited to 128 KiB on Linux), and the script never needs a temporary file,
     * so commands still run on a host whose disk is full.
     */
    public static final String BOOTSTRAP = "eval \"$(cat)\"";

    private Shell() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** Quotes each word and joins them with spaces: one shell command line of literal words. */
    public static String words(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    /** The command line that runs the bootstrap under {@code sh} with the command's arguments. */
    public static String commandLine(List<String> prefix, Command command) {
        StringBuilder line = new StringBuilder();
        for (String word : prefix) {
            line.append(quote(word)).append(' ');
        }
        line.append("sh -c ").append(quote(BOOTSTRAP)).append(" harden");
        for (String arg : command.args()) {
            line.append(' ').append(quote(arg));
        }
        return line.toString();
    }

    /** What the command line reads on standard input: the script. */
    public static byte[] input(Command command) {
        return command.script().getBytes(StandardCharsets.UTF_8);
    }
}
