package dev.harden.resource;

/**
 * How to make a service pick up changed files: {@code systemctl try-reload-or-restart UNIT}
 * under systemd, else SIGHUP to the process in {@code pidFile}. A unit starting with "@" names
 * an on-host activator function {@code activate_NAME} from a module's on-host code (see
 * {@link #activator}); each generation stores that code, so the revert timer runs it without
 * harden.
 */
public record Reload(String unit, String pidFile) {

    /** An on-host activator of a module, e.g. "ufw" runs {@code activate_ufw}. */
    public static Reload activator(String name) {
        return new Reload("@" + name, "");
    }

    /** What plans show: "ssh", or "ufw rules". */
    public String describe() {
        return unit.startsWith("@") ? unit.substring(1) + " rules" : unit;
    }
}
