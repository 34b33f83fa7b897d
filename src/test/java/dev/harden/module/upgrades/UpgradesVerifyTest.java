package dev.harden.module.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.desired.DesiredState;
import dev.harden.desired.TestRepos;
import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Planner;
import dev.harden.resource.FileResource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checks once the files are in place, from canned facts of a host. */
class UpgradesVerifyTest {

    /** 2027-01-15 08:00 UTC, a Friday. */
    static final long NOW = 1_800_000_000L;
    static final long DAY = 86_400L;

    private final UpgradesModule module = new UpgradesModule();

    /** A Debian 12 host where harden's files are in place and everything is as it should be. */
    private static Facts healthy(Map<String, String> overrides) {
        Facts fresh = UpgradesHosts.debian12();
        ModuleResult result = new UpgradesModule().plan(UpgradesHosts.web1(fresh, ""));
        String dropIn = new String(((FileResource) result.resources().get(1)).content(), StandardCharsets.UTF_8);
        Map<String, String> outputs = new HashMap<>();
        outputs.put("upgrades.apt", "now " + NOW + "\nupgrade-stamp " + (NOW - DAY) + "\ndrop-in " + (NOW - 30 * DAY)
                + "\nconf-known\n" + dump(dropIn));
        outputs.put("upgrades.timers", "now " + NOW + "\n"
                + "timer apt-daily.timer\n  UnitFileState=enabled\n  ActiveState=active\n"
                + "  DropInPaths=/etc/systemd/system/apt-daily.timer.d/harden-window.conf\n"
                + "  next " + (NOW + 3600) + " 6 00:12\n  result success\n"
                + "timer apt-daily-upgrade.timer\n  UnitFileState=enabled\n  ActiveState=active\n"
                + "  DropInPaths=/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf\n"
                + "  next " + (NOW + 2 * DAY) + " 1 02:31\n  last " + (NOW - DAY) + "\n  result success\n");
        outputs.put("upgrades.dry-run", "rc 0\nNo packages found that can be upgraded unattended and no pending"
                + " auto-removals\n");
        outputs.putAll(overrides);
        return UpgradesHosts.applied(UpgradesHosts.with(fresh, outputs), result);
    }

    /** What apt-config dump prints for a file harden wrote, as the probe reports it. */
    static String dump(String dropIn) {
        StringBuilder out = new StringBuilder();
        AptConfText.values(dropIn).values().forEach(v -> {
            if (v.list()) {
                out.append("conf ").append(v.key()).append(" \"\";\n");
                v.items().forEach(i -> out.append("conf ").append(v.key()).append(":: \"").append(i).append("\";\n"));
            } else {
                out.append("conf ").append(v.key()).append(" \"").append(v.items().get(0)).append("\";\n");
            }
        });
        return out.toString();
    }

    private List<Finding> verify(Facts facts, String vars) {
        return module.verify(UpgradesHosts.web1(facts, vars));
    }

    private List<Finding> verify(Facts facts) {
        return verify(facts, "");
    }

    private static String messages(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.message()).collect(Collectors.joining("\n"));
    }

    @Test
    void aHealthyHostHasNothingToReport() {
        assertEquals(List.of(), verify(healthy(Map.of())));
    }

    @Test
    void theEffectiveAptConfigurationIsComparedWithTheDropInAndTheOverridingFileIsNamed() {
        Facts facts = healthy(Map.of());
        AptFacts apt = facts.get(AptFacts.PROBE);
        String conf = "now " + NOW + "\nupgrade-stamp " + (NOW - DAY) + "\nconf-known\n"
                + dump(new String(((dev.harden.resource.State.File) facts.file(AptUpgrades.DROP_IN)).content(),
                StandardCharsets.UTF_8))
                .replace("Automatic-Reboot \"true\"", "Automatic-Reboot \"false\"")
                .replace("Remove-Unused-Dependencies \"true\"", "Remove-Unused-Dependencies \"yes\"")
                + "conf Unattended-Upgrade::Origins-Pattern:: \"origin=Evil\";\n"
                + "sets /etc/apt/apt.conf.d/50unattended-upgrades:Unattended-Upgrade::Automatic-Reboot\n"
                + "sets /etc/apt/apt.conf.d/99local:Unattended-Upgrade::Automatic-Reboot\n"
                + "sets /etc/apt/apt.conf.d/52harden-unattended-upgrades:Unattended-Upgrade::Automatic-Reboot\n"
                + "sets /etc/apt/apt.conf:Unattended-Upgrade::Origins-Pattern\n";
        assertTrue(apt.configKnown());
        List<Finding> findings = verify(UpgradesHosts.with(facts, Map.of("upgrades.apt", conf)));
        assertEquals("""
                WARNING Unattended-Upgrade::Origins-Pattern has entries harden's drop-in does not set: "origin=Evil"\
                 (upgrades.origins): /etc/apt/apt.conf (read after 52harden-unattended-upgrades) overrides it; remove\
                 the setting there
                WARNING Unattended-Upgrade::Automatic-Reboot is "false" on the host, but 52harden-unattended-upgrades\
                 sets "true" (upgrades.reboot.when_required): /etc/apt/apt.conf.d/99local (read after\
                 52harden-unattended-upgrades) overrides it; remove the setting there""", messages(findings));
    }

    @Test
    void anUnknownOverrideStillSaysWhatToDo() {
        Facts facts = healthy(Map.of());
        String conf = "now " + NOW + "\nupgrade-stamp " + (NOW - DAY) + "\nconf-known\n"
                + "conf APT::Periodic::Unattended-Upgrade \"0\";\n";
        String all = messages(verify(UpgradesHosts.with(facts, Map.of("upgrades.apt", conf))));
        assertTrue(all.contains("WARNING APT::Periodic::Unattended-Upgrade is \"0\" on the host, but"
                + " 52harden-unattended-upgrades sets \"1\" (upgrades.enabled): another file under /etc/apt"
                + " (apt-config dump shows the result, not the file) overrides it"), all);
        assertTrue(all.contains("Unattended-Upgrade::Origins-Pattern lacks"), all);
    }

    @Test
    void aConfigurationThatDoesNotParseIsOneFinding() {
        Facts facts = healthy(Map.of("upgrades.apt", "now " + NOW + "\nconf-error E: Syntax error"
                + " /etc/apt/apt.conf.d/99local:2: Extra junk at end of file\n", "upgrades.dry-run",
                "rc 1\napt_pkg.Error: E:Syntax error\n"));
        assertEquals("WARNING apt's configuration does not parse, so unattended-upgrades cannot run: E: Syntax error"
                + " /etc/apt/apt.conf.d/99local:2: Extra junk at end of file; fix that file", messages(verify(facts)));
    }

    @Test
    void theDryRunsOutcome() {
        assertEquals("WARNING unattended-upgrade --dry-run fails (exit 1): UnknownMatcherError: Unknown whitelist entry"
                + " for matcher bogus (token bogus=x); run 'unattended-upgrade --dry-run -d' on the host",
                messages(verify(healthy(Map.of("upgrades.dry-run", "rc 1\nStarting unattended upgrades script\n"
                        + "Traceback (most recent call last):\n  File \"/usr/bin/unattended-upgrade\", line 2769\n"
                        + "UnknownMatcherError: Unknown whitelist entry for matcher bogus (token bogus=x)\n")))));
        assertEquals("WARNING unattended-upgrade --dry-run did not finish within 60 s; run 'unattended-upgrade"
                + " --dry-run -d' on the host to see why", messages(verify(healthy(Map.of("upgrades.dry-run",
                "rc 124\n")))));
        assertEquals("INFO unattended-upgrades is running right now, so its dry run was skipped; the next plan checks"
                + " it", messages(verify(healthy(Map.of("upgrades.dry-run", "rc 1\nLock file is already taken,"
                + " exiting\n")))));
        assertEquals("", messages(verify(healthy(Map.of("upgrades.dry-run", "")))), "not run: nothing to say");
    }

    @Test
    void timersOutsideTheWindowNameTheDropInThatMovedThem() {
        String timers = "now " + NOW + "\ntimer apt-daily-upgrade.timer\n  UnitFileState=enabled\n"
                + "  DropInPaths=/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf"
                + " /etc/systemd/system/apt-daily-upgrade.timer.d/override.conf\n  next " + NOW + " 6 05:36\n"
                + "timer apt-daily.timer\n  next " + NOW + " 6 13:00\n";
        assertEquals("""
                WARNING apt-daily-upgrade.timer runs next Sat 05:36 (host time), outside the window Mon..Fri 02:00 for\
                 2h (upgrades.window.days, upgrades.window.start, upgrades.window.duration):\
                 /etc/systemd/system/apt-daily-upgrade.timer.d/override.conf also sets it; remove its OnCalendar lines
                WARNING apt-daily.timer (package lists and downloads) runs next at 13:00 (host time), not in its slot\
                 00:00-01:00 before the window; apply again, or run systemctl daemon-reload and restart\
                 apt-daily.timer""", messages(verify(healthy(Map.of("upgrades.timers", timers)))));
    }

    @Test
    void lastRunAgeDependsOnTheWindowsDays() {
        String threeDays = "now " + NOW + "\nupgrade-stamp " + (NOW - 3 * DAY) + "\n";
        assertEquals("", messages(verify(healthy(Map.of("upgrades.apt", threeDays)))),
                "Friday to Monday is three days: fine for a Mon..Fri window");
        assertEquals("WARNING the last successful automatic upgrade run was 2027-01-12 08:00 UTC (3 days ago); with the"
                + " window *-*-* 02:00 it should run at least every 1 day(s): see systemctl status"
                + " apt-daily-upgrade.timer and /var/log/unattended-upgrades/unattended-upgrades.log",
                messages(verify(healthy(Map.of("upgrades.apt", threeDays)), "upgrades:\n  window:\n    days: [Mon, Tue,"
                        + " Wed, Thu, Fri, Sat, Sun]\n")));
        assertEquals("WARNING no successful automatic upgrade run is recorded (/var/lib/apt/periodic/upgrade-stamp)"
                + " since harden set up automatic upgrades 2027-01-05 08:00 UTC (10 days ago); see systemctl status"
                + " apt-daily-upgrade.timer and /var/log/unattended-upgrades/unattended-upgrades.log",
                messages(verify(healthy(Map.of("upgrades.apt", "now " + NOW + "\ndrop-in " + (NOW - 10 * DAY) + "\n")))));
        assertEquals("", messages(verify(healthy(Map.of("upgrades.apt", "now " + NOW + "\ndrop-in " + (NOW - DAY)
                + "\n")))), "set up yesterday: give it time");
        assertEquals("WARNING the last unattended-upgrades run failed 2027-01-15 02:10 UTC (5 hours ago): ERROR"
                + " Installing the upgrades failed!; see /var/log/unattended-upgrades/unattended-upgrades.log",
                messages(verify(healthy(Map.of("upgrades.apt", "now " + NOW + "\nupgrade-stamp " + (NOW - 2 * DAY)
                        + "\nlog-last " + (NOW - 5 * 3600 - 50 * 60) + " ERROR Installing the upgrades failed!\n")))));
    }

    @Test
    void aPendingRebootIsReportedWithItsAgeAndWhatHappensNext() {
        String reboot = "now " + NOW + "\nupgrade-stamp " + (NOW - DAY) + "\nreboot-required " + (NOW - 7200)
                + "\nreboot-pkg linux-image-6.1.0-28-amd64\nreboot-pkg libc6\n";
        Facts facts = healthy(Map.of("upgrades.apt", reboot));
        int minute = Schedule.of("web1", UpgradesPolicy.of(UpgradesHosts.web1(facts, "").policy())).reboot()
                .orElseThrow();
        assertEquals("INFO a reboot has been required since 2027-01-15 06:00 UTC (2 hours ago), for"
                + " linux-image-6.1.0-28-amd64, libc6; unattended-upgrades reboots the host at " + Schedule.clock(minute)
                + " after its next run in the window", messages(verify(facts)));
        assertEquals("WARNING a reboot has been required since 2027-01-15 06:00 UTC (2 hours ago), for"
                + " linux-image-6.1.0-28-amd64, libc6: reboot the host in a maintenance window, or set"
                + " upgrades.reboot.when_required: true", messages(verify(facts, "upgrades:\n  reboot:\n"
                + "    when_required: false\n")));
        Facts old = healthy(Map.of("upgrades.apt", "now " + NOW + "\nupgrade-stamp " + (NOW - DAY)
                + "\nreboot-required " + (NOW - 6 * DAY) + "\n"));
        assertEquals("WARNING a reboot has been required since 2027-01-09 08:00 UTC (6 days ago) but the host has not"
                + " rebooted in the window (upgrades.reboot.with_users is false: was someone logged in?); see"
                + " /var/log/unattended-upgrades/unattended-upgrades.log, or reboot it by hand",
                messages(verify(old, "upgrades:\n  reboot:\n    with_users: false\n")));
    }

    @Test
    void imageRootsAndDisabledModulesAreNotChecked() {
        Facts image = UpgradesHosts.host("debian", "12", "Debian GNU/Linux 12 (bookworm)", "apt-get", "image",
                Map.of("upgrades.dry-run", "rc 1\nbroken\n"));
        assertEquals(List.of(), verify(image));
        assertEquals(List.of(), verify(healthy(Map.of("upgrades.dry-run", "rc 1\nbroken\n")),
                "upgrades:\n  enabled: false\n"));
    }

    @Test
    void dnfHostsReportFailedRunsAndNeededReboots() {
        Facts rhel = UpgradesHosts.with(UpgradesHosts.rhel9(), Map.of("upgrades.dnf", UpgradesHosts.RHEL9_DNF
                + "automatic-reboot yes\nreboot-needed yes\n", "upgrades.timers", "now " + NOW + "\n"
                + "timer dnf-automatic.timer\n  next " + (NOW + DAY) + " 1 02:05\n  last " + (NOW - 9 * DAY)
                + "\n  result exit-code\n"));
        assertEquals("""
                WARNING the last run of dnf-automatic.service failed (exit-code); see journalctl -u dnf-automatic.service
                WARNING dnf-automatic.timer last ran 2027-01-06 08:00 UTC (9 days ago); with the window Mon..Fri it\
                 should run at least every 3 day(s): is the host off during the window?
                WARNING needs-restarting says this host needs a reboot to use its updates (kernel, glibc or systemd);\
                 reboot it in a maintenance window, or set upgrades.reboot.when_required: true""",
                messages(verify(rhel, "upgrades:\n  reboot:\n    when_required: false\n")));
    }

    @Test
    void thePlannerRunsTheChecksOnceTheModulesResourcesAreInPlace() {
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml",
                "hosts:\n  web1:\n    address: 10.0.0.1\n    user: ops\n"));
        Facts facts = healthy(Map.of("upgrades.dry-run", "rc 1\nE: broken\n"));
        HostPlan plan = Planner.plan(state.inventory().hosts().get("web1"), facts, state);
        assertTrue(plan.changes().stream().noneMatch(c -> c.module().equals("upgrades")), plan.changes().toString());
        assertTrue(plan.findings().stream().anyMatch(f -> f.module().equals("upgrades")
                && f.message().startsWith("unattended-upgrade --dry-run fails (exit 1): E: broken")), plan.findings()
                .toString());
        ModuleInput input = UpgradesHosts.web1(UpgradesHosts.debian12(), "");
        assertTrue(module.plan(input).findings().isEmpty(), "nothing to say before the files are in place");
    }
}
