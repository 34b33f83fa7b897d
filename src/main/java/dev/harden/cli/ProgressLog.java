package dev.harden.cli;

import dev.harden.engine.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Progress where a status line cannot be redrawn (CI logs, redirected stderr, TERM=dumb): one
 * plain, timestamped line per stage and per host as it finishes, e.g.
 * {@code 2026-11-22T07:00:01Z web3 planned (2 changes)}. Phases are not logged: hundreds of hosts
 * times four phases would drown the outcomes. No colour; host data shown through {@link HumanOutput}.
 */
final class ProgressLog implements Progress {

    private final HumanOutput err;
    private final Clock clock;
    private String stage;
    private int total;
    private int finished;
    private int failed;
    private Instant started;

    ProgressLog(HumanOutput err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    @Override
    public synchronized void stage(String name, int hosts) {
        stage = name;
        total = hosts;
        finished = 0;
        failed = 0;
        started = clock.instant();
        log(name + " " + hosts + " host(s)");
    }

    @Override
    public synchronized void hostDone(String host, boolean hostFailed, String outcome) {
        finished++;
        if (hostFailed) {
            failed++;
        }
        log(host + " " + outcome);
    }

    @Override
    public synchronized void stageDone() {
        if (stage == null) {
            return;
        }
        int left = Math.max(0, total - finished);
        log(stage + " finished: " + (finished - failed) + " done, " + failed + " failed"
                + (left > 0 ? ", " + left + " not done" : "") + ", in " + seconds(Duration.between(started,
                clock.instant())));
        stage = null;
    }

    private void log(String text) {
        err.line(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + text);
        err.flush();
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
