package dev.harden.module;

/**
 * How to make a service pick up changed files: {@code systemctl reload UNIT} under systemd,
 * else SIGHUP to the process in {@code pidFile}.
 */
public record Reload(String unit, String pidFile) {
}
