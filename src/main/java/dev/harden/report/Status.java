package dev.harden.report;

/** Where a host or one of its modules stands, worst last. */
public enum Status {
    /** Matches the desired state, no warning. */
    COMPLIANT("compliant"),
    /** Matches the desired state, but a module warns about something (a listener, an old OpenSSH). */
    FINDINGS("findings"),
    /** Resources differ from the desired state. */
    DRIFTED("drifted"),
    /** The host could not be checked (unreachable, refused host key, sudo). */
    FAILED("failed");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    /** "compliant", "findings", "drifted", "failed". */
    public String word() {
        return word;
    }

    static Status worst(Status a, Status b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
