package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compromised host controls the bytes of its files and of os-release. None of them may reach
 * the operator's terminal as a control sequence: a title change, "cursor up, erase line" and a
 * forged summary line would let the host rewrite the plan the operator approves.
 */
class HostileHostOutputCliTest {

    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";
    /** Sets the window title, moves up one line, erases it, and forges the plan's summary. */
    private static final String FORGERY = ESC + "]0;all good" + BEL + ESC + "[1A" + ESC + "[2K"
            + "Plan: 0 host(s) to change (0 file(s)), 1 unchanged, 0 failed.";
    /** The same in visible form, as harden must print it. */
    private static final String FORGERY_VISIBLE = "\\x1b]0;all good\\x07\\x1b[1A\\x1b[2K"
            + "Plan: 0 host(s) to change (0 file(s)), 1 unchanged, 0 failed.";
    /** picocli markup, a C1 CSI (U+009B), DEL, a carriage return and a right-to-left override. */
    private static final String OTHER = "@|hidden,bg_red secret|@ \u009b2J \u007f \r\u202eevil";

    @TempDir
    Path temp;

    private Path repo;
    private Path image;

    @BeforeEach
    void hostileImage() throws IOException {
        repo = Cli.exampleRepo(temp.resolve("repo"));
        image = repo.resolve("inventory/images/debian12");
        Path sshd = image.resolve("etc/ssh/sshd_config");
        Files.writeString(sshd, Files.readString(sshd) + "# " + FORGERY + "\n# " + OTHER + "\n",
                StandardCharsets.UTF_8);
        Path osRelease = image.resolve("etc/os-release");
        Files.writeString(osRelease, Files.readString(osRelease).replace("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
                "PRETTY_NAME=\"Debian " + FORGERY + "\""), StandardCharsets.UTF_8);
    }

    @Test
    void planShowsHostControlCharactersVisibly() {
        Cli.Result plan = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertEquals(0, plan.exitCode(), plan.toString());
        assertNoControlCharacters(plan);
        assertTrue(plan.out().contains("  Debian " + FORGERY_VISIBLE + ", OpenSSH 9.2  2 change(s)\n"),
                "PRETTY_NAME visible: " + plan);
        assertTrue(plan.out().contains("           -# " + FORGERY_VISIBLE + "\n"), "diff line visible: " + plan);
        assertTrue(plan.out().contains("           -# @|hidden,bg_red secret|@ \\u009b2J \\x7f \\r\\u202eevil\n"),
                "markup kept as text, other controls visible: " + plan);
        assertForgedSummaryNeverStartsALine(plan.out());
        assertTrue(plan.out().contains("\nPlan: 1 host(s) to change (2 change(s)), 0 unchanged, 0 failed."), plan.toString());
    }

    @Test
    void checkShowsHostControlCharactersVisibly() {
        Cli.Result check = Cli.run("check", "--working-tree", "--repo", repo.toString());
        assertEquals(2, check.exitCode(), check.toString());
        assertNoControlCharacters(check);
        assertTrue(check.out().contains("  Debian " + FORGERY_VISIBLE + ", OpenSSH 9.2  "), check.toString());
        assertForgedSummaryNeverStartsALine(check.out());
    }

    @Test
    void applyShowsHostControlCharactersVisibly() {
        Cli.Result apply = Cli.run("apply", "--working-tree", "--repo", repo.toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.toString());
        assertNoControlCharacters(apply);
        assertTrue(apply.out().contains("           -# " + FORGERY_VISIBLE + "\n"), apply.toString());
        assertForgedSummaryNeverStartsALine(apply.out());
        assertTrue(apply.out().contains("\nApply: 1 host(s) changed, 0 unchanged, 0 failed."), apply.toString());
    }

    @Test
    void historyShowsRecordsFromTheHostVisibly() throws IOException {
        Cli.Result apply = Cli.run("apply", "--working-tree", "--repo", repo.toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.toString());
        Path meta;
        try (Stream<Path> generations = Files.list(image.resolve("var/lib/harden/generations"))) {
            meta = generations.findFirst().orElseThrow().resolve("meta");
        }
        Files.writeString(meta, Files.readString(meta).replaceAll("(?m)^operator=.*$", "operator=" + FORGERY));

        Cli.Result history = Cli.run("history", "--working-tree", "--repo", repo.toString(), "--limit", "golden-image");
        assertEquals(0, history.exitCode(), history.toString());
        assertNoControlCharacters(history);
        assertTrue(history.out().contains(FORGERY_VISIBLE), history.toString());
        assertForgedSummaryNeverStartsALine(history.out());
    }

    @Test
    void hostFailureMessageShowsControlCharactersVisibly() throws IOException {
        Path hosts = repo.resolve("inventory/hosts.yaml");
        Files.writeString(hosts, Files.readString(hosts).replace("root: inventory/images/debian12",
                "root: \"inventory/images/gone\\e[2K\\e[1A\""));
        Cli.Result plan = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertEquals(1, plan.exitCode(), plan.toString());
        assertNoControlCharacters(plan);
        assertTrue(plan.out().contains("gone\\x1b[2K\\x1b[1A"), plan.toString());
    }

    @Test
    void errorLineAndDebugTraceShowControlCharactersVisibly() throws IOException {
        Path baseline = repo.resolve("policies/baseline.yaml");
        Files.writeString(baseline, Files.readString(baseline).replace("  password_authentication: false",
                "  \"pasword\\e[2K\\rPlan: 0 host(s)\": false"));
        Cli.Result plan = Cli.run("plan", "--working-tree", "--repo", repo.toString());
        assertEquals(1, plan.exitCode(), plan.toString());
        assertNoControlCharacters(plan);
        assertTrue(plan.err().startsWith("harden: error: "), plan.toString());
        assertTrue(plan.err().contains("pasword\\u001b[2K\\rPlan: 0 host(s)"), plan.toString()); // escaped where it is quoted
        assertEquals(1, plan.err().strip().lines().count(), "one line: " + plan);

        Cli.Result debug = Cli.run("plan", "--working-tree", "--debug", "--repo", repo.toString());
        assertEquals(1, debug.exitCode(), debug.toString());
        assertTrue(debug.err().contains("\tat "), "the stack trace: " + debug);
        assertNoControlCharacters(debug);
    }

    /** --json needs no help: JSON escapes control characters, and the consumer gets the exact bytes back. */
    @Test
    void jsonEscapesControlCharactersAndKeepsTheData() throws IOException {
        Cli.Result plan = Cli.run("plan", "--working-tree", "--repo", repo.toString(), "--json");
        assertEquals(0, plan.exitCode(), plan.toString());
        assertNoControlCharacters(plan);
        JsonNode host = new ObjectMapper().readTree(plan.out()).get("hosts").get(0);
        assertEquals("Debian " + FORGERY + ", OpenSSH 9.2", host.get("facts").asText());
        String diff = host.get("changes").get(0).get("diff").asText();
        assertTrue(diff.contains("\n-# " + FORGERY + "\n"), diff);
        assertTrue(diff.contains("\n-# " + OTHER + "\n"), diff);
    }

    /** Line breaks and tabs are all harden itself may send; nothing else below U+0020, no DEL, no C1, no bidi. */
    static void assertNoControlCharacters(Cli.Result result) {
        for (String text : new String[] {result.out(), result.err()}) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
                assertFalse(control, String.format("U+%04X at %d reached the terminal: %s", (int) c, i, result));
            }
        }
    }

    private static void assertForgedSummaryNeverStartsALine(String out) {
        assertFalse(out.lines().anyMatch(line -> line.startsWith("Plan: 0 host(s)")), "forged summary line: " + out);
    }
}
