package dev.harden.module.upgrades;

import dev.harden.module.upgrades.PolicyValues.Origins;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * The upgrades.* keys of one host, typed. {@code window} is when upgrades run; {@code reboot} is
 * when a host that needs a reboot after an upgrade gets one (inside the window). {@code policy}
 * is kept to say where a value was written ({@link HostPolicy#origin}).
 */
record UpgradesPolicy(boolean enabled, Origins origins, List<DayOfWeek> days, LocalTime start, Duration duration,
                      boolean rebootWhenRequired, LocalTime rebootTime, Duration rebootSpread, boolean rebootWithUsers,
                      List<String> blacklist, boolean removeUnused, boolean aptListchanges, HostPolicy policy) {

    static final String ENABLED = "upgrades.enabled";
    static final String ORIGINS = "upgrades.origins";
    static final String DAYS = "upgrades.window.days";
    static final String START = "upgrades.window.start";
    static final String DURATION = "upgrades.window.duration";
    static final String REBOOT = "upgrades.reboot.when_required";
    static final String REBOOT_TIME = "upgrades.reboot.time";
    static final String REBOOT_SPREAD = "upgrades.reboot.spread";
    static final String REBOOT_WITH_USERS = "upgrades.reboot.with_users";
    static final String BLACKLIST = "upgrades.blacklist";
    static final String REMOVE_UNUSED = "upgrades.remove_unused";
    static final String APT_LISTCHANGES = "upgrades.apt_listchanges";

    static List<Setting> settings() {
        return List.of(
                Setting.bool(ENABLED, "install and schedule automatic upgrades (unattended-upgrades or dnf-automatic)"),
                new Setting(ORIGINS, new SettingType.Structured(PolicyValues.ORIGINS, PolicyValues::origins),
                        "where upgrades come from: security, updates, or apt origin patterns"),
                new Setting(DAYS, new SettingType.Structured(PolicyValues.DAYS, PolicyValues::days),
                        "the days upgrades run on"),
                new Setting(START, new SettingType.Structured(PolicyValues.TIME, PolicyValues::time),
                        "when the upgrade window opens (the host's local time)"),
                new Setting(DURATION, new SettingType.Structured(PolicyValues.WINDOW_DURATION,
                        PolicyValues::windowDuration), "how long the upgrade window stays open"),
                Setting.bool(REBOOT, "reboot in the window when an upgrade needs it"),
                new Setting(REBOOT_TIME, new SettingType.Structured(PolicyValues.TIME, PolicyValues::time),
                        "the earliest reboot time, inside the window"),
                new Setting(REBOOT_SPREAD, new SettingType.Structured(PolicyValues.SPREAD, PolicyValues::spread),
                        "hosts reboot at a fixed time of their own within this span after upgrades.reboot.time"),
                Setting.bool(REBOOT_WITH_USERS, "reboot even when someone is logged in"),
                new Setting(BLACKLIST, new SettingType.Structured(PolicyValues.BLACKLIST, PolicyValues::blacklist),
                        "packages never upgraded automatically"),
                Setting.bool(REMOVE_UNUSED, "remove packages that upgrades left unused (apt autoremove)"),
                Setting.bool(APT_LISTCHANGES, "install apt-listchanges (Debian/Ubuntu)"));
    }

    @SuppressWarnings("unchecked")
    static UpgradesPolicy of(HostPolicy policy) {
        return new UpgradesPolicy(policy.bool(ENABLED), policy.value(ORIGINS, Origins.class),
                (List<DayOfWeek>) policy.value(DAYS, List.class), policy.value(START, LocalTime.class),
                policy.value(DURATION, Duration.class), policy.bool(REBOOT), policy.value(REBOOT_TIME, LocalTime.class),
                policy.value(REBOOT_SPREAD, Duration.class), policy.bool(REBOOT_WITH_USERS),
                (List<String>) policy.value(BLACKLIST, List.class), policy.bool(REMOVE_UNUSED),
                policy.bool(APT_LISTCHANGES), policy);
    }

    /** "upgrades.reboot.time (policies/baseline.yaml:40)": a key and where its value was written. */
    String where(String key) {
        return key + " (" + policy.origin(key) + ")";
    }
}
