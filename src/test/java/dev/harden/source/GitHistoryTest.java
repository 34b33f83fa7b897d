package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.source.Ancestry.Kind;
import dev.harden.source.CommitSignature.Status;
import dev.harden.source.SignedRepo.SshKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Head and strict signature checks over real histories, ancestry, and the per-host gate built on both. */
class GitHistoryTest {

    @TempDir
    Path temp;

    private SignedRepo repo;
    private SshKey alice;
    private TrustPolicy head;
    private TrustPolicy strict;
    private GitHistory history;

    @BeforeEach
    void repository() throws IOException {
        repo = SignedRepo.create(temp);
        alice = repo.sshKey("alice");
        Optional<Path> signers = Optional.of(repo.allowedSigners("allowed_signers",
                alice.allowedSigner("alice@example.org", "namespaces=\"git\"")));
        head = TrustPolicy.verify(signers, List.of(), TrustPolicy.Mode.HEAD);
        strict = TrustPolicy.verify(signers, List.of(), TrustPolicy.Mode.STRICT);
    }

    @AfterEach
    void close() throws IOException {
        if (history != null) {
            history.close();
        }
        repo.close();
    }

    private GitHistory history() {
        history = new GitSource(temp.resolve("cache")).history(repo.work.toString());
        return history;
    }

    @Test
    void anUnsignedCommitInTheMiddleIsAcceptedInHeadModeAndRefusedInStrictMode() throws IOException {
        String applied = repo.commit(alice, "applied to the fleet");
        String unsigned = repo.commitUnsigned("pushed without a signature");
        String target = repo.commit(alice, "signed on top");

        TrustVerdict headVerdict = history().verify(target, head, Optional.of(applied));
        assertTrue(headVerdict.trusted(), headVerdict.message());
        assertEquals(1, headVerdict.checked().size());

        TrustVerdict strictVerdict = history().verify(target, strict, Optional.of(applied));
        assertFalse(strictVerdict.trusted());
        assertEquals(List.of(target, unsigned), strictVerdict.checked().stream().map(CommitSignature::commit).toList());
        assertEquals(unsigned, strictVerdict.refused().orElseThrow().commit());
        assertEquals(Status.UNSIGNED, strictVerdict.refused().get().status());
        assertEquals("commit " + unsigned.substring(0, 10) + " is not trusted: unsigned (one of the 2 commits from "
                + applied.substring(0, 10) + " to " + target.substring(0, 10) + " that strict mode checks)",
                strictVerdict.message());
        assertEquals(Status.TRUSTED, strictVerdict.head().status(), "the target itself is signed");
    }

    @Test
    void strictModeChecksOnlyWhatIsNewSinceTheLastAppliedCommit() throws IOException {
        repo.commitUnsigned("history from before signing was required");
        String applied = repo.commit(alice, "applied");
        String target = repo.commit(alice, "next");
        TrustVerdict verdict = history().verify(target, strict, Optional.of(applied));
        assertTrue(verdict.trusted(), verdict.message());
        assertEquals(Optional.of(applied), verdict.lastApplied());
        assertEquals("", verdict.note());
    }

    @Test
    void strictModeChecksMergedBranches() throws IOException {
        String applied = repo.commit(alice, "applied");
        repo.git("checkout", "-q", "-b", "feature");
        String sideCommit = repo.commitUnsigned("unsigned work on a branch");
        repo.git("checkout", "-q", "main");
        repo.git("-c", "gpg.format=ssh", "-c", "user.signingkey=" + alice.privateKey(), "merge", "-q", "--no-ff",
                "-S", "-m", "signed merge", "feature");
        String merge = repo.head();

        assertTrue(history().verify(merge, head, Optional.of(applied)).trusted(), "the merge itself is signed");
        TrustVerdict verdict = history().verify(merge, strict, Optional.of(applied));
        assertEquals(sideCommit, verdict.refused().orElseThrow().commit(), verdict.message());
    }

    @Test
    void strictModeWithoutAUsableBaselineChecksTheHeadAndSaysSo() throws IOException {
        repo.commitUnsigned("old history");
        String target = repo.commit(alice, "signed");
        TrustVerdict none = history().verify(target, strict, Optional.empty());
        assertTrue(none.trusted());
        assertEquals("no commit was applied before, so only the target's own signature was checked", none.note());

        TrustVerdict unknown = history().verify(target, strict, Optional.of("1".repeat(40)));
        assertTrue(unknown.trusted());
        assertEquals("the last applied commit 1111111111 is not in the repository, so only the target's own"
                + " signature was checked", unknown.note());
    }

    @Test
    void aFleetsLastAppliedCommitsAreEachCheckedOnce() throws IOException {
        String first = repo.commit(alice, "first");
        String unsigned = repo.commitUnsigned("unsigned");
        String target = repo.commit(alice, "target");
        Map<String, TrustVerdict> verdicts = history().verify(target, strict, List.of(first, unsigned, first));
        assertEquals(List.of(first, unsigned), List.copyOf(verdicts.keySet()));
        assertFalse(verdicts.get(first).trusted(), "from first, the unsigned commit is new");
        assertTrue(verdicts.get(unsigned).trusted(), "from the unsigned commit, only the target is new");
    }

    @Test
    void ancestryTellsForwardFromBackAndRewritten() throws IOException {
        String first = repo.commit(alice, "first");
        String second = repo.commit(alice, "second");
        repo.git("checkout", "-q", "-b", "rewritten", first);
        String other = repo.commit(alice, "instead of second");
        GitHistory history = history();

        assertEquals(Kind.FIRST, history.ancestry(Optional.empty(), second).kind());
        assertEquals(Kind.SAME, history.ancestry(Optional.of(second), second).kind());
        assertEquals(Kind.DESCENDS, history.ancestry(Optional.of(first), second).kind());
        assertEquals(Kind.REWINDS, history.ancestry(Optional.of(second), first).kind());
        assertEquals(Kind.DIVERGED, history.ancestry(Optional.of(second), other).kind());
        assertEquals(Kind.UNKNOWN, history.ancestry(Optional.of("2".repeat(40)), second).kind());
        assertEquals(Kind.UNKNOWN, history.ancestry(Optional.of("\u001b[31mnot an id"), second).kind());

        assertTrue(history.ancestry(Optional.of(first), second).forward());
        Ancestry rewinds = history.ancestry(Optional.of(second), first);
        assertFalse(rewinds.forward());
        assertEquals("web1: commit " + first.substring(0, 10) + " is older than " + second.substring(0, 10)
                + ", the last commit applied to it (going back); harden moves hosts forward only: pass"
                + " --allow-non-fast-forward to do this on purpose", rewinds.refusal("web1"));
        assertTrue(history.ancestry(Optional.of(second), other).refusal("web1").contains("does not descend from "
                + second.substring(0, 10) + ", the last commit applied to it (history was rewritten"));
        assertTrue(history.ancestry(Optional.of("2".repeat(40)), second).refusal("web1").contains(
                "the last commit applied to it, 2222222222, is not in the repository"));
        assertFalse(history.ancestry(Optional.of("\u001b[31mnot an id"), second).refusal("web1").contains("\u001b"),
                "an id read from a host is not echoed when it is not one");
    }

    @Test
    void theGateRefusesHostsThatWouldGoBackUnlessAllowed() throws IOException {
        String first = repo.commit(alice, "first");
        String second = repo.commit(alice, "second");
        HistoryGate gate = history().gate(first, head);
        gate.admit("new-host", Optional.empty());
        gate.admit("web2", Optional.of(first));
        HardenException e = assertThrows(HardenException.class, () -> gate.admit("web1", Optional.of(second)));
        assertTrue(e.getMessage().startsWith("web1: commit " + first.substring(0, 10) + " is older than"),
                e.getMessage());
        assertEquals(List.of(), gate.notes());

        HistoryGate allowing = history().gate(first, head.allowingNonFastForward());
        allowing.admit("web1", Optional.of(second));
        assertEquals(List.of("--allow-non-fast-forward: web1 (rewinds from " + second.substring(0, 10)
                + ") move(s) to commit " + first.substring(0, 10) + ", which does not descend from their last applied"
                + " commit"), allowing.notes());
    }

    @Test
    void theGateChecksEachHostsRangeInStrictMode() throws IOException {
        String applied = repo.commit(alice, "applied");
        String unsigned = repo.commitUnsigned("unsigned");
        String target = repo.commit(alice, "target");
        HistoryGate gate = history().gate(target, strict);
        gate.admit("web2", Optional.of(unsigned));
        gate.admit("web3", Optional.empty());
        HardenException e = assertThrows(HardenException.class, () -> gate.admit("web1", Optional.of(applied)));
        assertTrue(e.getMessage().startsWith("web1: commit " + unsigned.substring(0, 10) + " is not trusted: unsigned"),
                e.getMessage());
        assertEquals(List.of("strict signature mode: web3 had no last applied commit in the repository, so only"
                + " commit " + target.substring(0, 10) + "'s own signature was checked"), gate.notes());
    }

    @Test
    void theGateSkipsSignaturesOnlyWhenToldTo() throws IOException {
        String first = repo.commitUnsigned("first");
        String second = repo.commitUnsigned("second");
        HistoryGate gate = history().gate(second, TrustPolicy.skippingSignatures());
        gate.admit("web1", Optional.of(first));
        assertThrows(HardenException.class, () -> history().gate(first, TrustPolicy.skippingSignatures())
                .admit("web1", Optional.of(second)), "forward only still holds");
    }

    @Test
    void aForcePushedRemoteIsVerifiedAndCaughtRewritingHistory() throws IOException {
        String first = repo.commit(alice, "first");
        String applied = repo.commit(alice, "applied from the remote");
        GitSource source = new GitSource(temp.resolve("cache"));
        String url = repo.work.toUri().toString();
        Snapshot before = source.read(url, "main", false, head);
        assertEquals(applied, before.commit());
        assertEquals("alice@example.org", before.signature().orElseThrow().signer());

        repo.git("reset", "-q", "--hard", first); // the branch is rewritten and force-pushed
        String rewritten = repo.commit(alice, "a different second commit");
        Snapshot after = source.read(url, "main", false, head);
        assertEquals(rewritten, after.commit());
        try (GitHistory cached = source.history(after)) {
            Ancestry ancestry = cached.ancestry(Optional.of(applied), after.commit());
            assertFalse(ancestry.forward(), ancestry.toString());
            assertEquals(Kind.DESCENDS, cached.ancestry(Optional.of(first), after.commit()).kind());
        }
    }

    @Test
    void aTargetThatIsNotInTheRepositoryIsAnError() throws IOException {
        repo.commit(alice, "first");
        HardenException e = assertThrows(HardenException.class,
                () -> history().verify("3".repeat(40), head, Optional.empty()));
        assertEquals("commit 3333333333 is not in " + repo.work, e.getMessage());
    }
}
