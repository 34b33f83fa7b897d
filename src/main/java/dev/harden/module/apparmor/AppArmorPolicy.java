package dev.harden.module.apparmor;

import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import java.util.List;
import java.util.Map;

/** The apparmor.* keys of one host, typed. */
record AppArmorPolicy(boolean enabled, List<ProfileSpec> profiles, Map<String, String> local,
                      boolean reportUnconfined) {

    static List<Setting> settings() {
        return List.of(
                Setting.bool("apparmor.enabled", "install AppArmor and keep its service enabled; manage the profiles"
                        + " named in apparmor.profiles"),
                new Setting("apparmor.profiles", new SettingType.Structured(PolicyParser.PROFILES,
                        PolicyParser::profiles), "profiles to install (from templates/apparmor/) or to put in a"
                        + " mode, each by name; a later layer replaces the whole list"),
                new Setting("apparmor.local", new SettingType.Structured(PolicyParser.LOCAL, PolicyParser::local),
                        "site-specific rules written to /etc/apparmor.d/local/NAME (a later layer replaces the"
                        + " whole mapping)"),
                Setting.bool("apparmor.report_unconfined", "report running processes a loaded profile should confine"
                        + " but does not, and listening services no profile covers"));
    }

    @SuppressWarnings("unchecked")
    static AppArmorPolicy of(HostPolicy policy) {
        return new AppArmorPolicy(policy.bool("apparmor.enabled"),
                (List<ProfileSpec>) policy.value("apparmor.profiles", List.class),
                (Map<String, String>) policy.value("apparmor.local", Map.class),
                policy.bool("apparmor.report_unconfined"));
    }

    /** Every profile name the policy touches: its profiles and the profiles of its local snippets. */
    List<String> names() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        profiles.forEach(p -> names.add(p.name()));
        names.addAll(local.keySet());
        return List.copyOf(names);
    }
}
