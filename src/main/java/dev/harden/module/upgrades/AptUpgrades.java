package dev.harden.module.upgrades;

import dev.harden.module.upgrades.PolicyValues.Origins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * unattended-upgrades on Debian and Ubuntu: the origins for each distribution (as the vendor's
 * own 50unattended-upgrades names them), the blacklist as unattended-upgrades' regular
 * expressions, and the data model of harden's drop-in. The drop-in is named to sort after the
 * vendor's 20auto-upgrades and 50unattended-upgrades, so its single values win; it clears every
 * list it sets first, because apt adds list entries up across files.
 */
final class AptUpgrades {

    static final String DROP_IN = "/etc/apt/apt.conf.d/52harden-unattended-upgrades";
    static final String PACKAGE = "unattended-upgrades";
    static final String LISTCHANGES = "apt-listchanges";
    static final String DOWNLOAD_TIMER = "apt-daily.timer";
    static final String UPGRADE_TIMER = "apt-daily-upgrade.timer";

    /** Debian's security archive, as 50unattended-upgrades of Debian 12 and 13 names it (both forms). */
    static final List<String> DEBIAN_SECURITY = List.of(
            "origin=Debian,codename=${distro_codename},label=Debian-Security",
            "origin=Debian,codename=${distro_codename}-security,label=Debian-Security");
    /** Debian's point releases and stable-updates. */
    static final List<String> DEBIAN_UPDATES = List.of(
            "origin=Debian,codename=${distro_codename},label=Debian",
            "origin=Debian,codename=${distro_codename}-updates");
    /**
     * Ubuntu's security pockets as its 50unattended-upgrades allows them: the release pocket (security
     * fixes may pull new dependencies from it), -security, and Ubuntu Pro's ESM pockets where enabled.
     */
    static final List<String> UBUNTU_SECURITY = List.of(
            "${distro_id}:${distro_codename}",
            "${distro_id}:${distro_codename}-security",
            "${distro_id}ESMApps:${distro_codename}-apps-security",
            "${distro_id}ESM:${distro_codename}-infra-security");
    static final List<String> UBUNTU_UPDATES = List.of("${distro_id}:${distro_codename}-updates");

    /** The apt key each policy key decides, for findings. */
    private static final Map<String, String> POLICY_KEYS = Map.of(
            "unattended-upgrade::origins-pattern", UpgradesPolicy.ORIGINS,
            "unattended-upgrade::allowed-origins", UpgradesPolicy.ORIGINS,
            "unattended-upgrade::package-blacklist", UpgradesPolicy.BLACKLIST,
            "unattended-upgrade::remove-unused-dependencies", UpgradesPolicy.REMOVE_UNUSED,
            "unattended-upgrade::remove-unused-kernel-packages", UpgradesPolicy.REMOVE_UNUSED,
            "unattended-upgrade::automatic-reboot", UpgradesPolicy.REBOOT,
            "unattended-upgrade::automatic-reboot-time", UpgradesPolicy.REBOOT_TIME,
            "unattended-upgrade::automatic-reboot-withusers", UpgradesPolicy.REBOOT_WITH_USERS);

    private AptUpgrades() {
    }

    /** True for the distributions whose origins harden knows. */
    static boolean knows(String osId) {
        return osId.equals("debian") || osId.equals("ubuntu");
    }

    /**
     * Unattended-Upgrade::Origins-Pattern: Debian's archives ("updates" includes security), and the
     * policy's own patterns.
     */
    static List<String> originsPattern(String osId, Origins origins) {
        List<String> patterns = new ArrayList<>();
        if (osId.equals("debian") && (origins.security() || origins.updates())) {
            patterns.addAll(DEBIAN_SECURITY);
            if (origins.updates()) {
                patterns.addAll(DEBIAN_UPDATES);
            }
        }
        patterns.addAll(origins.patterns());
        return patterns;
    }

    /** Unattended-Upgrade::Allowed-Origins: Ubuntu's pockets ("updates" includes security). */
    static List<String> allowedOrigins(String osId, Origins origins) {
        List<String> allowed = new ArrayList<>();
        if (osId.equals("ubuntu") && (origins.security() || origins.updates())) {
            allowed.addAll(UBUNTU_SECURITY);
            if (origins.updates()) {
                allowed.addAll(UBUNTU_UPDATES);
            }
        }
        return allowed;
    }

    /**
     * A package name pattern (linux-image-*, libc6) as the Python regular expression
     * unattended-upgrades matches from the start of a name: literal characters escaped, {@code *}
     * as {@code .*}, {@code ?} as {@code .}, anchored at the end unless the pattern ends in *.
     */
    static String blacklistRegex(String glob) {
        boolean prefix = glob.endsWith("*");
        String body = prefix ? glob.replaceAll("\\*+$", "") : glob;
        StringBuilder regex = new StringBuilder();
        for (char c : body.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '.', '+' -> regex.append('\\').append(c);
                default -> regex.append(c);
            }
        }
        return prefix ? regex.toString() : regex.append('$').toString();
    }

    /** The model of the drop-in template (apt_unattended_upgrades.ftl). */
    static Map<String, Object> model(String osId, UpgradesPolicy policy, Schedule schedule) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("origins_pattern", originsPattern(osId, policy.origins()));
        model.put("allowed_origins", allowedOrigins(osId, policy.origins()));
        model.put("blacklist", policy.blacklist().stream().map(AptUpgrades::blacklistRegex).toList());
        model.put("remove_unused", policy.removeUnused());
        model.put("reboot", schedule.reboot().isPresent());
        model.put("reboot_time", schedule.reboot().map(Schedule::clock).orElse(""));
        model.put("reboot_with_users", policy.rebootWithUsers());
        model.put("schedule", schedule.lines(UPGRADE_TIMER, Optional.of(DOWNLOAD_TIMER)));
        return model;
    }

    /** The policy key behind an apt key harden sets. */
    static String policyKey(String aptKey) {
        String lower = aptKey.toLowerCase(Locale.ROOT);
        return lower.startsWith("apt::periodic::") ? UpgradesPolicy.ENABLED
                : Optional.ofNullable(POLICY_KEYS.get(lower)).orElse("the template apt_unattended_upgrades.ftl");
    }

    /** True for the keys apt reads as booleans (so "yes" equals "true"). */
    static boolean isBoolean(String aptKey) {
        String lower = aptKey.toLowerCase(Locale.ROOT);
        return lower.startsWith("unattended-upgrade::remove-") || lower.equals("unattended-upgrade::automatic-reboot")
                || lower.equals("unattended-upgrade::automatic-reboot-withusers");
    }

    /** apt's reading of a boolean (apt-pkg's StringToBool), or the text itself when it is none. */
    static String bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "with", "on", "enable" -> "true";
            case "0", "no", "false", "without", "off", "disable" -> "false";
            default -> value;
        };
    }
}
