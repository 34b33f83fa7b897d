package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a person sees it: harden runs in a real pseudo-terminal (a tmux pane 120 columns
 * wide) and the test reads the screen with capture-pane, escape sequences included (-e). The
 * status line is redrawn in place (the program wrote it many times, the screen holds it once),
 * has colours on a terminal and none with NO_COLOR or --no-color; with stderr piped, the lines are
 * plain and timestamped. The plan of a fleet of image roots needs no Docker, only tmux.
 *
 * <p>The tmux server is this test's own (its socket is in the test's directory) and is killed
 * after each test. In CI the test must run: without tmux it fails there (.ci/test-hosts.sh
 * installs it) and is skipped elsewhere.
 */
class TerminalProgressTest {

    private static final List<String> HOSTS = IntStream.rangeClosed(1, 12).mapToObj(i -> "web" + i).toList();
    private static final Pattern STATUS = Pattern.compile("\\[(?:\u001b\\[[0-9;]*m)?\\d+/12 done");
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    private Path socket;
    private String repo;

    @BeforeEach
    void fleet() {
        boolean tmux = new java.io.File("/usr/bin/tmux").canExecute();
        if (System.getenv("CI") != null) {
            assertTrue(tmux, "tmux is missing: .ci/test-hosts.sh installs it");
        }
        assumeTrue(tmux, "no tmux on this machine");
        socket = temp.resolve("tmux.sock");
        repo = ImageFleet.create(temp.resolve("repo"), HOSTS).toString();
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null && Files.exists(socket)) {
            run("tmux", "-S", socket.toString(), "kill-server");
        }
    }

    @Test
    void aStatusLineRedrawnInPlaceWithColours() throws Exception {
        Screen screen = harden("", "plan --working-tree --repo " + repo + " --parallel 2");
        List<String> statusLines = screen.lines().stream().filter(l -> STATUS.matcher(l).find()).toList();
        assertEquals(1, statusLines.size(), "one status line on the screen:\n" + screen.text);
        String status = statusLines.get(0);
        assertTrue(SGR.matcher(status).replaceAll("").matches("\\[12/12 done, 0 failed, 0 left\\] planning finished in \\d+s"),
                status);
        assertTrue(status.contains("\u001b[32m12/12 done"), "green on a terminal: " + status);
        assertTrue(screen.rawDraws() >= 2, "the program redrew the line (" + screen.rawDraws() + " times):\n" + screen.raw);
        String beforePlan = screen.raw.substring(0, screen.raw.indexOf("harden plan"));
        assertFalse(beforePlan.replace("\r\n", "").contains("\n"), "no line break while planning: " + beforePlan);
        // the plan follows, per host, grouped and in order, on a terminal with colours too
        List<String> blocks = new ArrayList<>();
        Matcher host = Pattern.compile("(?m)^(?:\u001b\\[1m)?(web\\d+)(?:\u001b\\[[0-9;]*m)*  image root").matcher(screen.text);
        while (host.find()) {
            blocks.add(host.group(1));
        }
        assertEquals(HOSTS.stream().sorted().toList(), blocks, screen.text);
    }

    @Test
    void applyShowsEachStageAndWhatTheHostsAreDoing() throws Exception {
        Screen screen = harden("", "apply --working-tree --auto-approve --repo " + repo + " --parallel 2",
                "Apply: 12 host(s) changed");
        List<String> status = screen.lines().stream().filter(l -> STATUS.matcher(l).find())
                .map(l -> SGR.matcher(l).replaceAll("")).toList();
        assertEquals(2, status.size(), "one final line per stage:\n" + screen.text);
        String done = "\\[12/12 done, 0 failed, 0 left\\] ";
        assertTrue(status.get(0).matches(done + "planning finished in \\d+s"), status.get(0));
        assertTrue(status.get(1).matches(done + "applying finished in \\d+s"), status.get(1));
        // while it ran, the line named hosts and their phase, and counted hosts done and left
        String drawn = SGR.matcher(screen.raw).replaceAll("");
        Pattern phase = Pattern.compile("\r\\[\\d+/12 done, 0 failed, \\d+ left\\] applying \\d+s: web\\d+"
                + " \\((locking and preparing|applying|verifying)\\)");
        assertTrue(phase.matcher(drawn).find(), "a host's phase while applying:\n" + drawn);
        // the results follow the status lines, one per host, in name order
        List<String> applied = screen.lines().stream().map(l -> SGR.matcher(l).replaceAll(""))
                .filter(l -> l.matches("web\\d+ applied \\(generation .*"))
                .map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertEquals(HOSTS.stream().sorted().toList(), applied, screen.text);
        String shown = SGR.matcher(screen.text).replaceAll("");
        assertTrue(shown.indexOf("applying finished") < shown.indexOf("web1 applied"), shown);
    }

    @Test
    void noColoursWithNoColor() throws Exception {
        Screen screen = harden("NO_COLOR=1", "plan --working-tree --repo " + repo);
        assertOneStatusLineWithoutColour(screen);
    }

    @Test
    void noColoursWithTheOption() throws Exception {
        Screen screen = harden("", "plan --working-tree --no-color --repo " + repo);
        assertOneStatusLineWithoutColour(screen);
    }

    @Test
    void plainTimestampedLinesWhenPiped() throws Exception {
        Screen screen = harden("", "plan --working-tree --repo " + repo + " 2>&1 | cat");
        List<String> lines = screen.lines();
        assertFalse(lines.stream().anyMatch(l -> STATUS.matcher(l).find()), screen.text);
        Pattern stamped = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ (web\\d+) planned \\(2 changes\\)$");
        assertEquals(12, lines.stream().filter(l -> stamped.matcher(l).matches()).count(), screen.text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("^\\S+Z planning 12 host\\(s\\)$")), screen.text);
        assertFalse(screen.text.contains("\u001b["), "nothing but text when piped: " + screen.text);
    }

    private void assertOneStatusLineWithoutColour(Screen screen) {
        List<String> status = screen.lines().stream().filter(l -> STATUS.matcher(l).find()).toList();
        assertEquals(1, status.size(), screen.text);
        assertTrue(status.get(0).startsWith("[12/12 done, 0 failed, 0 left] planning finished in "), status.get(0));
        assertFalse(screen.text.contains("\u001b["), "no escape sequence on the screen: " + screen.text);
    }

    /** What the pane shows at the end (with escape sequences), and everything the program wrote to it. */
    private record Screen(String text, String raw) {
        List<String> lines() {
            return text.lines().map(String::stripTrailing).toList();
        }

        /** How often the program drew the status line (each draw starts with a carriage return). */
        long rawDraws() {
            return Pattern.compile("\r\\[").matcher(raw).results().count();
        }
    }

    /** Runs harden with {@code env} and {@code args} in a fresh 120x30 pane and waits until it exited. */
    private Screen harden(String env, String args) throws Exception {
        return harden(env, args, "Plan: 12 host(s) to change");
    }

    /** As above, waiting until the screen and the written stream show {@code last}. */
    private Screen harden(String env, String args, String last) throws Exception {
        Path go = temp.resolve("go");
        Path exit = temp.resolve("exit");
        Path raw = temp.resolve("raw");
        Files.deleteIfExists(go);
        Files.deleteIfExists(exit);
        Files.deleteIfExists(raw);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // a person's terminal: no CI variable, the width from the terminal itself
        String command = "while [ ! -e " + go + " ]; do sleep 0.05; done; cd " + temp + "; env -u CI -u COLUMNS -u NO_COLOR"
                + " TERM=xterm-256color " + env + " '" + java + "' -cp '" + classPath + "' dev.harden.cli.Main " + args
                + "; echo $? > " + exit + "; exec sleep 600";
        Path script = Files.writeString(temp.resolve("run.sh"), command + "\n");
        String tmux = socket.toString();
        Path config = Files.writeString(temp.resolve("tmux.conf"), "set -g history-limit 50000\n");
        run("tmux", "-S", tmux, "-f", config.toString(), "new-session", "-d", "-x", "120", "-y", "30", "-s", "harden",
                "sh " + script);
        run("tmux", "-S", tmux, "pipe-pane", "-t", "harden", "-o", "cat >> " + raw);
        Files.writeString(go, "");
        String screen = poll(() -> Files.exists(exit) ? capture(tmux) : null,
                text -> text.contains(last));
        assertEquals("0", Files.readString(exit).strip(), screen);
        String written = poll(() -> Files.exists(raw) ? Files.readString(raw, StandardCharsets.UTF_8) : null,
                text -> text.contains(last));
        return new Screen(screen, written);
    }

    private static String capture(String tmux) throws Exception {
        return run("tmux", "-S", tmux, "capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "harden");
    }

    @FunctionalInterface
    private interface Read {
        String read() throws Exception;
    }

    /** Polls until what {@code read} returns passes {@code done}; tmux draws asynchronously. */
    private static String poll(Read read, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = read.read();
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s; last seen:\n" + last);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }
}
