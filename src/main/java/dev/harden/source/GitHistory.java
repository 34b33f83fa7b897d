package dev.harden.source;

import dev.harden.HardenException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The commit history of a desired-state repository, for the questions asked before a commit is
 * applied: are its signatures trusted ({@link #verify}), and does it move a host forward
 * ({@link #ancestry})? Commits are named by their full ids, as plans and hosts' generations
 * record them. Opened by {@link GitSource#history}; safe to use from several threads; close it
 * when done. A policy's key files are read when this history first uses the policy, and each
 * commit's verdict is kept: open a new history to see edited key files (a watcher does, per run).
 */
public final class GitHistory implements AutoCloseable {

    /** The most commits strict mode checks from one baseline. */
    static final int MAX_STRICT_COMMITS = 10_000;
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    private final Repository repository;
    private final String name;
    private final Map<TrustPolicy, CommitVerifier> verifiers = new ConcurrentHashMap<>();

    GitHistory(Repository repository, String name) {
        this.repository = repository;
        this.name = name;
    }

    /**
     * Whether {@code target} may be applied to hosts whose last applied commit is {@code lastApplied},
     * under {@code policy}: in head mode, or without a baseline, the target's own signature; in
     * strict mode every commit from the baseline (exclusive) to the target (inclusive), merged-in
     * branches included. A baseline that is not in the repository counts as none (the
     * {@link #ancestry} refuses it unless rewrites are allowed); the verdict's note says so.
     *
     * @throws HardenException when the target is not a commit of the repository, or strict mode
     *                         would check more than {@value #MAX_STRICT_COMMITS} commits
     */
    public TrustVerdict verify(String target, TrustPolicy policy, Optional<String> lastApplied) {
        if (!policy.verifiesSignatures()) {
            throw new IllegalArgumentException("this trust policy skips signatures");
        }
        CommitVerifier verifier = verifiers.computeIfAbsent(policy, p -> new CommitVerifier(p, repository));
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head = commit(walk, target);
            List<CommitSignature> checked = new ArrayList<>();
            checked.add(verifier.verify(repository, head));
            if (policy.mode() == TrustPolicy.Mode.HEAD) {
                return new TrustVerdict(head.name(), policy.mode(), Optional.empty(), checked, "");
            }
            Optional<RevCommit> baseline = lastApplied.flatMap(id -> find(walk, id));
            if (baseline.isEmpty()) {
                String why = lastApplied.isEmpty() ? "no commit was applied before"
                        : "the last applied commit " + shortId(lastApplied.get()) + " is not in the repository";
                return new TrustVerdict(head.name(), policy.mode(), Optional.empty(), checked,
                        why + ", so only the target's own signature was checked");
            }
            walk.reset();
            walk.markStart(head);
            walk.markUninteresting(baseline.get());
            for (RevCommit commit : walk) {
                if (commit.equals(head)) {
                    continue;
                }
                if (checked.size() >= MAX_STRICT_COMMITS) {
                    throw new HardenException("strict signature mode: more than " + MAX_STRICT_COMMITS + " commits from "
                            + shortId(baseline.get().name()) + " to " + shortId(head.name()) + " in " + name
                            + "; apply an intermediate commit first");
                }
                checked.add(verifier.verify(repository, commit));
            }
            return new TrustVerdict(head.name(), policy.mode(), Optional.of(baseline.get().name()), checked, "");
        } catch (IOException e) {
            throw new HardenException("cannot read the history of " + name + ": " + e.getMessage());
        }
    }

    /**
     * {@link #verify(String, TrustPolicy, Optional)} for every distinct last applied commit of a
     * fleet (each commit's signature is checked once); keyed by last applied commit.
     */
    public Map<String, TrustVerdict> verify(String target, TrustPolicy policy, Collection<String> lastApplied) {
        Map<String, TrustVerdict> verdicts = new LinkedHashMap<>();
        for (String last : lastApplied) {
            verdicts.computeIfAbsent(last, l -> verify(target, policy, Optional.of(l)));
        }
        return verdicts;
    }

    /** How {@code target} relates to {@code lastApplied} (empty: nothing was applied yet). */
    public Ancestry ancestry(Optional<String> lastApplied, String target) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head = commit(walk, target);
            if (lastApplied.isEmpty()) {
                return new Ancestry(Ancestry.Kind.FIRST, lastApplied, head.name());
            }
            Optional<RevCommit> last = find(walk, lastApplied.get());
            if (last.isEmpty()) {
                String shown = COMMIT_ID.matcher(lastApplied.get()).matches() ? lastApplied.get() : "(not a commit id)";
                return new Ancestry(Ancestry.Kind.UNKNOWN, Optional.of(shown), head.name());
            }
            Optional<String> baseline = Optional.of(last.get().name());
            if (last.get().equals(head)) {
                return new Ancestry(Ancestry.Kind.SAME, baseline, head.name());
            }
            if (walk.isMergedInto(last.get(), head)) {
                return new Ancestry(Ancestry.Kind.DESCENDS, baseline, head.name());
            }
            walk.reset();
            if (walk.isMergedInto(head, last.get())) {
                return new Ancestry(Ancestry.Kind.REWINDS, baseline, head.name());
            }
            return new Ancestry(Ancestry.Kind.DIVERGED, baseline, head.name());
        } catch (IOException e) {
            throw new HardenException("cannot read the history of " + name + ": " + e.getMessage());
        }
    }

    /**
     * The per-host check of a run that applies {@code target} under {@code policy}: forward only
     * (unless the policy allows otherwise) and, in strict mode, trusted signatures from each
     * host's last applied commit.
     */
    public HistoryGate gate(String target, TrustPolicy policy) {
        return new HistoryGate(this, target, policy);
    }

    @Override
    public void close() {
        repository.close();
    }

    private RevCommit commit(RevWalk walk, String id) throws IOException {
        return find(walk, id).orElseThrow(() -> new HardenException("commit " + shortId(id) + " is not in " + name));
    }

    /** The commit with this full id, if the repository has it. */
    private static Optional<RevCommit> find(RevWalk walk, String id) {
        if (!COMMIT_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(walk.parseCommit(ObjectId.fromString(id)));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HardenException("cannot read commit " + shortId(id) + ": " + e.getMessage());
        }
    }

    static String shortId(String commit) {
        String shown = commit.replaceAll("[^0-9a-zA-Z]", "?");
        return shown.length() > 10 ? shown.substring(0, 10) : shown;
    }
}
