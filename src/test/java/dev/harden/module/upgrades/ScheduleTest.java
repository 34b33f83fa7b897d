package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import java.time.DayOfWeek;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The window, the per-host reboot minute, and the rules that keep the reboot inside the window. */
class ScheduleTest {

    private static Schedule schedule(String host, String vars) {
        return Schedule.of(host, UpgradesPolicy.of(UpgradesHosts.web1(UpgradesHosts.debian12(), vars).policy()));
    }

    @Test
    void eachHostRebootsAtAStableMinuteOfItsOwnInsideTheWindow() {
        Set<Integer> minutes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String host = "web" + i;
            int reboot = schedule(host, "").reboot().orElseThrow();
            assertEquals(reboot, (int) schedule(host, "").reboot().orElseThrow(), "stable from plan to plan");
            assertTrue(reboot >= 3 * 60 + 30 && reboot < 4 * 60, host + " reboots at " + Schedule.clock(reboot)
                    + ", outside 03:30-04:00");
            minutes.add(reboot);
        }
        assertTrue(minutes.size() >= 25, "200 hosts spread over the 30 minutes: " + minutes.size() + " minutes used");
        assertNotEquals(schedule("web1", "").reboot(), schedule("web2", "").reboot(), "hosts differ");
        assertEquals(Schedule.hostOffset("db-7.example.org", 30), Schedule.hostOffset("db-7.example.org", 30));
        assertEquals(0, Schedule.hostOffset("web1", 0), "no spread: everyone at the reboot time");
    }

    @Test
    void theRebootTimeIsInTheRenderedFileAndStableAcrossRuns() {
        UpgradesModule module = new UpgradesModule();
        ModuleInput web1 = UpgradesHosts.web1(UpgradesHosts.debian12(), "");
        ModuleResult first = module.plan(web1);
        ModuleResult again = module.plan(UpgradesHosts.web1(UpgradesHosts.debian12(), ""));
        String text = UpgradesHosts.text((dev.harden.resource.FileResource) first.resources().get(1));
        assertEquals(text, UpgradesHosts.text((dev.harden.resource.FileResource) again.resources().get(1)));
        String other = UpgradesHosts.text((dev.harden.resource.FileResource) module.plan(UpgradesHosts.as("web2", web1))
                .resources().get(1));
        assertTrue(text.contains("Automatic-Reboot-Time \"" + Schedule.clock(schedule("web1", "").reboot().orElseThrow())
                + "\";"), text);
        assertTrue(other.contains("Automatic-Reboot-Time \"" + Schedule.clock(schedule("web2", "").reboot().orElseThrow())
                + "\";"), other);
    }

    @Test
    void calendarsAndDelays() {
        Schedule weekdays = schedule("web1", "");
        assertEquals("Mon..Fri 02:00", weekdays.upgradeCalendar());
        assertEquals("*-*-* 00:00", weekdays.downloadCalendar());
        assertEquals(45, weekdays.upgradeDelay(), "half the 90 minutes before the reboot time");
        assertEquals(4, weekdays.staleAfterDays(), "Friday to Monday, plus a day");

        Schedule daily = schedule("web1", "upgrades:\n  window: { days: [Sun, Sat, Fri, Thu, Wed, Tue, Mon],"
                + " start: \"01:00\", duration: 4h }\n  reboot: { time: \"03:00\" }\n");
        assertEquals("*-*-* 01:00", daily.upgradeCalendar());
        assertEquals("*-*-* 23:00", daily.downloadCalendar(), "two hours before, the day before");
        assertEquals(60, daily.upgradeDelay());
        assertEquals(2, daily.staleAfterDays());

        Schedule odd = schedule("web1", "upgrades:\n  window: { days: [Wed, Mon, Tue, Fri, Sun] }\n");
        assertEquals("Mon..Wed,Fri,Sun 02:00", odd.upgradeCalendar());
        Schedule noReboot = schedule("web1", "upgrades:\n  reboot: { when_required: false, time: \"01:00\" }\n");
        assertTrue(noReboot.reboot().isEmpty(), "the reboot time is not checked when reboots are off");
        assertEquals(60, noReboot.upgradeDelay(), "half the window");
        assertEquals(8, schedule("web1", "upgrades:\n  window: { days: [Sun] }\n").staleAfterDays());
    }

    @Test
    void windowsMayCrossMidnightAndTheWeek() {
        Schedule late = schedule("web1", "upgrades:\n  window: { days: [Sun], start: \"23:00\", duration: 3h }\n"
                + "  reboot: { time: \"01:00\", spread: 1h }\n");
        assertTrue(late.inWindow(DayOfWeek.SUNDAY, 23 * 60 + 10));
        assertTrue(late.inWindow(DayOfWeek.MONDAY, 60 + 59), "Monday 01:59 is still Sunday's window");
        assertFalse(late.inWindow(DayOfWeek.MONDAY, 2 * 60 + 1));
        assertFalse(late.inWindow(DayOfWeek.SUNDAY, 22 * 60 + 59));
        assertFalse(late.inWindow(DayOfWeek.SATURDAY, 23 * 60 + 10));
        int reboot = late.reboot().orElseThrow();
        assertTrue(reboot >= 60 && reboot < 120, Schedule.clock(reboot));
        assertTrue(late.inDownloadSlot(21 * 60 + 30));
        assertFalse(late.inDownloadSlot(22 * 60 + 30));
    }

    @Test
    void aRebootOutsideTheWindowFailsThePlanNamingTheKeysAndWhereTheyAreSet() {
        UpgradesModule module = new UpgradesModule();
        String message = assertThrows(HardenException.class, () -> module.plan(UpgradesHosts.web1(
                UpgradesHosts.debian12(), "upgrades:\n  reboot:\n    time: \"05:00\"\n"))).getMessage();
        assertEquals("web1: upgrades.reboot.time (inventory/hosts.yaml:8) is 05:00, outside the window 02:00-04:00"
                + " (upgrades.window.start (built-in policies/baseline.yaml:" + baselineLine("start:") + "),"
                + " upgrades.window.duration (built-in policies/baseline.yaml:" + baselineLine("duration:") + ")); choose a"
                + " reboot time inside the window", message);

        String spread = assertThrows(HardenException.class, () -> schedule("web1",
                "upgrades:\n  window:\n    duration: 1h30m\n")).getMessage();
        assertTrue(spread.startsWith("web1: upgrades.reboot.time (built-in policies/baseline.yaml:"), spread);
        assertTrue(spread.contains("03:30 plus upgrades.reboot.spread (built-in policies/baseline.yaml:"
                + baselineLine("spread:") + ") 30m reaches 04:00, after the window 02:00-03:30"), spread);
        assertTrue(spread.endsWith("choose an earlier reboot time, a shorter spread or a longer window"), spread);

        String early = assertThrows(HardenException.class, () -> schedule("web1",
                "upgrades:\n  reboot:\n    time: \"02:10\"\n")).getMessage();
        assertEquals("web1: upgrades.reboot.time (inventory/hosts.yaml:8) 02:10 is only 10m after the window opens at"
                + " 02:00 (upgrades.window.start (built-in policies/baseline.yaml:" + baselineLine("start:") + ")); leave at"
                + " least 30m for the upgrades to run before a reboot", early);
    }

    @Test
    void theShippedBaselineFits() {
        Schedule schedule = schedule("any-host", "");
        assertTrue(schedule.reboot().isPresent());
        assertEquals("window Mon..Fri 02:00-04:00, upgrades start by 02:45, reboot when required at "
                + Schedule.clock(schedule.reboot().get()), schedule.summary());
    }

    /** The line of the shipped baseline that holds {@code key} under upgrades. */
    private static int baselineLine(String key) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("policies/baseline.yaml"));
            int upgrades = lines.indexOf("upgrades:");
            for (int i = upgrades; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith(key)) {
                    return i + 1;
                }
            }
            throw new AssertionError(key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
