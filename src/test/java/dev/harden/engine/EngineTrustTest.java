package dev.harden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.apply.ImageRoots;
import dev.harden.desired.DesiredState;
import dev.harden.module.Modules;
import dev.harden.plan.HostFailure;
import dev.harden.plan.Plan;
import dev.harden.source.SignedRepo;
import dev.harden.source.SignedRepo.SshKey;
import dev.harden.source.TrustPolicy;
import dev.harden.transport.Connector;
import dev.harden.transport.local.ImageRootHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine under a trust policy, over a real signed repository and a real image root: the
 * commit is verified before any host is reached, and each host is checked against the last commit
 * applied to it (forward only; strict signatures from there).
 */
class EngineTrustTest {

    private static final Connector CONNECTOR = entry -> new ImageRootHost(entry.name(), Path.of(entry.root()));

    @TempDir
    Path temp;

    private SignedRepo repo;
    private SshKey alice;
    private Path root;
    private Engine engine;
    private TrustPolicy head;
    private TrustPolicy strict;

    @BeforeEach
    void repository() throws IOException {
        root = ImageRoots.copyDebian12(temp.resolve("img"));
        repo = SignedRepo.create(temp.resolve("signed"));
        alice = repo.sshKey("alice");
        repo.write("inventory/hosts.yaml", "hosts:\n  img:\n    transport: local\n    root: \"" + root + "\"\n");
        Optional<Path> signers = Optional.of(repo.allowedSigners("allowed_signers",
                alice.allowedSigner("alice@example.org", "namespaces=\"git\"")));
        head = TrustPolicy.verify(signers, List.of(), TrustPolicy.Mode.HEAD);
        strict = TrustPolicy.verify(signers, List.of(), TrustPolicy.Mode.STRICT);
        engine = new Engine(Modules.builtIn(), temp.resolve("cache"));
    }

    @AfterEach
    void close() throws IOException {
        repo.close();
    }

    private static RunOptions options(TrustPolicy trust) {
        return new RunOptions(List.of(), 2, false, Duration.ofSeconds(5), trust);
    }

    private Plan plan(String ref, TrustPolicy trust) {
        DesiredState state = engine.load(repo.work.toString(), ref, false, trust);
        try (FleetRun run = engine.plan(state, options(trust), Progress.NONE, CONNECTOR)) {
            return run.plan();
        }
    }

    private void apply(String ref, TrustPolicy trust) {
        DesiredState state = engine.load(repo.work.toString(), ref, false, trust);
        try (FleetRun run = engine.plan(state, options(trust), Progress.NONE, CONNECTOR)) {
            assertFalse(run.plan().hasFailures(), run.plan().failures().toString());
            List<HostApplyResult> results = engine.apply(run, ApplyContext.apply(run.plan().commit(), "tester"), 1,
                    Progress.NONE);
            assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), results.toString());
        }
    }

    private static String failure(Plan plan) {
        assertEquals(1, plan.failures().size(), plan.hosts().toString());
        HostFailure failure = plan.failures().get(0);
        return failure.message();
    }

    @Test
    void anUnsignedCommitIsRefusedBeforeAnyHostIsReached() throws IOException {
        String commit = repo.commitUnsigned("unsigned");
        HardenException e = assertThrows(HardenException.class,
                () -> engine.load(repo.work.toString(), "main", false, head));
        assertTrue(e.getMessage().startsWith("commit " + commit.substring(0, 10) + " is not trusted: unsigned"),
                e.getMessage());
        assertFalse(Files.exists(root.resolve("var/lib/harden")), "no host was reached");
    }

    @Test
    void theSignerIsNamedWhereThePlanNamesItsCommit() throws IOException {
        String commit = repo.commit(alice, "signed");
        Plan plan = plan("main", head);
        assertFalse(plan.hasFailures(), plan.failures().toString());
        assertEquals("commit " + commit.substring(0, 10) + " (main), signed by alice@example.org (SSH ED25519 "
                + repo.sshFingerprint(alice) + ")", plan.source());
    }

    @Test
    void aHostIsNotMovedBackUnlessAllowed() throws IOException {
        String first = repo.commit(alice, "first");
        repo.write("policies/baseline.yaml", "ssh:\n  max_auth_tries: 5\n");
        String second = repo.commit(alice, "second");
        apply("main", head);

        String refused = failure(plan(first, head));
        assertEquals("img: commit " + first.substring(0, 10) + " is older than " + second.substring(0, 10) + ", the"
                + " last commit applied to it (going back); harden moves hosts forward only: pass"
                + " --allow-non-fast-forward to do this on purpose", refused);

        Plan allowed = plan(first, head.allowingNonFastForward());
        assertFalse(allowed.hasFailures(), allowed.failures().toString());
        assertTrue(allowed.notes().get(0).startsWith("--allow-non-fast-forward: img (rewinds from "),
                allowed.notes().toString());
        assertFalse(plan("main", head).hasFailures(), "the same commit again is fine");
    }

    @Test
    void strictModeRefusesAHostWhoseRangeHoldsAnUnsignedCommit() throws IOException {
        repo.commit(alice, "applied");
        apply("main", strict);
        String unsigned = repo.commitUnsigned("unsigned in the middle");
        repo.commit(alice, "signed target");

        String refused = failure(plan("main", strict));
        assertTrue(refused.startsWith("img: commit " + unsigned.substring(0, 10) + " is not trusted: unsigned (one of"
                + " the 2 commits from "), refused);
        Plan headOnly = plan("main", head);
        assertFalse(headOnly.hasFailures(), "head mode checks the target only: " + headOnly.failures());
    }

    @Test
    void strictModeOnAHostWithNoHistoryChecksTheHeadAndSaysSo() throws IOException {
        repo.commitUnsigned("history from before signing");
        String target = repo.commit(alice, "signed");
        Plan plan = plan("main", strict);
        assertFalse(plan.hasFailures(), plan.failures().toString());
        assertEquals(List.of("strict signature mode: img had no last applied commit in the repository, so only"
                + " commit " + target.substring(0, 10) + "'s own signature was checked"), plan.notes());
    }

    @Test
    void withoutAPolicyNothingIsChecked() throws IOException {
        repo.commitUnsigned("unsigned");
        Plan plan = plan("main", TrustPolicy.unchecked());
        assertFalse(plan.hasFailures(), plan.failures().toString());
        assertEquals(List.of(), plan.notes());
    }
}
