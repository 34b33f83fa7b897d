package dev.harden.source;

import java.util.List;
import java.util.Optional;

/**
 * Whether a target commit may be applied to hosts whose last applied commit is
 * {@code lastApplied}: the commits whose signatures were checked, newest first, the target first.
 *
 * @param target       the full id of the commit to apply
 * @param mode         head (the target only) or strict (every commit since {@code lastApplied})
 * @param lastApplied  the baseline the commits were counted from; empty for the head check
 * @param checked      the verdict per commit checked, the target first; never empty
 * @param note         why fewer commits were checked than the mode asks for (no baseline); "" otherwise
 */
public record TrustVerdict(String target, TrustPolicy.Mode mode, Optional<String> lastApplied,
                           List<CommitSignature> checked, String note) {

    public TrustVerdict {
        checked = List.copyOf(checked);
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("a verdict checks at least the target commit");
        }
    }

    /** True when every commit checked carries a trusted signature. */
    public boolean trusted() {
        return checked.stream().allMatch(CommitSignature::trusted);
    }

    /** The target commit's own verdict: who signed what is applied. */
    public CommitSignature head() {
        return checked.get(0);
    }

    /** The oldest commit that is not trusted (the first to fix), if any. */
    public Optional<CommitSignature> refused() {
        CommitSignature found = null;
        for (CommitSignature signature : checked) {
            if (!signature.trusted()) {
                found = signature;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * One line for the operator: the target and its signer when trusted; otherwise the commit that
     * is not, why, and (in strict mode) the range it was found in.
     */
    public String message() {
        Optional<CommitSignature> refused = refused();
        if (refused.isEmpty()) {
            return head().message();
        }
        CommitSignature bad = refused.get();
        String range = bad.commit().equals(target) ? ""
                : " (one of the " + checked.size() + " commits from " + lastApplied.map(TrustVerdict::shortId)
                        .orElse("?") + " to " + shortId(target) + " that strict mode checks)";
        long untrusted = checked.stream().filter(c -> !c.trusted()).count();
        String more = untrusted > 1 ? "; " + (untrusted - 1) + " more commit(s) in the range are not trusted either" : "";
        return bad.message() + range + more;
    }

    private static String shortId(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
