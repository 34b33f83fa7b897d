package dev.harden.module;

/**
 * How to make a service pick up changed files: {@code systemctl reload UNIT} under systemd,
 * else SIGHUP to the process in {@code pidFile}. A unit starting with "@" names one of harden's
 * on-host activators instead (see {@link #activator}); they live in the on-host scripts so the
 * revert timer can run them without harden.
 */
public record Reload(String unit, String pidFile) {

    /**
     * An on-host activator: "ufw" reloads ufw's rules (or stops ufw when its files say disabled),
     * "firewalld" runs {@code firewall-cmd --reload}.
     */
    public static Reload activator(String name) {
        return new Reload("@" + name, "");
    }

    /** What plans show: "ssh", or "ufw rules". */
    public String describe() {
        return unit.startsWith("@") ? unit.substring(1) + " rules" : unit;
    }
}
