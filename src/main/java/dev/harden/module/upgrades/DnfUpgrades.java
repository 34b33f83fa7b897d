package dev.harden.module.upgrades;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * dnf-automatic on the RHEL family: dnf 4's dnf-automatic (RHEL 8 and 9, Fedora before 41) or
 * dnf5's automatic plugin (Fedora 41+, RHEL 10). Both read /etc/dnf/automatic.conf (dnf5 on top
 * of its defaults in /usr/share/dnf5/dnf5-plugins/automatic.conf) and run from a timer whose
 * schedule harden sets with a drop-in, as on Debian. dnf-automatic downloads and installs in one
 * run, so there is no separate download timer.
 */
final class DnfUpgrades {

    static final String CONFIG = "/etc/dnf/automatic.conf";
    static final String DNF4_PACKAGE = "dnf-automatic";
    static final String DNF5_PACKAGE = "dnf5-plugin-automatic";
    static final String DNF4_TIMER = "dnf-automatic.timer";
    static final String DNF5_TIMER = "dnf5-automatic.timer";

    private DnfUpgrades() {
    }

    static String packageName(boolean dnf5) {
        return dnf5 ? DNF5_PACKAGE : DNF4_PACKAGE;
    }

    static String timer(boolean dnf5) {
        return dnf5 ? DNF5_TIMER : DNF4_TIMER;
    }

    /**
     * The model of automatic.conf (dnf_automatic.ftl). The reboot options are always written: a
     * dnf-automatic older than dnf 4.15 ignores options it does not know (the module warns).
     */
    static Map<String, Object> model(boolean dnf5, UpgradesPolicy policy, Schedule schedule) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dnf", dnf5 ? "dnf5" : "dnf4");
        model.put("timer", timer(dnf5));
        model.put("upgrade_type", policy.origins().updates() ? "default" : "security");
        model.put("reboot", schedule.reboot().isPresent() ? "when-needed" : "never");
        model.put("reboot_time", schedule.reboot().map(Schedule::clock).orElse(""));
        model.put("exclude", String.join(",", policy.blacklist()));
        model.put("schedule", schedule.lines(timer(dnf5), Optional.empty()));
        return model;
    }
}
