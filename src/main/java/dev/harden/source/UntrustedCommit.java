package dev.harden.source;

import dev.harden.HardenException;

/** A commit refused because no trusted key signed it: the fleet stays on the last trusted commit. */
public final class UntrustedCommit extends HardenException {

    private final String commit;

    public UntrustedCommit(String commit, String message) {
        super(message);
        this.commit = commit;
    }

    public String commit() {
        return commit;
    }
}
