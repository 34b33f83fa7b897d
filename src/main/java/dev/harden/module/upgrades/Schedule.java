package dev.harden.module.upgrades;

import dev.harden.HardenException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When one host downloads, upgrades and reboots, in the host's local time (systemd calendar
 * times are local). Upgrades start when the window opens, each host after a random delay of up
 * to half the time until the reboot time (half the window when reboots are off), so a fleet does
 * not hit the mirror at once and every host has time to finish before it may reboot. Package
 * lists and downloads run every day, {@value #DOWNLOAD_LEAD} minutes before the window opens,
 * within a random hour. A host that needs a reboot gets it at its own minute: the reboot time plus
 * an offset in [0, spread) taken from a hash of the host's name, so plans are stable and a fleet
 * does not reboot at once.
 *
 * @param days          the window's days, Monday first
 * @param start         the minute of the day the window opens
 * @param length        the window's length in minutes
 * @param reboot        this host's reboot minute of the day, when reboots are on
 * @param upgradeDelay  the upgrade timer's RandomizedDelaySec, in minutes
 */
record Schedule(List<DayOfWeek> days, int start, int length, Optional<Integer> reboot, int upgradeDelay) {

    /** How long before the window package lists and downloads begin, in minutes. */
    static final int DOWNLOAD_LEAD = 120;
    /** The download timer's random delay, in minutes: downloads end at least an hour before the window. */
    static final int DOWNLOAD_DELAY = 60;
    /** The least time between the window's start and the reboot time: upgrades need it to run. */
    static final int UPGRADE_TIME = 30;
    private static final int DAY = 24 * 60;

    Schedule {
        days = List.copyOf(days);
    }

    /**
     * The schedule of {@code host}; throws when the reboot time does not fit the window, naming
     * the keys and where they were written. (These keys may come from different files, so the
     * rule is checked per host, where all of them are known.)
     */
    static Schedule of(String host, UpgradesPolicy policy) {
        int start = policy.start().getHour() * 60 + policy.start().getMinute();
        int length = (int) policy.duration().toMinutes();
        List<DayOfWeek> days = policy.days().stream().sorted().toList();
        if (!policy.rebootWhenRequired()) {
            return new Schedule(days, start, length, Optional.empty(), length / 2);
        }
        int time = policy.rebootTime().getHour() * 60 + policy.rebootTime().getMinute();
        int spread = (int) policy.rebootSpread().toMinutes();
        int offset = Math.floorMod(time - start, DAY); // minutes after the window opens
        String window = "the window " + clock(start) + "-" + clock(start + length) + " ("
                + policy.where(UpgradesPolicy.START) + ", " + policy.where(UpgradesPolicy.DURATION) + ")";
        if (offset > length) {
            throw new HardenException(host + ": " + policy.where(UpgradesPolicy.REBOOT_TIME) + " is "
                    + clock(time) + ", outside " + window + "; choose a reboot time inside the window");
        }
        if (offset + spread > length) {
            throw new HardenException(host + ": " + policy.where(UpgradesPolicy.REBOOT_TIME) + " " + clock(time)
                    + " plus " + policy.where(UpgradesPolicy.REBOOT_SPREAD) + " " + minutes(spread) + " reaches "
                    + clock(time + spread) + ", after " + window + " closes; choose an earlier reboot time, a shorter"
                    + " spread or a longer window");
        }
        if (offset < UPGRADE_TIME) {
            throw new HardenException(host + ": " + policy.where(UpgradesPolicy.REBOOT_TIME) + " " + clock(time)
                    + " is only " + minutes(offset) + " after the window opens at " + clock(start) + " ("
                    + policy.where(UpgradesPolicy.START) + "); leave at least " + minutes(UPGRADE_TIME)
                    + " for the upgrades to run before a reboot");
        }
        return new Schedule(days, start, length, Optional.of(Math.floorMod(time + hostOffset(host, spread), DAY)),
                offset / 2);
    }

    /** A stable offset in [0, spread) minutes for a host: the first 8 bytes of SHA-256 of its name. */
    static int hostOffset(String host, int spread) {
        if (spread <= 0) {
            return 0;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            return (int) Math.floorMod(value, (long) spread);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The upgrade timer's OnCalendar: "Mon..Fri 02:00", or "*-*-* 02:00" for every day. */
    String upgradeCalendar() {
        return (days.size() == 7 ? "*-*-*" : dayList()) + " " + clock(start);
    }

    /** The download timer's OnCalendar: every day, {@link #DOWNLOAD_LEAD} minutes before the window. */
    String downloadCalendar() {
        return "*-*-* " + clock(downloadStart());
    }

    int downloadStart() {
        return Math.floorMod(start - DOWNLOAD_LEAD, DAY);
    }

    /** "Mon..Fri", "Mon,Wed,Fri", "Mon..Wed,Sat,Sun": runs of three or more days as ranges. */
    String dayList() {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < days.size()) {
            int j = i;
            while (j + 1 < days.size() && days.get(j + 1).getValue() == days.get(j).getValue() + 1) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(name(days.get(i)) + ".." + name(days.get(j)));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(name(days.get(k)));
                }
            }
            i = j + 1;
        }
        return String.join(",", parts);
    }

    /** True when a run at {@code minute} on {@code day} (host local time) is inside the window. */
    boolean inWindow(DayOfWeek day, int minute) {
        int at = (day.getValue() - 1) * DAY + minute;
        for (DayOfWeek open : days) {
            int from = (open.getValue() - 1) * DAY + start;
            if (Math.floorMod(at - from, 7 * DAY) <= length) {
                return true;
            }
        }
        return false;
    }

    /** True when a download run at {@code minute} is in its daily slot before the window. */
    boolean inDownloadSlot(int minute) {
        return Math.floorMod(minute - downloadStart(), DAY) <= DOWNLOAD_DELAY;
    }

    /**
     * The longest a host may go without an upgrade run, in days: the largest gap between two
     * window days, plus a day of grace (2 for a daily window, 4 for Mon..Fri).
     */
    int staleAfterDays() {
        int gap = 0;
        for (int i = 0; i < days.size(); i++) {
            int next = days.get((i + 1) % days.size()).getValue();
            int here = days.get(i).getValue();
            gap = Math.max(gap, Math.floorMod(next - here - 1, 7) + 1);
        }
        return gap + 1;
    }

    /**
     * The window in one line: "window Mon..Fri 02:00-04:00, upgrades start by 02:45, reboot when required at
     * 03:56".
     */
    String summary() {
        return "window " + dayNames() + " " + clock(start) + "-" + clock(start + length) + ", upgrades start by "
                + clock(start + upgradeDelay) + reboot.map(r -> ", reboot when required at " + clock(r))
                .orElse(", no automatic reboot");
    }

    /** The schedule for a configuration file's comment, a line per timer; {@code timer} runs the upgrades. */
    List<String> lines(String timer, Optional<String> downloadTimer) {
        List<String> lines = new ArrayList<>();
        downloadTimer.ifPresent(t -> lines.add("package lists and downloads (" + t + "): every day "
                + clock(downloadStart()) + "-" + clock(downloadStart() + DOWNLOAD_DELAY)));
        lines.add("upgrades (" + timer + "): " + dayNames() + ", starting " + clock(start) + "-"
                + clock(start + upgradeDelay) + ", in the window until " + clock(start + length));
        lines.add(reboot.map(r -> "reboot when an upgrade requires one: at " + clock(r))
                .orElse("no automatic reboot"));
        return lines;
    }

    /** "Mon..Fri", or "every day". */
    String dayNames() {
        return days.size() == 7 ? "every day" : dayList();
    }

    static String clock(int minute) {
        int m = Math.floorMod(minute, DAY);
        return String.format("%02d:%02d", m / 60, m % 60);
    }

    static String minutes(int minutes) {
        if (minutes % 60 == 0 && minutes > 0) {
            return minutes / 60 + "h";
        }
        return minutes >= 60 ? minutes / 60 + "h" + minutes % 60 + "m" : minutes + "m";
    }

    static String name(DayOfWeek day) {
        String full = day.name();
        return full.charAt(0) + full.substring(1, 3).toLowerCase(Locale.ROOT);
    }
}
