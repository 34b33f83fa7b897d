package dev.harden.module;

/**
 * Where the desired state a module plans with comes from: the commit (full id, "" outside Git),
 * how plans name it ("commit 1a2b3c4d5e (main)"), its subject and its repository. The runbook
 * says which commit hardened a host.
 */
public record DesiredSource(String commit, String label, String subject, String repository) {

    public static final DesiredSource UNKNOWN = new DesiredSource("", "an unknown commit", "", "");
}
