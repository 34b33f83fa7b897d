package dev.harden.module.upgrades;

import dev.harden.facts.FactProbe;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upgrade timers as systemd runs them on a live host: loaded or not, enabled, active, when
 * each fires next (also as the host's local weekday and time, which OnCalendar uses), when it last
 * fired, its drop-ins, and how its service's last run ended. Empty on image roots and hosts
 * without systemd.
 */
record TimerFacts(OptionalLong now, Map<String, Timer> timers) {

    /**
     * One timer.
     *
     * @param next        when it fires next (seconds since the epoch)
     * @param nextDay     the weekday of that, in the host's time zone
     * @param nextMinute  the minute of that day, in the host's time zone
     * @param dropIns     the drop-in files systemd read for it
     * @param result      its service's last result (success, exit-code, ...; "" unknown)
     */
    record Timer(String unit, String unitFileState, String activeState, OptionalLong next, Optional<DayOfWeek> nextDay,
                 OptionalInt nextMinute, OptionalLong last, List<String> dropIns, String result) {
        Timer {
            dropIns = List.copyOf(dropIns);
        }
    }

    TimerFacts {
        timers = Map.copyOf(timers);
    }

    static final FactProbe<TimerFacts> PROBE = new FactProbe<>("upgrades.timers", """
            kind_systemd || return 0
            echo "now $(date +%s)"
            for u in @UNITS@; do
              # in UTC, which date -d reads back whatever the host's zone is called
              s=$(TZ=UTC0 systemctl show -p LoadState -p UnitFileState -p ActiveState -p NextElapseUSecRealtime \\
                -p LastTriggerUSec -p DropInPaths "$u" 2> /dev/null) || continue
              case "$s" in *LoadState=loaded*) ;; *) continue;; esac
              echo "timer $u"
              printf '%s\\n' "$s" | head -n 20 | cut -c1-2000 | sed 's/^/  /'
              n=$(printf '%s\\n' "$s" | sed -n 's/^NextElapseUSecRealtime=//p')
              [ -n "$n" ] && echo "  next $(date -d "$n" '+%s %u %H:%M' 2> /dev/null)"
              n=$(printf '%s\\n' "$s" | sed -n 's/^LastTriggerUSec=//p')
              [ -n "$n" ] && echo "  last $(date -d "$n" +%s 2> /dev/null)"
              echo "  result $(systemctl show -p Result --value "${u%.timer}.service" 2> /dev/null | head -n 1)"
            done
            """.replace("@UNITS@", String.join(" ", UpgradesModule.TIMERS)), TimerFacts::parse);

    private static final Pattern NEXT = Pattern.compile("([0-9]{1,12}) ([1-7]) ([01][0-9]|2[0-3]):([0-5][0-9])");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9@._:-]{0,100}");

    static TimerFacts parse(byte[] output) {
        OptionalLong now = OptionalLong.empty();
        Map<String, Builder> timers = new LinkedHashMap<>();
        Builder current = null;
        for (String line : HostText.lines(output)) {
            if (line.startsWith("now ")) {
                now = HostText.epoch(line.substring(4));
            } else if (line.startsWith("timer ")) {
                String unit = line.substring(6).strip();
                current = UpgradesModule.TIMERS.contains(unit) ? timers.computeIfAbsent(unit, Builder::new) : null;
            } else if (current != null && line.startsWith("  ")) {
                current.read(line.substring(2));
            }
        }
        Map<String, Timer> built = new LinkedHashMap<>();
        timers.forEach((unit, builder) -> built.put(unit, builder.build()));
        return new TimerFacts(now, built);
    }

    Optional<Timer> timer(String unit) {
        return Optional.ofNullable(timers.get(unit));
    }

    /** Collects one timer's lines. */
    private static final class Builder {
        private final String unit;
        private String unitFileState = "";
        private String activeState = "";
        private OptionalLong next = OptionalLong.empty();
        private Optional<DayOfWeek> nextDay = Optional.empty();
        private OptionalInt nextMinute = OptionalInt.empty();
        private OptionalLong last = OptionalLong.empty();
        private List<String> dropIns = List.of();
        private String result = "";

        Builder(String unit) {
            this.unit = unit;
        }

        void read(String line) {
            if (line.startsWith("UnitFileState=")) {
                unitFileState = word(line.substring("UnitFileState=".length()));
            } else if (line.startsWith("ActiveState=")) {
                activeState = word(line.substring("ActiveState=".length()));
            } else if (line.startsWith("DropInPaths=")) {
                dropIns = new ArrayList<>(Arrays.stream(line.substring("DropInPaths=".length()).split(" "))
                        .filter(p -> p.matches("/[A-Za-z0-9@%+=:,._/-]{1,300}")).limit(20).toList());
            } else if (line.startsWith("next ")) {
                Matcher m = NEXT.matcher(line.substring(5).strip());
                if (m.matches()) {
                    next = HostText.epoch(m.group(1));
                    nextDay = Optional.of(DayOfWeek.of(Integer.parseInt(m.group(2))));
                    nextMinute = OptionalInt.of(Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4)));
                }
            } else if (line.startsWith("last ")) {
                last = HostText.epoch(line.substring(5));
            } else if (line.startsWith("result ")) {
                result = word(line.substring(7));
            }
        }

        private static String word(String text) {
            String value = text.strip();
            return WORD.matcher(value).matches() ? value : "";
        }

        Timer build() {
            return new Timer(unit, unitFileState, activeState, next, nextDay, nextMinute, last, dropIns, result);
        }
    }
}
