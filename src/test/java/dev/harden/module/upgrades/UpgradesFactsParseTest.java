package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The module's fact parsers read hostile host output: no crash, and what does not parse is unknown. */
class UpgradesFactsParseTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aptFactsFromATypicalHost() {
        AptFacts apt = AptFacts.parse(bytes("""
                now 1800000000
                upgrade-stamp 1799900000
                drop-in 1790000000
                reboot-required 1799990000
                reboot-pkg linux-image-6.1.0-28-amd64
                log-ok 1799900000
                log-last 1799900000 INFO All upgrades installed
                conf-known
                conf APT::Periodic "";
                conf APT::Periodic::Unattended-Upgrade "1";
                conf Unattended-Upgrade::Origins-Pattern "";
                conf Unattended-Upgrade::Origins-Pattern:: "origin=Debian,codename=${distro_codename}-security";
                conf Unattended-Upgrade::Automatic-Reboot-Time "03:47";
                sets /etc/apt/apt.conf.d/52harden-unattended-upgrades:Unattended-Upgrade::Automatic-Reboot-Time
                sets /etc/apt/apt.conf:unattended-upgrade::automatic-reboot-time
                sets /etc/apt/apt.conf.d/99local:Unattended-Upgrade::Automatic-Reboot-Time
                """));
        assertEquals(OptionalLong.of(1_800_000_000L), apt.now());
        assertEquals(OptionalLong.of(1_799_900_000L), apt.upgradeStamp());
        assertEquals(List.of("linux-image-6.1.0-28-amd64"), apt.rebootPackages());
        assertEquals("INFO All upgrades installed", apt.lastResult().orElseThrow().text());
        assertFalse(apt.lastResult().orElseThrow().failed());
        assertTrue(apt.configKnown());
        assertEquals(Optional.of("1"), apt.scalar("apt::periodic::unattended-upgrade"), "keys are case-insensitive");
        assertEquals(List.of("origin=Debian,codename=${distro_codename}-security"),
                apt.values("Unattended-Upgrade::Origins-Pattern"));
        assertEquals(List.of("/etc/apt/apt.conf.d/52harden-unattended-upgrades", "/etc/apt/apt.conf.d/99local",
                "/etc/apt/apt.conf"), apt.filesSetting("Unattended-Upgrade::Automatic-Reboot-Time"),
                "in apt's reading order: apt.conf last");
    }

    @Test
    void aptFactsFromHostileOutputAreUnknownNotACrash() {
        AptFacts apt = AptFacts.parse(bytes("""
                now yesterday
                upgrade-stamp -5
                drop-in 99999999999999999999
                reboot-pkg evil; rm -rf /
                reboot-pkg \u001b[31mred
                log-last
                log-last notanumber ERROR something
                conf not a conf line
                conf Key "unterminated;
                sets /tmp/evil:Unattended-Upgrade::X
                sets /etc/apt/apt.conf.d/x:Not::Apt
                sets nocolon
                """));
        assertEquals(OptionalLong.empty(), apt.now());
        assertEquals(OptionalLong.empty(), apt.upgradeStamp());
        assertEquals(OptionalLong.empty(), apt.dropIn());
        assertEquals(List.of(), apt.rebootPackages());
        assertEquals("notanumber ERROR something", apt.lastResult().orElseThrow().text());
        assertEquals(OptionalLong.empty(), apt.lastResult().orElseThrow().at());
        assertFalse(apt.configKnown(), "no conf-known line: the effective values are unknown");
        assertTrue(apt.scalars().isEmpty() && apt.lists().isEmpty());
        assertTrue(apt.setBy().isEmpty(), apt.setBy().toString());
        assertEquals(AptFacts.none(), AptFacts.parse(new byte[0]));
    }

    @Test
    void aConfigErrorIsKeptAndTheConfigurationIsUnknown() {
        AptFacts apt = AptFacts.parse(bytes("conf-error E: Syntax error /etc/apt/apt.conf.d/99x:2: junk\n"));
        assertEquals("E: Syntax error /etc/apt/apt.conf.d/99x:2: junk", apt.configError());
        assertFalse(apt.configKnown());
    }

    @Test
    void timerFacts() {
        TimerFacts timers = TimerFacts.parse(bytes("""
                now 1800000000
                timer apt-daily-upgrade.timer
                  LoadState=loaded
                  UnitFileState=enabled
                  ActiveState=active
                  NextElapseUSecRealtime=Mon 2027-01-18 02:31:07 UTC
                  DropInPaths=/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf /x/y\u0007z.conf
                  next 1800239467 1 02:31
                  last 1799900000
                  result success
                timer evil.timer
                  next 1 1 01:00
                timer apt-daily.timer
                  next 1800000000 9 25:00
                  UnitFileState=enabled; reboot
                  result
                """));
        assertEquals(java.util.Set.of("apt-daily-upgrade.timer", "apt-daily.timer"), timers.timers().keySet());
        TimerFacts.Timer upgrade = timers.timer("apt-daily-upgrade.timer").orElseThrow();
        assertEquals(Optional.of(DayOfWeek.MONDAY), upgrade.nextDay());
        assertEquals(OptionalInt.of(2 * 60 + 31), upgrade.nextMinute());
        assertEquals(List.of("/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf"), upgrade.dropIns());
        assertEquals("success", upgrade.result());
        TimerFacts.Timer download = timers.timer("apt-daily.timer").orElseThrow();
        assertEquals(Optional.empty(), download.nextDay(), "day 9 and 25:00 do not exist");
        assertEquals(OptionalLong.empty(), download.next());
        assertEquals("", download.unitFileState());
        assertEquals("", download.result());
        assertEquals(new TimerFacts(OptionalLong.empty(), java.util.Map.of()), TimerFacts.parse(new byte[0]));
    }

    @Test
    void dnfFacts() {
        DnfFacts rhel9 = DnfFacts.parse(bytes("flavour dnf4\nrpm dnf 4.14.0\nreboot-needed yes\n"));
        assertEquals("dnf4", rhel9.flavour());
        assertEquals(Optional.of(false), rhel9.dnf4CanReboot(), "4.14 predates the option (unless backported)");
        assertEquals(Optional.of(true), DnfFacts.parse(bytes("flavour dnf4\nrpm dnf 4.14.0\nautomatic-reboot yes\n"))
                .dnf4CanReboot(), "the installed code knows best (a backport)");
        assertEquals(Optional.of(true), DnfFacts.parse(bytes("rpm dnf 4.20.0\n")).dnf4CanReboot());
        assertEquals(Optional.of(true), rhel9.rebootNeeded());
        DnfFacts hostile = DnfFacts.parse(bytes("flavour dnf9\nrpm dnf $(reboot)\nrpm dnf 4\nrpm dnf5 x\n"
                + "automatic-reboot maybe\nreboot-needed\n"));
        assertEquals("", hostile.flavour());
        assertEquals("4", hostile.dnf4Version());
        assertEquals(Optional.empty(), hostile.dnf4CanReboot(), "a version without a minor number is unknown");
        assertEquals("", hostile.dnf5Version());
        assertEquals(Optional.empty(), hostile.automaticReboot());
        assertEquals(Optional.empty(), hostile.rebootNeeded());
    }

    @Test
    void dryRun() {
        DryRun failed = DryRun.parse(bytes("rc 1\nStarting\nE: one\nlast line\n"));
        assertEquals(OptionalInt.of(1), failed.exitCode());
        assertEquals("E: one", failed.reason());
        assertFalse(DryRun.parse(bytes("rc x\n")).ran());
        assertFalse(DryRun.parse(bytes("")).ran());
        assertFalse(DryRun.parse(bytes("rc 1234\n")).ran());
        DryRun flood = DryRun.parse(bytes("rc 0\n" + "x".repeat(5000) + "\n" + "line\n".repeat(5000)));
        assertEquals(20, flood.lines().size());
        assertTrue(flood.lines().get(0).length() <= 300);
        assertEquals("no output", DryRun.parse(bytes("rc 1\n")).reason());
    }

    @Test
    void randomBytesNeverCrashAParser() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(400)];
            random.nextBytes(noise);
            String prefix = List.of("", "now ", "timer apt-daily.timer\n  next ", "conf ", "rc 1\n", "flavour ",
                    "sets /etc/apt/", "log-last ").get(i % 8);
            byte[] input = (prefix + new String(noise, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            AptFacts.parse(input);
            TimerFacts.parse(input);
            DnfFacts.parse(input);
            DryRun.parse(input).reason();
        }
        byte[] huge = ("conf A \"" + "a".repeat(100_000) + "\";\n").repeat(50).getBytes(StandardCharsets.UTF_8);
        assertTrue(AptFacts.parse(huge).scalars().isEmpty(), "over-long lines are cut, so they no longer parse");
    }

    @Test
    void hostTextIsShownOnOneLine() {
        assertEquals("a\\u001b[31mb\\u000ac", HostText.shown("a\u001b[31mb\nc", 100));
        assertEquals("abc...", HostText.shown("abcdef", 3));
    }
}
