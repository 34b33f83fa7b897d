package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.engine.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What progress looks like, on a terminal (one status line redrawn in place) and elsewhere
 * (timestamped lines), with a clock of the test's own. The real terminal: {@link TerminalProgressTest}.
 */
class ProgressTextTest {

    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private StatusLine statusLine(boolean colour, int width) {
        return new StatusLine(new HumanOutput(new PrintWriter(text), colour), width, nanos::get);
    }

    private void later(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Each redraw of the line, without the carriage return, the erase and the colours. */
    private List<String> draws() {
        String all = text.toString();
        return List.of(all.split("\r", -1)).stream().skip(1)
                .map(d -> SGR.matcher(d.replace("\u001b[K", "")).replaceAll("")).toList();
    }

    @Test
    void theStatusLineCountsHostsAndShowsWhatTheyDo() {
        StatusLine line = statusLine(false, 120);
        line.stage("planning", 4);
        later(100);
        line.phase("web1", "connecting");
        later(100);
        line.phase("web2", "connecting");
        later(100);
        line.phase("web1", "gathering facts");
        later(100);
        line.phase("web1", Progress.WAITING);
        later(100);
        line.hostDone("db1", true, "failed: db1: connection refused");
        later(1200);
        line.hostDone("web3", false, "planned (2 changes)");
        line.stageDone();
        List<String> draws = draws();
        assertEquals("[0/4 done, 0 failed, 4 left] planning 0s", draws.get(0));
        assertEquals("[0/4 done, 0 failed, 4 left] planning 0s: web1 (connecting)", draws.get(1));
        assertEquals("[0/4 done, 0 failed, 4 left] planning 0s: web1 (connecting), web2 (connecting)", draws.get(2));
        assertEquals("[0/4 done, 0 failed, 4 left] planning 0s: web2 (connecting), web1 (gathering facts)", draws.get(3),
                "longest in its phase first");
        assertEquals("[0/4 done, 0 failed, 4 left] planning 0s: web2 (connecting), 1 waiting", draws.get(4));
        assertEquals("[0/4 done, 1 failed, 3 left] planning 0s: web2 (connecting), 1 waiting", draws.get(5));
        assertEquals("[1/4 done, 1 failed, 2 left] planning 1s: web2 (connecting), 1 waiting", draws.get(6));
        assertEquals("[1/4 done, 1 failed, 2 left] planning finished in 1s\n", draws.get(7), "kept, on its own line");
        assertEquals(8, draws.size());
        assertEquals(1, text.toString().chars().filter(c -> c == '\n').count(), "redrawn in place: one line in all");
    }

    @Test
    void redrawsAreThrottledButTheStageStartAndEndAlwaysDraw() {
        StatusLine line = statusLine(false, 120);
        line.stage("applying", 100);
        for (int i = 0; i < 100; i++) {
            line.hostDone("web" + i, false, "unchanged"); // no time passes: a burst of hosts answering at once
        }
        line.stageDone();
        assertEquals(List.of("[0/100 done, 0 failed, 100 left] applying 0s",
                "[100/100 done, 0 failed, 0 left] applying finished in 0s\n"), draws());
    }

    @Test
    void theLineNeverGrowsWiderThanTheTerminal() {
        StatusLine line = statusLine(true, 100);
        line.stage("applying", 40);
        for (int i = 0; i < 40; i++) {
            later(60);
            line.phase("web-" + i + ".example.org", i % 2 == 0 ? "applying" : "verifying");
        }
        line.stageDone();
        List<String> draws = draws();
        for (String draw : draws) {
            assertTrue(draw.strip().length() < 100, draw.length() + " columns: " + draw);
        }
        String full = draws.get(draws.size() - 2);
        assertTrue(full.matches(".*: web-0\\.example\\.org \\(applying\\), \\+39 more"), full);
    }

    @Test
    void coloursOnlyWhenWantedAndHostDataStaysData() {
        StatusLine coloured = statusLine(true, 120);
        coloured.stage("planning", 2);
        later(100);
        coloured.phase("web\u001b]0;owned\u0007", "gathering facts");
        later(100);
        coloured.hostDone("db1", true, "failed");
        String out = text.toString();
        assertTrue(out.contains("\u001b[32m0/2 done\u001b[0m"), out);
        assertTrue(out.contains("\u001b[1;31m1 failed\u001b[0m"), out);
        assertTrue(out.contains("web\\x1b]0;owned\\x07 \u001b[36m(gathering facts)\u001b[0m"), out);
        assertFalse(out.replaceAll("\u001b\\[[0-9;]*[mK]", "").contains("\u001b"), "no escape but colours and erase: " + out);

        text.getBuffer().setLength(0);
        StatusLine plain = statusLine(false, 120);
        plain.stage("planning", 2);
        plain.hostDone("db1", true, "failed");
        plain.stageDone();
        assertFalse(text.toString().replace("\u001b[K", "").contains("\u001b"), "only the erase without colour: " + text);
    }

    @Test
    void elsewhereOneTimestampedLinePerHost() {
        Instant start = Instant.parse("2026-11-22T07:00:00.250Z");
        MutableClock clock = new MutableClock(start);
        ProgressLog log = new ProgressLog(new HumanOutput(new PrintWriter(text), false), clock);
        log.stage("planning", 3);
        log.phase("web1", "connecting");
        clock.now = start.plusSeconds(1);
        log.hostDone("web1", false, "planned (2 changes)");
        clock.now = start.plusSeconds(2);
        log.hostDone("web\u001b[2K2", true, "failed: web2: connection refused\nsecond line");
        clock.now = start.plusSeconds(65);
        log.stageDone();
        assertEquals("""
                2026-11-22T07:00:00Z planning 3 host(s)
                2026-11-22T07:00:01Z web1 planned (2 changes)
                2026-11-22T07:00:02Z web\\x1b[2K2 failed: web2: connection refused\\nsecond line
                2026-11-22T07:01:05Z planning finished: 1 done, 1 failed, 1 not done, in 65s
                """, text.toString());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
