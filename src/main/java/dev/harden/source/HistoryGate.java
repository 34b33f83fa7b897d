package dev.harden.source;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The per-host check of one run that applies a target commit: called with the last commit
 * applied to each host (from its generations) before the host is planned. A host is refused
 * when the target does not move it forward (unless the policy allows that), or, in strict mode,
 * when a commit between its last applied one and the target is not trusted. Checks are shared
 * between hosts with the same last applied commit. Safe to use from several threads.
 */
public final class HistoryGate {

    private static final int MAX_LISTED = 10;

    private final GitHistory history;
    private final String target;
    private final TrustPolicy policy;
    private final Map<Optional<String>, Ancestry> ancestries = new ConcurrentHashMap<>();
    private final Map<Optional<String>, TrustVerdict> verdicts = new ConcurrentHashMap<>();
    private final Set<String> headOnly = new ConcurrentSkipListSet<>();
    private final Set<String> notForward = new ConcurrentSkipListSet<>();

    HistoryGate(GitHistory history, String target, TrustPolicy policy) {
        this.history = history;
        this.target = target;
        this.policy = policy;
    }

    /**
     * Lets {@code host} be planned, or refuses it.
     *
     * @param lastApplied the last commit applied to the host; empty when none was
     * @throws HardenException one line naming the host, the commits and the reason
     */
    public void admit(String host, Optional<String> lastApplied) {
        Ancestry ancestry = ancestries.computeIfAbsent(lastApplied, last -> history.ancestry(last, target));
        if (!ancestry.forward()) {
            if (!policy.allowNonFastForward()) {
                throw new HardenException(ancestry.refusal(host));
            }
            notForward.add(host + " (" + ancestry.kind().name().toLowerCase(java.util.Locale.ROOT) + " from "
                    + GitHistory.shortId(lastApplied.orElse("")) + ")");
        }
        if (!policy.verifiesSignatures() || policy.mode() != TrustPolicy.Mode.STRICT) {
            return;
        }
        Optional<String> baseline = ancestry.kind() == Ancestry.Kind.UNKNOWN ? Optional.empty() : lastApplied;
        TrustVerdict verdict = verdicts.computeIfAbsent(baseline, last -> history.verify(target, policy, last));
        if (!verdict.trusted()) {
            throw new HardenException(host + ": " + verdict.message());
        }
        if (!verdict.note().isEmpty()) {
            headOnly.add(host);
        }
    }

    /** What the plan should say about the hosts admitted so far (moved backwards, checked head only). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (!notForward.isEmpty()) {
            notes.add("--allow-non-fast-forward: " + listed(notForward) + " move(s) to commit "
                    + GitHistory.shortId(target) + ", which does not descend from their last applied commit");
        }
        if (!headOnly.isEmpty()) {
            notes.add("strict signature mode: " + listed(headOnly) + " had no last applied commit in the"
                    + " repository, so only commit " + GitHistory.shortId(target) + "'s own signature was checked");
        }
        return notes;
    }

    /** The first hosts by name, and how many more: a fleet of hundreds stays one line. */
    private static String listed(Set<String> hosts) {
        List<String> shown = hosts.stream().limit(MAX_LISTED).toList();
        String more = hosts.size() > MAX_LISTED ? " and " + (hosts.size() - MAX_LISTED) + " more host(s)" : "";
        return String.join(", ", shown) + more;
    }
}
