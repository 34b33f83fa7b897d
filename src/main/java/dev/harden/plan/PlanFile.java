package dev.harden.plan;

import dev.harden.HardenException;
import dev.harden.resource.Change;
import dev.harden.source.Snapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A saved plan ({@code harden plan --out FILE}), applied later exactly as it was made
 * ({@code harden apply FILE}). It names what the plan was made from (the repository, the ref, the
 * commit and its verified signature), which harden made it and when it expires, and per host the
 * facts the plan rests on ({@link PlanningFacts}) and every change: its resource, the state the
 * host must still be in (the precondition fingerprint) and a digest of what the change makes
 * ({@link DesiredDigest}). It holds no file content and no secret, only digests, so it may be
 * kept as a CI artifact or attached to a change request. Its JSON form is the json package's.
 *
 * @param format         the file format (this harden writes and reads {@value #FORMAT})
 * @param hardenVersion  the harden that made the plan; only the same version applies it
 * @param created        when the plan was made
 * @param expires        after this, apply refuses the file
 * @param repo           where the desired state was read (a local folder, or a URL without credentials)
 * @param ref            the ref the commit was found at
 * @param commit         the full commit id
 * @param signature      the commit's signature, when it was verified
 * @param hosts          every host planned, in inventory order
 */
public record PlanFile(int format, String hardenVersion, Instant created, Optional<Instant> expires, String repo,
                       String ref, String commit, Optional<Signature> signature, List<SavedHost> hosts) {

    /** The format this harden writes and reads. */
    public static final int FORMAT = 1;

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    /** A trusted signature on the commit: who signed it with which key, as verification found. */
    public record Signature(String signer, String key) {
        public Signature {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * One host as planned: its facts, its changes in plan order, or the error that kept it from
     * being planned ({@code changes} then empty).
     */
    public record SavedHost(String host, String target, String factsFingerprint, SortedMap<String, String> factsUsed,
                            List<SavedChange> changes, Optional<String> error) {
        public SavedHost {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(target, "target");
            factsUsed = Collections.unmodifiableSortedMap(new TreeMap<>(factsUsed));
            changes = List.copyOf(changes);
            if (error.isEmpty() && !PlanningFacts.fingerprint(factsUsed).equals(factsFingerprint)) {
                throw new IllegalArgumentException("host " + host + ": facts_fingerprint does not match facts_used");
            }
        }

        public boolean planned() {
            return error.isEmpty();
        }
    }

    /**
     * One change: the resource (kind and key, as in {@code file /etc/ssh/sshd_config}), the
     * module, the plan's summary line, the fingerprint of the state the host was in, and the
     * digest of the state the change makes.
     */
    public record SavedChange(String kind, String key, String module, String summary, String precondition,
                              String desiredDigest) {
        public SavedChange {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(precondition, "precondition");
            Objects.requireNonNull(desiredDigest, "desiredDigest");
        }

        static SavedChange of(Change change) {
            return new SavedChange(change.id().kind().word(), change.id().key(), change.module(), change.summary(),
                    change.precondition(), DesiredDigest.of(change.desired()));
        }

        /** How messages name the resource: a path for files, "package ufw" for the rest. */
        public String label() {
            return kind.equals("file") ? key : kind + " " + key;
        }
    }

    public PlanFile {
        Objects.requireNonNull(hardenVersion, "hardenVersion");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(ref, "ref");
        if (!COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit is a full commit id, got " + commit);
        }
        hosts = List.copyOf(hosts);
        Set<String> names = new HashSet<>();
        for (SavedHost host : hosts) {
            if (!names.add(host.host())) {
                throw new IllegalArgumentException("host " + host.host() + " is in the plan twice");
            }
        }
        if (expires.isPresent() && !expires.get().isAfter(created)) {
            throw new IllegalArgumentException("expires must be after created");
        }
    }

    /**
     * The saved form of a plan made from {@code source}. Only a plan of a commit can be saved:
     * a working tree cannot be read again as it was.
     */
    public static PlanFile of(Plan plan, Snapshot source, String hardenVersion, Instant created,
                              Optional<Instant> expires) {
        if (source.workingTree() || source.commit().isEmpty()) {
            throw new HardenException("--out: a saved plan is made from a commit, so that apply can read exactly that"
                    + " desired state again; commit the changes and plan without --working-tree");
        }
        if (expires.isPresent() && !expires.get().isAfter(created)) {
            throw new HardenException("--expires: the plan would be expired as it is made; give a later time or a"
                    + " duration like 2h");
        }
        List<SavedHost> hosts = plan.hosts().stream().map(PlanFile::saved).toList();
        Optional<Signature> signature = source.signature().map(s -> new Signature(s.signer(), s.key()));
        return new PlanFile(FORMAT, hardenVersion, created, expires, source.repository(), source.ref(), source.commit(),
                signature, hosts);
    }

    private static SavedHost saved(HostOutcome outcome) {
        if (outcome instanceof HostPlan plan) {
            return new SavedHost(plan.host(), plan.target(), PlanningFacts.fingerprint(plan.factsUsed()),
                    plan.factsUsed(), plan.changes().stream().map(SavedChange::of).toList(), Optional.empty());
        }
        HostFailure failure = (HostFailure) outcome;
        return new SavedHost(failure.host(), failure.target(), "", new TreeMap<>(), List.of(),
                Optional.of(failure.message()));
    }

    /**
     * Refuses a plan that this harden must not apply: made by another version (which may render
     * and compare differently), or expired. {@code name} is how messages name the file.
     */
    public void checkApplicable(String name, String runningVersion, Instant now) {
        if (!hardenVersion.equals(runningVersion)) {
            throw new HardenException(name + ": the plan was made by harden " + hardenVersion + " and this is harden "
                    + runningVersion + "; make the plan again with this version (harden plan --out)");
        }
        if (expires.isPresent() && !now.isBefore(expires.get())) {
            throw new HardenException(name + ": the plan expired at " + expires.get() + " (it was made at " + created
                    + "); make a new plan (harden plan --out)");
        }
    }

    /** The hosts that were planned (the others could not be, and are not applied). */
    public List<SavedHost> planned() {
        return hosts.stream().filter(SavedHost::planned).toList();
    }

    public Optional<SavedHost> host(String name) {
        return hosts.stream().filter(h -> h.host().equals(name)).findFirst();
    }

    public String shortCommit() {
        return commit.substring(0, 10);
    }
}
