package dev.harden.resource;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a resource is on a host right now, as the fact probe read it. Its {@link #fingerprint()}
 * is what the host prints for the same state ({@code fp_KIND} in kinds.sh): apply compares the
 * two right before it changes anything, and refuses a host that changed since the plan.
 */
public sealed interface State {

    String fingerprint();

    /** A few words for plans: "absent", "0644 root:root", "installed 0.36.2-1", "enabled, active". */
    String describe();

    /** Nothing there (no file, package not installed, ...). */
    record Absent() implements State {
        @Override
        public String fingerprint() {
            return "absent";
        }

        @Override
        public String describe() {
            return "absent";
        }
    }

    /** Something harden cannot manage in its place: a directory where a file should be, a symlink. */
    record Other() implements State {
        @Override
        public String fingerprint() {
            return "other";
        }

        @Override
        public String describe() {
            return "not a plain file or directory";
        }
    }

    /** The host cannot tell (no package manager harden knows, no systemd). */
    record Unknown() implements State {
        @Override
        public String fingerprint() {
            return "unknown";
        }

        @Override
        public String describe() {
            return "unknown";
        }
    }

    /** A regular file: permission bits (e.g. 0644), owner and group names, and its bytes. */
    record File(int mode, String owner, String group, byte[] content) implements State {
        @Override
        public String fingerprint() {
            return sha256(content) + " " + Integer.toOctalString(mode) + " " + owner + ":" + group;
        }

        @Override
        public String describe() {
            return String.format("%04o %s:%s", mode, owner, group);
        }
    }

    record Directory(int mode, String owner, String group) implements State {
        @Override
        public String fingerprint() {
            return "dir " + Integer.toOctalString(mode) + " " + owner + ":" + group;
        }

        @Override
        public String describe() {
            return String.format("directory %04o %s:%s", mode, owner, group);
        }
    }

    record Link(String target) implements State {
        @Override
        public String fingerprint() {
            return "link " + target;
        }

        @Override
        public String describe() {
            return "link to " + target;
        }
    }

    record Package(String version) implements State {
        @Override
        public String fingerprint() {
            return "installed " + version;
        }

        @Override
        public String describe() {
            return "installed " + version;
        }
    }

    /**
     * A systemd unit: {@code enablement} as {@code systemctl is-enabled} says it (enabled,
     * disabled, static, masked, not-found, ...) and {@code activity} as {@code is-active} says it.
     */
    record Unit(String enablement, String activity) implements State {
        @Override
        public String fingerprint() {
            return "unit " + enablement + " " + activity;
        }

        @Override
        public String describe() {
            return enablement + ", " + activity;
        }
    }

    /**
     * A secret that stays on its host: only the sha256 of its bytes and the public value derived
     * from it (e.g. a WireGuard public key) ever leave the host.
     */
    record Secret(String sha256, int mode, String owner, String group, String publicValue) implements State {
        @Override
        public String fingerprint() {
            return "secret " + sha256;
        }

        @Override
        public String describe() {
            return String.format("secret %04o %s:%s", mode, owner, group);
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
