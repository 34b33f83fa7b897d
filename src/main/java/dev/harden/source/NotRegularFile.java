package dev.harden.source;

import dev.harden.HardenException;

/**
 * Why a desired-state path that is not a regular file is refused, one line each. A symbolic link
 * would ship whatever it points to on the controller (in the working tree) or its target's name
 * as content (at a commit); a submodule's files are not in the commit at all. Both would make the
 * plan name something other than what the commit holds.
 */
final class NotRegularFile {

    private static final String WHY = "; policies/, templates/ and inventory/ must hold regular files only";

    private NotRegularFile() {
    }

    /** @param where the path, and at a commit " at COMMIT" */
    static HardenException symbolicLink(String where) {
        return new HardenException(where + " is a symbolic link" + WHY
                + ": replace the link with a copy of the file it points to (an image root under inventory/"
                + " is given by its absolute path instead)");
    }

    static HardenException submodule(String where) {
        return new HardenException(where + " is a submodule" + WHY
                + ": copy its files into this repository (git rm --cached the submodule) and commit");
    }

    static HardenException special(String where) {
        return new HardenException(where + " is not a regular file" + WHY + ": remove it");
    }
}
