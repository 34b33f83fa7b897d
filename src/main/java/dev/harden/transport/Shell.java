package dev.harden.transport;

import java.util.List;

/** The one place that quotes for a POSIX shell: every word in single quotes. */
public final class Shell {

    private Shell() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The command line that runs {@code sh -c script} with arguments, as one string. */
    public static String commandLine(List<String> prefix, Command command) {
        StringBuilder line = new StringBuilder();
        for (String word : prefix) {
            line.append(quote(word)).append(' ');
        }
        line.append("sh -c ").append(quote(command.script())).append(" harden");
        for (String arg : command.args()) {
            line.append(' ').append(quote(arg));
        }
        return line.toString();
    }
}
