package dev.harden.cli;

import dev.harden.source.TrustPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read a commit to apply (plan, apply): apply only commits signed by
 * trusted keys, and move hosts forward only. The same guarantee the GitOps watcher gives, for CI.
 */
final class SignatureOptions {

    static final String HEADING = "%nSigned commits, forward only (what harden watch guarantees, for CI):%n";

    @Option(names = "--verify-signatures", order = 100,
            description = "Apply only a commit signed by a trusted key, checked before any host is contacted,"
                    + " and move hosts forward only: a host is refused when the commit does not descend from the"
                    + " one last applied to it. Needs --allowed-signers and/or --trusted-keys (either implies it).")
    boolean verify;

    @Option(names = "--allowed-signers", paramLabel = "FILE", order = 101,
            description = "SSH signers trusted to sign commits, in OpenSSH's allowed_signers format"
                    + " (as git's gpg.ssh.allowedSignersFile): principals, namespaces=\"git\", valid-after,"
                    + " valid-before, cert-authority.")
    Path allowedSigners;

    @Option(names = "--trusted-keys", paramLabel = "FILE", order = 102,
            description = "OpenPGP public keys trusted to sign commits, as gpg --export --armor KEYID > FILE writes"
                    + " them; repeat for several files. Your ~/.gnupg is never read.")
    List<Path> trustedKeys = new ArrayList<>();

    @Option(names = "--signature-mode", paramLabel = "head|strict", order = 103,
            description = {"head: the commit applied must be signed (the default).",
                "strict: so must every commit since the one last applied to each host, merged branches"
                    + " included (a host with none gets the head check, and the plan says so)."})
    String mode;

    @Option(names = "--allow-non-fast-forward", order = 104,
            description = "With --verify-signatures: let hosts move to a commit that does not descend from the"
                    + " one last applied to them (an older commit, or history rewritten by a force push).")
    boolean allowNonFastForward;

    /** The policy these options ask for: {@link TrustPolicy#unchecked()} without any of them. */
    TrustPolicy policy() {
        if (!verify && allowedSigners == null && trustedKeys.isEmpty() && mode == null) {
            return TrustPolicy.unchecked();
        }
        TrustPolicy policy = TrustPolicy.verify(Optional.ofNullable(allowedSigners), trustedKeys,
                mode == null ? TrustPolicy.Mode.HEAD : TrustPolicy.Mode.named(mode));
        return allowNonFastForward ? policy.allowingNonFastForward() : policy;
    }
}
