package dev.harden.engine;

/** The runbook of one host (harden explain), or why it could not be written. */
public record HostRunbook(String host, String text, String error) {
}
