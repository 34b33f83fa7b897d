package dev.harden.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A time-boxed exception to the desired state ("exemption" here, where Java has its own
 * exception): who opened it, why, until when, and the policy changes it lays over the host's
 * policy ({@code firewall.allow+={port: 8080}}). It lives ON the host, in
 * /var/lib/harden/exceptions/ID, so every controller, CI runner and watcher sees it, and the host
 * ends it by itself when its time is up. That file is a shell script: this record is its header
 * (comment lines "# key=value" up to "# end"), then the expiry code the host runs. The header's
 * format is defined here, for the writer and the reader alike.
 *
 * @param set     the overlay, one operation per entry: {@code KEY=VALUE} or {@code KEY+=VALUE}
 * @param weakens the policy keys whose change weakens access control on this host (shown in red;
 *                opened only with --weaken-access)
 */
public record Exemption(String id, String by, String reason, Instant since, Instant until, List<String> set,
                        List<String> weakens) {

    /** Where a host keeps its exceptions, one file each, named by id. */
    public static final String DIR = "/var/lib/harden/exceptions";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String FIRST = "# harden exception (format 1)";
    private static final String END = "# end";

    public Exemption {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an exception id is 1 to 40 lower-case letters, digits and dashes,"
                    + " starting with a letter or digit: " + id);
        }
        by = oneLine(by);
        reason = oneLine(reason);
        set = set.stream().map(Exemption::oneLine).toList();
        weakens = List.copyOf(weakens);
    }

    /** True for a valid exception id (also a file name on the host). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The file on the host. */
    public String path() {
        return path(id);
    }

    public static String path(String id) {
        return DIR + "/" + id;
    }

    /** In force at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    public boolean weakensAccess() {
        return !weakens.isEmpty();
    }

    /** The same exception with another end. */
    public Exemption endingAt(Instant newUntil) {
        return new Exemption(id, by, reason, since, newUntil, set, weakens);
    }

    /** The same exception with the keys it weakens on one host. */
    public Exemption weakening(List<String> keys) {
        return new Exemption(id, by, reason, since, until, set, keys);
    }

    /** "a3f09c until 2026-11-22T12:00:00Z (1h 59m left; alice@laptop: INC-4711: debug the API)". */
    public String describe(Instant now) {
        return id + " until " + until + " (" + (activeAt(now) ? remaining(now) + " left" : "expired") + "; " + by + ": "
                + reason + ")";
    }

    /** The overlay in one line: "firewall.allow+={port: 8080}; ssh.max_auth_tries=5". */
    public String overlay() {
        return String.join("; ", set);
    }

    /** "1h 59m", "45s": the time left at {@code now} (0s once it passed). */
    public String remaining(Instant now) {
        Duration left = Duration.between(now, until);
        if (left.isNegative()) {
            return "0s";
        }
        long days = left.toDays();
        long hours = left.toHoursPart();
        long minutes = left.toMinutesPart();
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes > 0 ? minutes + "m " + left.toSecondsPart() + "s" : left.toSecondsPart() + "s";
    }

    /** The header of the file: "#!/bin/sh", then "# key=value" comment lines, then "# end". */
    public String header() {
        StringBuilder text = new StringBuilder("#!/bin/sh\n").append(FIRST).append('\n');
        line(text, "id", id);
        line(text, "by", by);
        line(text, "reason", reason);
        line(text, "since", since.toString());
        line(text, "until", until.toString());
        line(text, "until_epoch", String.valueOf(until.getEpochSecond()));
        set.forEach(s -> line(text, "set", s));
        weakens.forEach(w -> line(text, "weakens", w));
        return text.append(END).append('\n').toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append("# ").append(key).append('=').append(value).append('\n');
    }

    /**
     * Reads the header of an exception file; empty when it is not one this harden can read (the
     * plan then removes the file, which returns the host to its desired state).
     */
    public static Optional<Exemption> parse(String text) {
        String id = null;
        String by = "";
        String reason = "";
        String since = null;
        String until = null;
        List<String> set = new ArrayList<>();
        List<String> weakens = new ArrayList<>();
        boolean started = false;
        for (String line : text.lines().limit(200).toList()) {
            if (line.equals(FIRST)) {
                started = true;
                continue;
            }
            if (!started) {
                continue;
            }
            if (line.equals(END)) {
                try {
                    return Optional.of(new Exemption(id, by, reason, Instant.parse(since), Instant.parse(until), set,
                            weakens));
                } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            if (!line.startsWith("# ") || line.indexOf('=') < 0) {
                return Optional.empty();
            }
            String key = line.substring(2, line.indexOf('='));
            String value = line.substring(line.indexOf('=') + 1);
            switch (key) {
                case "id" -> id = value;
                case "by" -> by = value;
                case "reason" -> reason = value;
                case "since" -> since = value;
                case "until" -> until = value;
                case "set" -> set.add(value);
                case "weakens" -> weakens.add(value);
                default -> { } // a newer harden's key: the rest still reads
            }
        }
        return Optional.empty();
    }

    private static String oneLine(String value) {
        String line = value == null ? "" : value.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
