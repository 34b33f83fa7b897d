package dev.harden.module.upgrades;

import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the module checks once its files are in place (every plan and check, and after an
 * apply): the effective apt configuration against harden's drop-in, unattended-upgrades' dry run,
 * the timers' next runs against the window, the last successful run, and a pending reboot.
 * Everything is a finding that says what to do; nothing here fails a host.
 */
final class UpgradesCheck {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String module;
    private final UpgradesPolicy policy;
    private final Schedule schedule;
    private final Facts facts;
    private final List<Finding> findings = new ArrayList<>();

    UpgradesCheck(String module, UpgradesPolicy policy, Schedule schedule, Facts facts) {
        this.module = module;
        this.policy = policy;
        this.schedule = schedule;
        this.facts = facts;
    }

    List<Finding> apt() {
        AptFacts apt = facts.get(AptFacts.PROBE);
        if (!apt.configError().isEmpty()) {
            warn("apt's configuration does not parse, so unattended-upgrades cannot run: "
                    + HostText.shown(apt.configError(), 200) + "; fix that file");
        } else {
            if (apt.configKnown()) {
                effectiveConfiguration(apt);
            }
            dryRun(facts.get(DryRun.PROBE));
        }
        TimerFacts timers = facts.get(TimerFacts.PROBE);
        timers.timer(AptUpgrades.UPGRADE_TIMER).ifPresent(this::upgradeTimer);
        timers.timer(AptUpgrades.DOWNLOAD_TIMER).ifPresent(this::downloadTimer);
        lastRun(apt);
        if (apt.rebootRequired().isPresent()) {
            String packages = apt.rebootPackages().isEmpty() ? "" : ", for " + String.join(", ",
                    apt.rebootPackages());
            pendingReboot(apt.now(), apt.rebootRequired().getAsLong(), packages);
        }
        return findings;
    }

    List<Finding> dnf(boolean dnf5) {
        TimerFacts timers = facts.get(TimerFacts.PROBE);
        timers.timer(DnfUpgrades.timer(dnf5)).ifPresent(timer -> {
            upgradeTimer(timer);
            if (!timer.result().isEmpty() && !timer.result().equals("success")) {
                warn("the last run of " + timer.unit().replace(".timer", ".service") + " failed (" + timer.result()
                        + "); see journalctl -u " + timer.unit().replace(".timer", ".service"));
            }
            long limit = schedule.staleAfterDays() * 86400L;
            if (timers.now().isPresent() && timer.last().isPresent()
                    && timers.now().getAsLong() - timer.last().getAsLong() > limit) {
                warn(timer.unit() + " last ran " + ago(timers.now().getAsLong(), timer.last().getAsLong())
                        + "; with the window " + schedule.dayList() + " it should run at least every "
                        + (schedule.staleAfterDays() - 1) + " day(s): is the host off during the window?");
            }
        });
        DnfFacts dnf = facts.get(DnfFacts.PROBE);
        if (dnf.rebootNeeded().orElse(false)) {
            if (!policy.rebootWhenRequired()) {
                warn("needs-restarting says this host needs a reboot to use its updates (kernel, glibc or systemd);"
                        + " reboot it in a maintenance window, or set " + UpgradesPolicy.REBOOT + ": true");
            } else {
                info("needs-restarting says this host needs a reboot to use its updates; dnf-automatic reboots it"
                        + " at " + schedule.reboot().map(Schedule::clock).orElse("?") + " after its next run in the"
                        + " window");
            }
        }
        return findings;
    }

    /** Every value harden's drop-in sets must be what apt reads: else a file read later overrides it. */
    private void effectiveConfiguration(AptFacts apt) {
        State dropIn = facts.file(AptUpgrades.DROP_IN);
        if (!(dropIn instanceof State.File file)) {
            return;
        }
        String name = AptUpgrades.DROP_IN.substring(AptUpgrades.DROP_IN.lastIndexOf('/') + 1);
        for (Map.Entry<String, AptConfText.Value> entry : AptConfText.values(
                new String(file.content(), StandardCharsets.UTF_8)).entrySet()) {
            AptConfText.Value wanted = entry.getValue();
            List<String> effective = apt.values(wanted.key());
            boolean same = wanted.list() ? effective.equals(wanted.items())
                    : AptUpgrades.isBoolean(wanted.key())
                    ? apt.scalar(wanted.key()).map(AptUpgrades::bool).equals(Optional.of(AptUpgrades.bool(
                            wanted.items().get(0))))
                    : apt.scalar(wanted.key()).equals(Optional.of(wanted.items().get(0)));
            if (same) {
                continue;
            }
            List<String> others = apt.filesSetting(wanted.key()).stream().filter(f -> !f.equals(AptUpgrades.DROP_IN))
                    .toList();
            List<String> later = others.stream().filter(f -> f.equals("/etc/apt/apt.conf")
                    || f.startsWith("/etc/apt/apt.conf.d/") && f.substring(20).compareTo(name) > 0).toList();
            String culprit = !later.isEmpty() ? String.join(", ", later) + " (read after " + name + ")"
                    : !others.isEmpty() ? String.join(", ", others)
                    : "another file under /etc/apt (apt-config dump shows the result, not the file)";
            String is = wanted.list() ? listDifference(effective, wanted.items())
                    : "is " + show(effective) + " on the host, but " + name + " sets " + show(wanted.items());
            warn(wanted.key() + " " + is + " (" + AptUpgrades.policyKey(wanted.key()) + "): " + culprit
                    + " overrides it; remove the setting there");
        }
    }

    private void dryRun(DryRun dryRun) {
        if (!dryRun.ran()) {
            return;
        }
        int rc = dryRun.exitCode().getAsInt();
        if (rc == 0) {
            return;
        }
        if (dryRun.busy()) {
            info("unattended-upgrades is running right now, so its dry run was skipped; the next plan checks it");
        } else if (rc == 124) {
            warn("unattended-upgrade --dry-run did not finish within " + DryRun.TIMEOUT_SECONDS + " s; run"
                    + " 'unattended-upgrade --dry-run -d' on the host to see why");
        } else {
            warn("unattended-upgrade --dry-run fails (exit " + rc + "): " + HostText.shown(dryRun.reason(), 200)
                    + "; run 'unattended-upgrade --dry-run -d' on the host");
        }
    }

    private void upgradeTimer(TimerFacts.Timer timer) {
        if (timer.nextDay().isEmpty() || timer.nextMinute().isEmpty()) {
            return; // not scheduled: an inactive timer is a change the plan already shows
        }
        if (!schedule.inWindow(timer.nextDay().get(), timer.nextMinute().getAsInt())) {
            warn(timer.unit() + " runs next " + Schedule.name(timer.nextDay().get()) + " "
                    + Schedule.clock(timer.nextMinute().getAsInt()) + " (host time), outside the window "
                    + schedule.upgradeCalendar() + " for " + Schedule.minutes(schedule.length()) + " ("
                    + UpgradesPolicy.DAYS + ", " + UpgradesPolicy.START + ", " + UpgradesPolicy.DURATION + ")"
                    + overriddenBy(timer));
        }
    }

    private void downloadTimer(TimerFacts.Timer timer) {
        if (timer.nextMinute().isEmpty() || schedule.inDownloadSlot(timer.nextMinute().getAsInt())) {
            return;
        }
        warn(timer.unit() + " (package lists and downloads) runs next at " + Schedule.clock(
                timer.nextMinute().getAsInt()) + " (host time), not in its slot "
                + Schedule.clock(schedule.downloadStart()) + "-" + Schedule.clock(schedule.downloadStart()
                + Schedule.DOWNLOAD_DELAY) + " before the window" + overriddenBy(timer));
    }

    /** ": drop-ins in effect: ...; a drop-in read after harden-window.conf wins", when there are others. */
    private static String overriddenBy(TimerFacts.Timer timer) {
        List<String> others = timer.dropIns().stream().filter(p -> !p.endsWith("/" + UpgradesModule.TIMER_DROP_IN))
                .toList();
        if (others.isEmpty()) {
            return "; apply again, or run systemctl daemon-reload and restart " + timer.unit();
        }
        return ": " + String.join(", ", others) + " also sets it; remove its OnCalendar lines";
    }

    private void lastRun(AptFacts apt) {
        if (apt.now().isEmpty()) {
            return;
        }
        long now = apt.now().getAsLong();
        long limit = schedule.staleAfterDays() * 86400L;
        Optional<AptFacts.LogLine> last = apt.lastResult();
        if (last.isPresent() && last.get().failed()) {
            OptionalLong at = last.get().at();
            if (apt.upgradeStamp().isEmpty() || at.isPresent() && at.getAsLong() > apt.upgradeStamp().getAsLong()) {
                warn("the last unattended-upgrades run failed" + (at.isPresent() ? " " + ago(now, at.getAsLong()) : "")
                        + ": " + HostText.shown(last.get().text(), 200) + "; see"
                        + " /var/log/unattended-upgrades/unattended-upgrades.log");
                return;
            }
        }
        if (apt.upgradeStamp().isPresent()) {
            long stamp = apt.upgradeStamp().getAsLong();
            if (now - stamp > limit) {
                warn("the last successful automatic upgrade run was " + ago(now, stamp) + "; with the window "
                        + schedule.upgradeCalendar() + " it should run at least every "
                        + (schedule.staleAfterDays() - 1) + " day(s): see systemctl status "
                        + AptUpgrades.UPGRADE_TIMER + " and"
                        + " /var/log/unattended-upgrades/unattended-upgrades.log");
            }
        } else if (apt.dropIn().isPresent() && now - apt.dropIn().getAsLong() > limit) {
            warn("no successful automatic upgrade run is recorded (/var/lib/apt/periodic/upgrade-stamp) since harden"
                    + " set up automatic upgrades " + ago(now, apt.dropIn().getAsLong()) + "; see systemctl status "
                    + AptUpgrades.UPGRADE_TIMER + " and /var/log/unattended-upgrades/unattended-upgrades.log");
        }
    }

    private void pendingReboot(OptionalLong now, long since, String packages) {
        String when = now.isPresent() ? ago(now.getAsLong(), since) : "at " + WHEN.format(Instant.ofEpochSecond(since));
        if (!policy.rebootWhenRequired()) {
            warn("a reboot has been required since " + when + packages + ": reboot the host in a maintenance window,"
                    + " or set " + UpgradesPolicy.REBOOT + ": true");
        } else if (now.isPresent() && now.getAsLong() - since > schedule.staleAfterDays() * 86400L) {
            warn("a reboot has been required since " + when + packages + " but the host has not rebooted in the"
                    + " window" + (policy.rebootWithUsers() ? "" : " (" + UpgradesPolicy.REBOOT_WITH_USERS
                    + " is false: was someone logged in?)") + "; see /var/log/unattended-upgrades/"
                    + "unattended-upgrades.log, or reboot it by hand");
        } else {
            info("a reboot has been required since " + when + packages + "; unattended-upgrades reboots the host at "
                    + schedule.reboot().map(Schedule::clock).orElse("?") + " after its next run in the window");
        }
    }

    /** "2026-11-20 02:13 UTC (2 days ago)". */
    static String ago(long now, long then) {
        long seconds = Math.max(0, now - then);
        String age = seconds >= 2 * 86400 ? seconds / 86400 + " days" : seconds >= 7200 ? seconds / 3600 + " hours"
                : seconds / 60 + " minutes";
        return WHEN.format(Instant.ofEpochSecond(then)) + " (" + age + " ago)";
    }

    private static String show(List<String> values) {
        return values.isEmpty() ? "unset" : "\"" + HostText.shown(values.get(0), 200) + "\"";
    }

    /** "has extra entries "a", "b" and lacks "c"", for a list that differs from what harden's drop-in sets. */
    private String listDifference(List<String> effective, List<String> wanted) {
        List<String> extra = effective.stream().filter(v -> !wanted.contains(v)).toList();
        List<String> missing = wanted.stream().filter(v -> !effective.contains(v)).toList();
        List<String> parts = new ArrayList<>();
        if (!extra.isEmpty()) {
            parts.add("has entries harden's drop-in does not set: " + quoted(extra));
        }
        if (!missing.isEmpty()) {
            parts.add("lacks " + quoted(missing));
        }
        return parts.isEmpty() ? "lists the drop-in's entries in another order" : String.join(" and ", parts);
    }

    private static String quoted(List<String> values) {
        List<String> shown = values.stream().limit(5).map(v -> "\"" + HostText.shown(v, 120) + "\"").toList();
        return String.join(", ", shown) + (values.size() > 5 ? " (" + values.size() + " in all)" : "");
    }

    private void warn(String message) {
        findings.add(Finding.warning(module, message));
    }

    private void info(String message) {
        findings.add(Finding.info(module, message));
    }
}
