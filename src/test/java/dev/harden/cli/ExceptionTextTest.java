package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Exemption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How status, check, plans and history show a host's exceptions to people, with and without colours. */
class ExceptionTextTest {

    private static final Instant NOW = Instant.now();
    private static final Exemption PORT = new Exemption("inc-4711", "alice@laptop", "INC-4711: debug the API", NOW,
            NOW.plus(Duration.ofMinutes(90)), List.of("firewall.allow+={port: 8080}"), List.of());
    private static final Exemption PASSWORDS = new Exemption("vendor", "bob@laptop", "INC-4712: vendor login", NOW,
            NOW.plus(Duration.ofMinutes(30)), List.of("ssh.password_authentication=true"),
            List.of("ssh.password_authentication"));

    private static String render(boolean colour, Exemption... exemptions) {
        StringWriter text = new StringWriter();
        ExceptionText.lines(new HumanOutput(new PrintWriter(text, true), colour), "  ", List.of(exemptions));
        return text.toString();
    }

    @Test
    void eachExceptionShowsItsOwnerReasonEndAndTimeLeft() {
        String plain = render(false, PORT);
        assertTrue(plain.matches("  exception: inc-4711 until " + PORT.until() + " \\(1h (29|30)m left; alice@laptop:"
                + " INC-4711: debug the API\\): firewall.allow\\+=\\{port: 8080}\n"), plain);
        assertFalse(plain.contains("\u001b"), "no colours when the output is not a terminal: " + plain);
    }

    @Test
    void anExceptionThatWeakensAccessIsRedOnATerminalAndSaysSoWithout() {
        String plain = render(false, PASSWORDS);
        assertTrue(plain.contains("; WEAKENS ACCESS (ssh.password_authentication)"), plain);
        String coloured = render(true, PORT, PASSWORDS);
        List<String> lines = coloured.lines().toList();
        assertEquals(2, lines.size(), coloured);
        assertTrue(lines.get(0).contains("\u001b[33mexception:"), "an ordinary exception is yellow: " + lines.get(0));
        assertFalse(lines.get(0).contains("\u001b[31m") || lines.get(0).contains("\u001b[1;31m"), lines.get(0));
        assertTrue(lines.get(1).contains("\u001b[1;31mexception:"), "weakening: red and bold: " + lines.get(1));
        assertTrue(lines.get(1).contains("\u001b[31m vendor until "), lines.get(1));
    }
}
