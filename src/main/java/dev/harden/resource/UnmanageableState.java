package dev.harden.resource;

import dev.harden.HardenException;

/** The host holds something in a resource's place that harden must not replace (a symlink for a file). */
public final class UnmanageableState extends HardenException {

    public UnmanageableState(String message) {
        super(message);
    }
}
