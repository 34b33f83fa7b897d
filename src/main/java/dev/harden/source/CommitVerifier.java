package dev.harden.source;

import dev.harden.source.CommitSignature.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Checks commit signatures under one trust policy: each signature goes to the verifier of its
 * format (SSH: JGit's; OpenPGP: the policy's key files), each commit is checked once.
 */
final class CommitVerifier {

    private final SshSignatures ssh;
    private final OpenPgpSignatures openPgp;
    private final Map<String, CommitSignature> checked = new ConcurrentHashMap<>();

    CommitVerifier(TrustPolicy policy, Repository repository) {
        this.ssh = new SshSignatures(policy.allowedSigners());
        this.openPgp = OpenPgpSignatures.load(policy.trustedKeys());
        ssh.checkReadable(repository);
    }

    CommitSignature verify(Repository repository, RevCommit commit) {
        return checked.computeIfAbsent(commit.name(), id -> check(repository, commit));
    }

    private CommitSignature check(Repository repository, RevCommit commit) {
        String id = commit.name();
        SignedCommit signed = SignedCommit.of(commit);
        if (signed == null) {
            return CommitSignature.unsigned(id);
        }
        if (signed.format() == null) {
            return new CommitSignature(id, Status.UNSUPPORTED, "", "", "a signature of an unknown format");
        }
        return switch (signed.format()) {
            case SSH -> ssh.verify(repository, id, signed);
            case OPENPGP -> openPgp.verify(id, signed);
            case X509 -> new CommitSignature(id, Status.UNSUPPORTED, "", "X.509",
                    "X.509 (gpgsm) signatures are not supported; sign with SSH or OpenPGP keys");
        };
    }
}
