package dev.harden.apply;

import dev.harden.facts.Hold;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who applies what and how carefully: recorded with every generation on the host.
 *
 * @param kind            "apply" or "rollback"
 * @param confirmTimeout  how long a change that can cut off access may stay unconfirmed before
 *                        the host reverts it by itself
 * @param keepGenerations generations kept on each host (older ones are pruned)
 * @param breakLock       how often --break-lock was given: 1 takes over a dead run's lock, 2 any lock
 * @param ignoreHold      change hosts on hold too (the operator means it)
 * @param holdAfter       the hold to put on each host this run changed (a rollback holds the host)
 * @param meta            more of what the run is, recorded in each generation's meta as key, value,
 *                        key, value... (an exception's id, reason and end)
 */
public record ApplyContext(String commit, String operator, Instant started, String kind, Duration confirmTimeout,
                           int keepGenerations, int breakLock, boolean ignoreHold, Optional<Hold> holdAfter,
                           List<String> meta) {

    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_KEEP = 20;
    private static final AtomicLong LAST_ID_MILLIS = new AtomicLong();

    /** Milliseconds, and no dot: an id is also part of a systemd unit name (harden-revert-ID.timer). */
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public ApplyContext {
        if (keepGenerations < 2) {
            throw new IllegalArgumentException("keep at least 2 generations, so the previous one can be restored");
        }
        if (confirmTimeout.toSeconds() < 5) {
            throw new IllegalArgumentException("the confirmation timeout must be at least 5 seconds");
        }
        operator = oneLine(operator);
        commit = oneLine(commit);
        if (meta.size() % 2 != 0 || meta.stream().anyMatch(m -> m.contains("\n"))) {
            throw new IllegalArgumentException("meta is pairs of one-line keys and values: " + meta);
        }
        meta = List.copyOf(meta);
    }

    public static ApplyContext apply(String commit, String operator) {
        return new ApplyContext(commit, operator, Instant.now(), "apply", DEFAULT_CONFIRM_TIMEOUT, DEFAULT_KEEP, 0,
                false, Optional.empty(), List.of());
    }

    public ApplyContext withSafety(Duration timeout, int keep, int takeOverLock) {
        return new ApplyContext(commit, operator, started, kind, timeout, keep, takeOverLock, ignoreHold, holdAfter,
                meta);
    }

    public ApplyContext asRollback() {
        return new ApplyContext(commit, operator, started, "rollback", confirmTimeout, keepGenerations, breakLock,
                ignoreHold, holdAfter, meta);
    }

    /** Changes held hosts too. */
    public ApplyContext ignoringHolds() {
        return new ApplyContext(commit, operator, started, kind, confirmTimeout, keepGenerations, breakLock, true,
                holdAfter, meta);
    }

    /** Puts every host this run changes on {@code hold} afterwards. */
    public ApplyContext holdingAfterwards(Hold hold) {
        return new ApplyContext(commit, operator, started, kind, confirmTimeout, keepGenerations, breakLock, ignoreHold,
                Optional.of(hold), meta);
    }

    /**
     * The same run as another kind of change ("exception"), with more to record in each
     * generation's meta (key, value, ...).
     */
    public ApplyContext as(String otherKind, List<String> moreMeta) {
        List<String> all = new java.util.ArrayList<>(meta);
        all.addAll(moreMeta.stream().map(ApplyContext::oneLine).toList());
        return new ApplyContext(commit, operator, started, otherKind, confirmTimeout, keepGenerations, breakLock,
                ignoreHold, holdAfter, all);
    }

    /**
     * A new generation id: unique across concurrent runs, and sorting in the order ids are made
     * (history, "rollback --to previous" and retention sort them): by the millisecond, never the
     * same one twice in this process; runs on one host are further apart (its lock).
     */
    public String newGenerationId() {
        long millis = LAST_ID_MILLIS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        return ID_TIME.format(Instant.ofEpochMilli(millis)) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Values recorded in key=value files on the host stay on one line. */
    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\p{Cntrl}]", " ").strip();
    }
}
