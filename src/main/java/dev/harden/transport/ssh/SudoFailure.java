package dev.harden.transport.ssh;

import dev.harden.transport.ExecResult;
import java.util.List;

/**
 * Recognises a command that never ran because sudo refused it (a password would be needed,
 * the user is not in sudoers, ...), as opposed to a command that ran and failed.
 */
final class SudoFailure {

    private static final List<String> REFUSALS = List.of("password is required", "not in the sudoers",
            "a terminal is required", "may not run sudo", "is not allowed to execute");

    private SudoFailure() {
    }

    /** sudo's own error line, or null when the result is not a sudo refusal. */
    static String refusalLine(ExecResult result) {
        if (result.ok()) {
            return null;
        }
        String err = result.err();
        for (String line : err.split("\n")) {
            String text = line.strip();
            boolean fromSudo = err.contains("sudo:") || text.startsWith("Sorry, user ");
            if (fromSudo && REFUSALS.stream().anyMatch(text::contains)) {
                return text;
            }
        }
        return null;
    }
}
