package dev.harden.module.apparmor;

import java.util.Locale;

/**
 * The mode a policy puts a profile in. Each is persistent across reboots through the links the
 * AppArmor parser itself reads: enforce is neither link, complain is a link in
 * /etc/apparmor.d/force-complain/, disable a link in /etc/apparmor.d/disable/. KEEP is a profile
 * harden loads (a local snippet of it changed) without choosing its mode.
 */
enum Mode {
    ENFORCE, COMPLAIN, DISABLE, KEEP;

    /** "enforce", "complain", "disable", "keep". */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a policy may name (not KEEP), or null. */
    static Mode parse(String word) {
        return switch (word) {
            case "enforce" -> ENFORCE;
            case "complain" -> COMPLAIN;
            case "disable" -> DISABLE;
            default -> null;
        };
    }
}
