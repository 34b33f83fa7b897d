package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.module.Finding;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import dev.harden.resource.State;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With colour on, host data must neither carry its own escape sequences nor be read as picocli
 * markup: "@|hidden ...|@" in a file would otherwise hide text, "@|bg_red ...|@" paint it.
 */
class PlanTextColourTest {

    private static final String MARKUP = "@|hidden,bg_red secret|@ @|blink,underline x|@";

    @Test
    void hostDataCannotInjectColoursOrHideText() {
        String diff = "--- /etc/ssh/sshd_config (on host)\n+++ /etc/ssh/sshd_config (0123456789)\n@@ -1,2 +1,2 @@\n"
                + "-# " + MARKUP + "\n-# \u001b[8mhidden\u001b[0m\n+PermitRootLogin no\n";
        FileResource file = new FileResource("sshd", "/etc/ssh/sshd_config", "PermitRootLogin no\n".getBytes(
                StandardCharsets.UTF_8), 0644, "root", "root", Optional.empty(), List.of(), false, true);
        Change change = new Change(file, new State.File(0644, "root", "root", new byte[0]), "update /etc/ssh/sshd_config"
                + " (content)", diff);
        HostPlan host = new HostPlan("web1", "ssh ops@203.0.113.10:22", "Debian " + MARKUP, List.of(change),
                List.of(Finding.warning("firewall", "listener " + MARKUP)));
        Plan plan = new Plan("0123456789abcdef", "commit 0123456789", List.of(),
                List.of(host, new HostFailure("web2", "ssh ops@203.0.113.11:22", "sudo said " + MARKUP)));

        StringWriter text = new StringWriter();
        new PlanText(new HumanOutput(new PrintWriter(text), true)).plan(plan);
        String out = text.toString();

        assertFalse(out.contains("\u001b[8m") || out.contains("\u001b[41m") || out.contains("\u001b[5m"), out);
        assertTrue(Set.of("0", "1", "31", "32", "33", "36").containsAll(sgrCodes(out)),
                "only harden's own colours (bold, red, green, yellow, cyan, reset): " + out);
        assertTrue(out.contains("\u001b[31m-# \\x1b[8mhidden\\x1b[0m\u001b[0m\n"), out);
        assertEquals(4, count(out, MARKUP), "markup shown as text in facts, diff line, finding, failure: " + out);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    /** Every SGR parameter in the output ("1" of ESC[1m, "1" and "31" of ESC[1;31m). */
    private static Set<String> sgrCodes(String out) {
        Set<String> codes = new TreeSet<>();
        Matcher m = Pattern.compile("\u001b\\[([0-9;]*)m").matcher(out);
        while (m.find()) {
            for (String code : m.group(1).split(";")) {
                codes.add(code.isEmpty() ? "0" : code);
            }
        }
        return codes;
    }
}
