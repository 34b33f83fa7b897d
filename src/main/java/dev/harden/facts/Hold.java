package dev.harden.facts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A host an operator put on hold (/var/lib/harden/hold, beside its generations, so every
 * controller and CI runner sees it): apply, the watcher and drift healing leave it alone until it
 * is released or its time runs out. {@code harden rollback} puts the host on hold by itself, so
 * automation does not undo an incident's rollback. The file's format is defined here, for the
 * writer and the reader alike; a hold file that cannot be read still holds the host.
 */
public record Hold(String by, String reason, Instant since, Optional<Instant> until) {

    public static final String PATH = "/var/lib/harden/hold";

    public Hold {
        by = oneLine(by);
        reason = oneLine(reason);
    }

    /** In force at {@code now}: no end, or an end still ahead. */
    public boolean activeAt(Instant now) {
        return until.map(now::isBefore).orElse(true);
    }

    /** "held by alice@laptop since 2026-11-22T10:00:00Z until ...: INC-4711 rollback". */
    public String describe() {
        return "held by " + by + " since " + since + until.map(u -> " until " + u).orElse("") + ": " + reason;
    }

    /** The file's text: key=value lines. */
    public String toText() {
        StringBuilder text = new StringBuilder("format=1\nby=" + by + "\nreason=" + reason + "\nsince=" + since + "\n");
        until.ifPresent(u -> text.append("until=").append(u).append('\n'));
        return text.toString();
    }

    /** Reads a hold file. Anything unreadable is a hold nonetheless: a host on hold is not changed by mistake. */
    public static Hold parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        text.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        });
        try {
            Optional<Instant> until = Optional.ofNullable(values.get("until")).filter(u -> !u.isEmpty()).map(Instant::parse);
            return new Hold(values.getOrDefault("by", "an unknown operator"),
                    values.getOrDefault("reason", "no reason given"), Instant.parse(values.getOrDefault("since", "")), until);
        } catch (DateTimeParseException e) {
            return new Hold(values.getOrDefault("by", "an unknown operator"), "the hold file " + PATH
                    + " is unreadable; release it (harden release) if it is not meant", Instant.EPOCH, Optional.empty());
        }
    }

    private static String oneLine(String value) {
        String line = value == null ? "" : value.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
