package dev.harden.source;

import dev.harden.HardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which commits harden may apply: who may sign them, how much of the history must be signed, and
 * whether a host may be moved to a commit that does not descend from the last one applied to it.
 * The key files live outside the repository they vouch for (the watcher's configuration, a CI
 * secret): a repository cannot name its own signers.
 *
 * @param allowedSigners      SSH signers in OpenSSH's {@code allowed_signers} format, as git uses
 *                            with {@code gpg.format ssh}
 * @param trustedKeys         files of OpenPGP public keys (binary or ASCII-armored, as
 *                            {@code gpg --export} writes them)
 * @param mode                which commits must be signed ({@link Mode})
 * @param skipSignatures      true when signatures are explicitly not checked (no key files then)
 * @param allowNonFastForward true when a host may be moved to a commit that does not descend from
 *                            the last one applied to it (an older commit, or rewritten history)
 */
public record TrustPolicy(Optional<Path> allowedSigners, List<Path> trustedKeys, Mode mode, boolean skipSignatures,
                          boolean allowNonFastForward) {

    /** Which commits must carry a trusted signature. */
    public enum Mode {
        /** The target commit itself. */
        HEAD,
        /**
         * Every commit from the last one applied to a host (exclusive) to the target (inclusive),
         * merged-in branches included. A host with no usable last applied commit gets the head
         * check, and the plan says so.
         */
        STRICT;

        /** The mode named {@code head} or {@code strict}, as given on the command line. */
        public static Mode named(String name) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            throw new HardenException("unknown signature mode '" + name + "': give head or strict");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TrustPolicy {
        trustedKeys = List.copyOf(trustedKeys);
        if (skipSignatures && (allowedSigners.isPresent() || !trustedKeys.isEmpty())) {
            throw new HardenException("signatures are either checked against key files or skipped, not both:"
                    + " drop the key files or the option that skips signatures");
        }
        if (!skipSignatures && allowedSigners.isEmpty() && trustedKeys.isEmpty()) {
            throw new HardenException("verifying signatures needs trusted keys: give --allowed-signers FILE"
                    + " (SSH signers) and/or --trusted-keys FILE (OpenPGP public keys)");
        }
        allowedSigners.ifPresent(file -> readable(file, "--allowed-signers"));
        trustedKeys.forEach(file -> readable(file, "--trusted-keys"));
    }

    /** Signatures verified against these key files, in this mode; history goes forward only. */
    public static TrustPolicy verify(Optional<Path> allowedSigners, List<Path> trustedKeys, Mode mode) {
        return new TrustPolicy(allowedSigners.map(TrustPolicy::absolute),
                trustedKeys.stream().map(TrustPolicy::absolute).toList(), mode, false, false);
    }

    /** Signatures explicitly not checked; history still goes forward only. */
    public static TrustPolicy skippingSignatures() {
        return new TrustPolicy(Optional.empty(), List.of(), Mode.HEAD, true, false);
    }

    /** No check at all: any commit, signed or not, whatever was applied before (plan and apply by default). */
    public static TrustPolicy unchecked() {
        return new TrustPolicy(Optional.empty(), List.of(), Mode.HEAD, true, true);
    }

    /** This policy, also letting hosts move to commits that do not descend from their last applied one. */
    public TrustPolicy allowingNonFastForward() {
        return new TrustPolicy(allowedSigners, trustedKeys, mode, skipSignatures, true);
    }

    public boolean verifiesSignatures() {
        return !skipSignatures;
    }

    /**
     * True when each host's last applied commit is to be read: to move hosts forward only, for
     * strict signatures, or to say which hosts an allowed non-fast-forward moves back.
     */
    public boolean checksHistory() {
        return verifiesSignatures() || !allowNonFastForward;
    }

    private static Path absolute(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private static void readable(Path file, String option) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new HardenException(option + " " + file + ": no such readable file");
        }
    }
}
