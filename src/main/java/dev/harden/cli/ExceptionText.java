package dev.harden.cli;

import static dev.harden.cli.HumanOutput.Colour.RED;
import static dev.harden.cli.HumanOutput.Colour.RED_BOLD;
import static dev.harden.cli.HumanOutput.Colour.YELLOW;

import dev.harden.cli.HumanOutput.Span;
import dev.harden.facts.Exemption;
import java.time.Instant;
import java.util.List;

/**
 * A host's exceptions for people, one line each under the host (plan, apply, check, status): id,
 * end, time left, owner and reason, and what it sets; one that weakens access control in red.
 */
final class ExceptionText {

    private ExceptionText() {
    }

    static void lines(HumanOutput out, String indent, List<Exemption> exemptions) {
        Instant now = Instant.now();
        for (Exemption e : exemptions) {
            String text = " " + e.describe(now) + ": " + e.overlay() + (e.activeAt(now) ? ""
                    : "; its time is up: the host ends it, or the next apply does");
            if (e.weakensAccess()) {
                out.line(Span.plain(indent), RED_BOLD.of("exception:"), RED.of(text + "; WEAKENS ACCESS ("
                        + String.join(", ", e.weakens()) + ")"));
            } else {
                out.line(Span.plain(indent), YELLOW.of("exception:"), Span.plain(text));
            }
        }
    }
}
