package dev.harden.plan;

/** One line of a module's own summary of its changes, e.g. firewall "+ allow 443/tcp from anywhere". */
public record ChangeNote(String module, String text) {
}
