package dev.harden.module.upgrades;

import dev.harden.facts.FactProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Debian/Ubuntu host says about its unattended upgrades: the host's clock; when apt's
 * daily job last ran unattended-upgrade successfully (the mtime of apt's upgrade-stamp, which
 * only that job touches); since when harden's drop-in is in place; a pending reboot and the
 * packages that asked for it; the last result unattended-upgrades logged; the effective apt
 * configuration of the keys harden sets ({@code apt-config dump}) and which files mention them.
 * Times are seconds since the epoch as the host counts them; keys are lower case (apt's keys are
 * case-insensitive).
 *
 * @param now             the host's clock
 * @param upgradeStamp    the last successful run of apt-daily-upgrade's unattended-upgrade
 * @param dropIn          since when harden's drop-in exists (its mtime)
 * @param rebootRequired  since when /var/run/reboot-required exists
 * @param rebootPackages  the packages listed in /var/run/reboot-required.pkgs
 * @param lastSuccess     the last "All upgrades installed" or "No packages found" in the log
 * @param lastResult      the last result line in the log (a success or an ERROR)
 * @param configKnown     apt-config ran and its values are below
 * @param configError     apt-config's error, when the configuration does not parse ("" otherwise)
 * @param scalars         effective single values, by lower-case key
 * @param lists           effective list values, by lower-case key
 * @param setBy           lower-case key to the files under /etc/apt that mention it, in apt's reading order
 */
record AptFacts(OptionalLong now, OptionalLong upgradeStamp, OptionalLong dropIn, OptionalLong rebootRequired,
                List<String> rebootPackages, OptionalLong lastSuccess, Optional<LogLine> lastResult,
                boolean configKnown, String configError, Map<String, String> scalars, Map<String, List<String>> lists,
                Map<String, List<String>> setBy) {

    /** A line of unattended-upgrades.log: when (unknown if its time did not parse) and what. */
    record LogLine(OptionalLong at, String text) {
        boolean failed() {
            return text.startsWith("ERROR");
        }
    }

    AptFacts {
        rebootPackages = List.copyOf(rebootPackages);
        scalars = Map.copyOf(scalars);
        lists = Map.copyOf(lists);
        setBy = Map.copyOf(setBy);
    }

    static final FactProbe<AptFacts> PROBE = new FactProbe<>("upgrades.apt", """
            [ -x "$R/usr/bin/apt-config" ] || return 0
            echo "now $(date +%s)"
            stamp=/var/lib/apt/periodic/upgrade-stamp
            [ -f "$R$stamp" ] && echo "upgrade-stamp $(stat -c %Y "$R$stamp")"
            [ -f "$R@DROP_IN@" ] && echo "drop-in $(stat -c %Y "$R@DROP_IN@")"
            [ -z "$R" ] || return 0
            if [ -f /var/run/reboot-required ]; then
              echo "reboot-required $(stat -c %Y /var/run/reboot-required)"
              head -n 20 /var/run/reboot-required.pkgs 2> /dev/null | cut -c1-100 | sed 's/^/reboot-pkg /'
            fi
            log=/var/log/unattended-upgrades/unattended-upgrades.log
            if [ -f "$log" ]; then
              ok='INFO (All upgrades installed|No packages found that can be upgraded)'
              l=$(tail -c 1048576 "$log" | grep -a -E "^[0-9-]{10} [0-9:]{8},[0-9]+ $ok" | tail -n 1 | cut -c1-19)
              [ -n "$l" ] && echo "log-ok $(date -d "$l" +%s 2> /dev/null)"
              l=$(tail -c 1048576 "$log" | grep -a -E "^[0-9-]{10} [0-9:]{8},[0-9]+ ($ok|ERROR )" | tail -n 1)
              if [ -n "$l" ]; then
                at=$(date -d "$(printf '%s' "$l" | cut -c1-19)" +%s 2> /dev/null)
                echo "log-last $at $(printf '%s' "$l" | cut -d' ' -f3- | cut -c1-300)"
              fi
            fi
            if d=$(apt-config dump 2>&1); then
              echo conf-known
              printf '%s\\n' "$d" | grep -a -i -E '^(APT::Periodic|Unattended-Upgrade)' | head -n 400 | cut -c1-1000 \\
                | sed 's/^/conf /'
            else
              echo "conf-error $(printf '%s\\n' "$d" | grep -a '^E:' | head -n 1 | cut -c1-300)"
            fi
            grep -H -i -o -E '(APT::Periodic::|Unattended-Upgrade::)[A-Za-z-]+' /etc/apt/apt.conf.d/* \\
              /etc/apt/apt.conf 2> /dev/null | head -n 400 | sed 's/^/sets /'
            """.replace("@DROP_IN@", AptUpgrades.DROP_IN), AptFacts::parse);

    private static final Pattern CONF = Pattern.compile("(\\S+) \"(.*)\";");

    static AptFacts none() {
        return parse(new byte[0]);
    }

    static AptFacts parse(byte[] output) {
        OptionalLong now = OptionalLong.empty();
        OptionalLong stamp = OptionalLong.empty();
        OptionalLong dropIn = OptionalLong.empty();
        OptionalLong reboot = OptionalLong.empty();
        OptionalLong lastSuccess = OptionalLong.empty();
        Optional<LogLine> lastResult = Optional.empty();
        List<String> packages = new ArrayList<>();
        boolean known = false;
        String error = "";
        Map<String, String> scalars = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, TreeSet<String>> setBy = new LinkedHashMap<>();
        for (String line : HostText.lines(output)) {
            String word = HostText.firstWord(line);
            String rest = HostText.rest(line);
            switch (word) {
                case "now" -> now = HostText.epoch(rest);
                case "upgrade-stamp" -> stamp = HostText.epoch(rest);
                case "drop-in" -> dropIn = HostText.epoch(rest);
                case "reboot-required" -> reboot = HostText.epoch(rest);
                case "reboot-pkg" -> {
                    if (packages.size() < 20 && rest.matches("[a-z0-9][a-z0-9+.:-]{0,99}")) {
                        packages.add(rest);
                    }
                }
                case "log-ok" -> lastSuccess = HostText.epoch(rest);
                case "log-last" -> lastResult = Optional.of(logLine(line.substring("log-last".length())));
                case "conf-known" -> known = true;
                case "conf-error" -> error = rest.isEmpty() ? "apt-config failed" : rest;
                case "conf" -> conf(line.substring("conf ".length()), scalars, lists);
                case "sets" -> sets(rest, setBy);
                default -> {
                    // an unknown line: ignored
                }
            }
        }
        Map<String, List<String>> files = new LinkedHashMap<>();
        setBy.forEach((key, set) -> files.put(key, List.copyOf(set)));
        lists.replaceAll((key, values) -> List.copyOf(values));
        return new AptFacts(now, stamp, dropIn, reboot, packages, lastSuccess, lastResult, known && error.isEmpty(),
                error, scalars, lists, files);
    }

    /** The effective values of {@code key} as a list (a single value is a list of one). */
    List<String> values(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lists.containsKey(lower)) {
            return lists.get(lower);
        }
        String scalar = scalars.get(lower);
        return scalar == null || scalar.isEmpty() ? List.of() : List.of(scalar);
    }

    /** The effective single value of {@code key}, if set. */
    Optional<String> scalar(String key) {
        return Optional.ofNullable(scalars.get(key.toLowerCase(Locale.ROOT)));
    }

    /** The files that mention {@code key} (apt's reading order: apt.conf.d by name, then apt.conf). */
    List<String> filesSetting(String key) {
        return setBy.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }

    private static LogLine logLine(String rest) {
        String text = rest.startsWith(" ") ? rest.substring(1) : rest;
        String first = text.isEmpty() || text.startsWith(" ") ? "" : HostText.firstWord(text);
        OptionalLong at = HostText.epoch(first);
        String what = at.isPresent() ? HostText.rest(text) : text.strip();
        return new LogLine(at, what.length() > 300 ? what.substring(0, 300) : what);
    }

    private static void conf(String text, Map<String, String> scalars, Map<String, List<String>> lists) {
        Matcher m = CONF.matcher(text);
        if (!m.matches() || scalars.size() + lists.size() > 400) {
            return;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (key.endsWith("::")) {
            List<String> items = lists.computeIfAbsent(key.substring(0, key.length() - 2), k -> new ArrayList<>());
            if (items.size() < 200) {
                items.add(m.group(2));
            }
        } else {
            scalars.put(key, m.group(2));
        }
    }

    private static void sets(String text, Map<String, TreeSet<String>> setBy) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !text.startsWith("/etc/apt/")) {
            return;
        }
        String file = text.substring(0, colon);
        String key = text.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!key.matches("(apt::periodic::|unattended-upgrade::)[a-z-]{1,80}") || file.length() > 300) {
            return;
        }
        setBy.computeIfAbsent(key, k -> new TreeSet<>(AptFacts::readingOrder)).add(file);
    }

    /** apt reads /etc/apt/apt.conf.d in file name order, then /etc/apt/apt.conf. */
    private static int readingOrder(String a, String b) {
        boolean mainA = a.equals("/etc/apt/apt.conf");
        boolean mainB = b.equals("/etc/apt/apt.conf");
        if (mainA != mainB) {
            return mainA ? 1 : -1;
        }
        return a.compareTo(b);
    }
}
