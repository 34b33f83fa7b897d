package dev.harden.module.upgrades;

import dev.harden.policy.SettingType.InvalidValue;
import dev.harden.yaml.YamlNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the upgrades module's structured policy values: days, times of day, durations, origins
 * and blacklist patterns. Every problem names the entry and its line, so a bad value stops the
 * run before any host is contacted.
 */
final class PolicyValues {

    static final String DAYS = "a list of days like [Mon, Tue, Wed, Thu, Fri] (Mon, Tue, Wed, Thu, Fri, Sat, Sun)";
    static final String TIME = "a time of day like \"02:00\" (00:00 to 23:59)";
    static final String WINDOW_DURATION = "a duration like 2h, 90m or 1h30m, from 30m to 24h";
    static final String SPREAD = "a duration like 30m or 1h (0m for none), at most 12h";
    static final String ORIGINS = "a list of security, updates and apt origin patterns like"
            + " \"origin=Debian,codename=${distro_codename}-backports\"";
    static final String BLACKLIST = "a list of package name patterns like linux-image-* or libc6"
            + " (letters, digits, . + - _ and the wildcards * and ?)";

    private static final Pattern CLOCK = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");
    private static final Pattern DURATION = Pattern.compile("(?:([0-9]{1,3})h)?(?:([0-9]{1,4})m(?:in)?)?");
    /** A keyword of an origin pattern (unattended-upgrades' matchers) and its value. */
    private static final Pattern PATTERN_PART = Pattern.compile(
            "(a|archive|suite|c|component|l|label|o|origin|n|codename|site)="
            + "((?:[A-Za-z0-9 ._+~:/@*?-]|\\$\\{distro_(?:id|codename)\\})+)");
    private static final Pattern PACKAGE_GLOB = Pattern.compile("[A-Za-z0-9.+_*?-]{1,100}");

    private PolicyValues() {
    }

    static List<DayOfWeek> days(YamlNode node) throws InvalidValue {
        List<YamlNode> items = items(node, DAYS);
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        int index = 0;
        for (YamlNode item : items) {
            index++;
            String text = scalar(item);
            DayOfWeek day = day(text);
            if (day == null) {
                throw new InvalidValue("entry " + index + ": " + YamlNode.quote(text)
                        + " is not a day (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)", item.location());
            }
            days.add(day);
        }
        if (days.isEmpty()) {
            throw new InvalidValue("must name at least one day (to stop automatic upgrades, set upgrades.enabled:"
                    + " false)");
        }
        return List.copyOf(days);
    }

    static LocalTime time(YamlNode node) throws InvalidValue {
        // an unquoted 02:00 is a YAML 1.1 sexagesimal number: its text is still "02:00"
        String text = scalarOrFail(node, TIME);
        Matcher m = CLOCK.matcher(text);
        if (!m.matches()) {
            throw new InvalidValue("must be " + TIME + ", got " + YamlNode.describe(node));
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    static Duration windowDuration(YamlNode node) throws InvalidValue {
        Duration duration = duration(node, WINDOW_DURATION);
        if (duration.toMinutes() < 30 || duration.toMinutes() > 24 * 60) {
            throw new InvalidValue("must be " + WINDOW_DURATION + ", got " + YamlNode.describe(node));
        }
        return duration;
    }

    static Duration spread(YamlNode node) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.text().equals("0")) {
            return Duration.ZERO;
        }
        Duration duration = duration(node, SPREAD);
        if (duration.toMinutes() > 12 * 60) {
            throw new InvalidValue("must be " + SPREAD + ", got " + YamlNode.describe(node));
        }
        return duration;
    }

    static Origins origins(YamlNode node) throws InvalidValue {
        boolean security = false;
        boolean updates = false;
        List<String> patterns = new ArrayList<>();
        int index = 0;
        for (YamlNode item : items(node, ORIGINS)) {
            index++;
            String text = scalar(item);
            if (text.equals("security")) {
                security = true;
            } else if (text.equals("updates")) {
                updates = true;
            } else if (text.contains("=")) {
                String problem = patternProblem(text);
                if (problem != null) {
                    throw new InvalidValue("entry " + index + ": " + problem, item.location());
                }
                if (!patterns.contains(text)) {
                    patterns.add(text);
                }
            } else {
                throw new InvalidValue("entry " + index + ": " + YamlNode.quote(text) + " is not an origin: use"
                        + " security, updates or an apt origin pattern like \"o=Debian Backports,"
                        + "n=${distro_codename}-backports\"", item.location());
            }
        }
        if (!security && !updates && patterns.isEmpty()) {
            throw new InvalidValue("must name at least one origin, like [security] (to stop automatic upgrades, set"
                    + " upgrades.enabled: false)");
        }
        return new Origins(security, updates, patterns);
    }

    static List<String> blacklist(YamlNode node) throws InvalidValue {
        List<String> patterns = new ArrayList<>();
        int index = 0;
        for (YamlNode item : items(node, BLACKLIST)) {
            index++;
            String text = scalar(item);
            if (!PACKAGE_GLOB.matcher(text).matches()) {
                throw new InvalidValue("entry " + index + ": " + YamlNode.quote(text) + " is not a package name"
                        + " pattern (letters, digits, . + - _ and the wildcards * and ?, no spaces, at most 100"
                        + " characters)", item.location());
            }
            if (!patterns.contains(text)) {
                patterns.add(text);
            }
        }
        return List.copyOf(patterns);
    }

    /** Why an apt origin pattern cannot be written into apt's configuration, or null when it can. */
    private static String patternProblem(String text) {
        for (String part : text.split(",", -1)) {
            if (!PATTERN_PART.matcher(part.strip()).matches()) {
                String keyword = part.contains("=") ? part.substring(0, part.indexOf('=')).strip() : part.strip();
                if (!keyword.matches("a|archive|suite|c|component|l|label|o|origin|n|codename|site")) {
                    return "origin pattern " + YamlNode.quote(text) + ": unknown keyword " + YamlNode.quote(keyword)
                            + " (use origin, codename, archive, label, component or site, or o, n, a, l, c)";
                }
                return "origin pattern " + YamlNode.quote(text) + ": " + YamlNode.quote(part.strip()) + " must be"
                        + " keyword=value with letters, digits, spaces, . _ + ~ : / @ - * ? and ${distro_id} or"
                        + " ${distro_codename} in the value";
            }
        }
        return null;
    }

    private static Duration duration(YamlNode node, String expected) throws InvalidValue {
        String text = scalarOrFail(node, expected);
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new InvalidValue("must be " + expected + ", got " + YamlNode.describe(node));
        }
        long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return Duration.ofMinutes(hours * 60 + minutes);
    }

    private static DayOfWeek day(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
                return day;
            }
        }
        return null;
    }

    private static List<YamlNode> items(YamlNode node, String what) throws InvalidValue {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        throw new InvalidValue("must be " + what + ", got " + YamlNode.describe(node));
    }

    private static String scalar(YamlNode item) throws InvalidValue {
        if (item instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
            return s.text();
        }
        throw new InvalidValue("expected a single value, got " + YamlNode.describe(item), item.location());
    }

    private static String scalarOrFail(YamlNode node, String expected) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
            return s.text();
        }
        throw new InvalidValue("must be " + expected + ", got " + YamlNode.describe(node));
    }

    /**
     * Where upgrades come from: the distribution's security archive, its other updates (point
     * releases, -updates), and apt origin patterns as unattended-upgrades reads them.
     */
    record Origins(boolean security, boolean updates, List<String> patterns) {
        Origins {
            patterns = List.copyOf(patterns);
        }

        /** As written in the policy, for messages. */
        String describe() {
            List<String> words = new ArrayList<>();
            if (security) {
                words.add("security");
            }
            if (updates) {
                words.add("updates");
            }
            words.addAll(patterns);
            return String.join(", ", words);
        }
    }
}
