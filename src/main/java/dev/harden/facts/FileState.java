package dev.harden.facts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What a managed path holds on the host right now. */
public sealed interface FileState permits FileState.Absent, FileState.Present {

    /** A short fingerprint of the state, compared before activation ("did it change since the plan?"). */
    String fingerprint();

    record Absent() implements FileState {
        @Override
        public String fingerprint() {
            return "absent";
        }
    }

    /** A regular file: permission bits (e.g. 0644), owner and group names, and its bytes. */
    record Present(int mode, String owner, String group, byte[] content) implements FileState {
        @Override
        public String fingerprint() {
            return sha256(content) + " " + Integer.toOctalString(mode) + " " + owner + ":" + group;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
