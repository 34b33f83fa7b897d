package dev.harden.cli;

import static dev.harden.cli.HumanOutput.Colour.BOLD;
import static dev.harden.cli.HumanOutput.Colour.CYAN;
import static dev.harden.cli.HumanOutput.Colour.GREEN;
import static dev.harden.cli.HumanOutput.Colour.RED_BOLD;

import dev.harden.cli.HumanOutput.Span;
import dev.harden.engine.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress on a terminal: one status line on stderr, redrawn in place as hosts move on, e.g.
 * {@code [12/30 done, 1 failed, 17 left] applying 14s: web3 (verifying), web7 (applying), +4 more}.
 * The hosts shown are those longest in their phase (what the run waits for); hosts waiting for
 * the others are only counted. The line never grows wider than the terminal (a wrapped line
 * cannot be redrawn); when the stage ends it is drawn once more, final, and kept. Host names and
 * phases are shown through {@link HumanOutput}, so host data cannot steer the terminal.
 */
final class StatusLine implements Progress {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final HumanOutput err;
    private final int width;
    private final LongSupplier nanos;
    private final Object lock = new Object();
    private final Map<String, Phase> active = new LinkedHashMap<>();
    private String stage;
    private int total;
    private int finished;
    private int failed;
    private long started;
    private long drawn;
    private ScheduledExecutorService ticker;

    private record Phase(String name, long since) {
    }

    /**
     * @param err   stderr, with or without colours
     * @param width the terminal's width in columns
     * @param nanos the clock (tests pass their own)
     */
    StatusLine(HumanOutput err, int width, LongSupplier nanos) {
        this.err = err;
        this.width = Math.max(20, width);
        this.nanos = nanos;
    }

    @Override
    public void stage(String name, int hosts) {
        synchronized (lock) {
            if (stage != null) {
                finish();
            }
            stage = name;
            total = hosts;
            finished = 0;
            failed = 0;
            active.clear();
            started = nanos.getAsLong();
            draw();
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "harden-status-line");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void phase(String host, String phase) {
        synchronized (lock) {
            active.remove(host); // to the end: the order is by how long a host has been in its phase
            active.put(host, new Phase(phase, nanos.getAsLong()));
            maybeDraw();
        }
    }

    @Override
    public void hostDone(String host, boolean hostFailed, String outcome) {
        synchronized (lock) {
            active.remove(host);
            finished++;
            if (hostFailed) {
                failed++;
            }
            maybeDraw();
        }
    }

    @Override
    public void stageDone() {
        synchronized (lock) {
            if (stage != null) {
                finish();
            }
        }
    }

    private void finish() {
        ticker.shutdownNow();
        ticker = null;
        active.clear();
        err.redraw(line(" finished in " + elapsed()));
        err.line();
        err.flush(); // before anything else reaches the terminal on stdout
        stage = null;
    }

    private void tick() {
        synchronized (lock) {
            if (stage != null) {
                draw();
            }
        }
    }

    private void maybeDraw() {
        if (stage != null && nanos.getAsLong() - drawn >= REDRAW_NANOS) {
            draw();
        }
    }

    private void draw() {
        drawn = nanos.getAsLong();
        err.redraw(line(" " + elapsed()));
    }

    /** The line as it fits the terminal: counts, stage, then as many hosts as fit. */
    private Span[] line(String afterStage) {
        int ok = finished - failed;
        int all = Math.max(total, finished);
        List<Span> spans = new ArrayList<>();
        spans.add(Span.plain("["));
        spans.add(GREEN.of(ok + "/" + all + " done"));
        spans.add(Span.plain(", "));
        spans.add(failed > 0 ? RED_BOLD.of(failed + " failed") : Span.plain("0 failed"));
        spans.add(Span.plain(", " + (all - finished) + " left] "));
        spans.add(BOLD.of(HumanOutput.visible(stage)));
        spans.add(Span.plain(afterStage));
        int used = spans.stream().mapToInt(s -> s.text().length()).sum();
        int room = width - 1 - used; // never the last column: some terminals wrap there
        List<String> waiting = new ArrayList<>();
        List<Map.Entry<String, Phase>> working = new ArrayList<>();
        for (Map.Entry<String, Phase> e : active.entrySet()) {
            if (Progress.WAITING.equals(e.getValue().name())) {
                waiting.add(e.getKey());
            } else {
                working.add(e);
            }
        }
        String tail = waiting.isEmpty() ? "" : waiting.size() + " waiting";
        List<Span> hosts = new ArrayList<>();
        int shown = 0;
        for (Map.Entry<String, Phase> e : working) {
            String host = HumanOutput.visible(e.getKey());
            String phase = "(" + HumanOutput.visible(e.getValue().name()) + ")";
            String more = moreText(working.size() - shown - 1, tail);
            int need = 3 + host.length() + phase.length() + more.length();
            if (need > room) {
                break;
            }
            hosts.add(Span.plain((shown == 0 ? ": " : ", ") + host + " "));
            hosts.add(CYAN.of(phase));
            room -= 3 + host.length() + phase.length();
            shown++;
        }
        String more = moreText(working.size() - shown, tail);
        if (!more.isEmpty() && more.length() + 2 <= room) {
            hosts.add(Span.plain((shown == 0 ? ": " : ", ") + more));
        }
        spans.addAll(hosts);
        return spans.toArray(Span[]::new);
    }

    private static String moreText(int notShown, String waiting) {
        String more = notShown > 0 ? "+" + notShown + " more" : "";
        if (waiting.isEmpty()) {
            return more;
        }
        return more.isEmpty() ? waiting : more + ", " + waiting;
    }

    private String elapsed() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos.getAsLong() - started);
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
    }
}
