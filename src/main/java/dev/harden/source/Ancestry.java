package dev.harden.source;

import java.util.Optional;

/**
 * How a target commit relates to the last commit applied to a host: harden moves hosts forward
 * only, so only {@link Kind#FIRST}, {@link Kind#SAME} and {@link Kind#DESCENDS} are allowed
 * unless the operator explicitly allows the rest.
 *
 * @param kind         the relation
 * @param lastApplied  the last commit applied to the host (empty for {@link Kind#FIRST})
 * @param target       the commit to apply
 */
public record Ancestry(Kind kind, Optional<String> lastApplied, String target) {

    /** The relation of a target commit to the last applied one. */
    public enum Kind {
        /** No commit was applied to the host yet. */
        FIRST,
        /** The target is the last applied commit. */
        SAME,
        /** The target descends from the last applied commit: a fast-forward. */
        DESCENDS,
        /** The target is an ancestor of the last applied commit: going back. */
        REWINDS,
        /** Neither descends from the other: history was rewritten (e.g. a force push). */
        DIVERGED,
        /** The last applied commit is not in the repository: history was rewritten, or never fetched. */
        UNKNOWN
    }

    public Ancestry {
        if ((kind == Kind.FIRST) != lastApplied.isEmpty()) {
            throw new IllegalArgumentException("only a first apply has no last applied commit");
        }
    }

    /** True when the target moves the host forward (or it has nothing to move from). */
    public boolean forward() {
        return kind == Kind.FIRST || kind == Kind.SAME || kind == Kind.DESCENDS;
    }

    /**
     * Why {@code host} is not moved to the target (for a relation that is not {@link #forward()}),
     * as one line naming both commits and the option that overrides it.
     */
    public String refusal(String host) {
        String last = lastApplied.map(Ancestry::shortId).orElse("");
        String what = switch (kind) {
            case REWINDS -> "commit " + shortId(target) + " is older than " + last + ", the last commit applied to"
                    + " it (going back)";
            case DIVERGED -> "commit " + shortId(target) + " does not descend from " + last + ", the last commit"
                    + " applied to it (history was rewritten, e.g. by a force push)";
            case UNKNOWN -> "the last commit applied to it, " + last + ", is not in the repository (history was"
                    + " rewritten, e.g. by a force push, or that commit was never fetched)";
            case FIRST, SAME, DESCENDS -> "commit " + shortId(target) + " moves it forward";
        };
        return host + ": " + what + "; harden moves hosts forward only: pass --allow-non-fast-forward to do this on"
                + " purpose";
    }

    private static String shortId(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
