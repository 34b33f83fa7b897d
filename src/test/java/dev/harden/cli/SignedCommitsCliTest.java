package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.source.SignedRepo;
import dev.harden.source.SignedRepo.GpgKey;
import dev.harden.source.SignedRepo.SshKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan and apply with --verify-signatures through main, over a real repository of the example
 * desired state whose commits git signed, and its image root.
 */
class SignedCommitsCliTest {

    @TempDir
    Path temp;

    private SignedRepo repo;
    private SshKey alice;
    private Path signers;
    private Path image;
    private byte[] sshdConfig;

    @BeforeEach
    void repository() throws IOException {
        repo = SignedRepo.create(temp.resolve("signed"));
        Cli.exampleRepo(repo.work);
        alice = repo.sshKey("alice");
        signers = repo.allowedSigners("allowed_signers", alice.allowedSigner("alice@example.org",
                "namespaces=\"git\""));
        image = repo.work.resolve("inventory/images/debian12");
        sshdConfig = Files.readAllBytes(image.resolve("etc/ssh/sshd_config"));
    }

    @AfterEach
    void close() throws IOException {
        repo.close();
    }

    private Cli.Result harden(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--repo", repo.work.toString()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertNoHostContacted() throws IOException {
        assertArrayEquals(sshdConfig, Files.readAllBytes(image.resolve("etc/ssh/sshd_config")));
        assertFalse(Files.exists(image.resolve("var/lib/harden")), "nothing was recorded on the host");
    }

    @Test
    void anUnsignedCommitIsRefusedInOneLineBeforeAnyHostIsContacted() throws IOException {
        String commit = repo.commitUnsigned("unsigned desired state");
        for (List<String> command : List.of(List.of("plan"), List.of("apply", "--auto-approve"))) {
            Cli.Result result = harden(command.get(0), "--verify-signatures", "--allowed-signers", signers.toString(),
                    command.size() > 1 ? command.get(1) : "--parallel=1");
            assertEquals(1, result.exitCode(), result.toString());
            assertEquals("", result.out(), result.toString());
            assertEquals("harden: error: commit " + commit.substring(0, 10) + " is not trusted: unsigned; harden"
                    + " applies only commits signed by a key in the trust files (--allowed-signers, --trusted-keys)\n",
                    result.err());
        }
        assertNoHostContacted();
    }

    @Test
    void aCommitByAnUnlistedSignerIsRefusedNamingItsKey() throws IOException {
        SshKey mallory = repo.sshKey("mallory");
        String commit = repo.commit(mallory, "signed by someone else");
        Cli.Result result = harden("plan", "--allowed-signers", signers.toString());
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("harden: error: commit " + commit.substring(0, 10) + " is not trusted:"
                + " signed by a key that no trust file lists (SSH ED25519 " + repo.sshFingerprint(mallory) + ")"),
                result.toString());
        assertEquals(1, result.err().lines().count(), result.toString());
        assertNoHostContacted();
    }

    @Test
    void thePlanHeaderNamesTheSigner() throws IOException {
        String commit = repo.commit(alice, "signed desired state");
        Cli.Result result = harden("plan", "--verify-signatures", "--allowed-signers", signers.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("harden plan of commit " + commit.substring(0, 10) + " (HEAD), signed by"
                + " alice@example.org (SSH ED25519 " + repo.sshFingerprint(alice) + ")\n"), result.toString());
        assertTrue(result.out().contains("golden-image  image root inventory/images/debian12"), result.toString());
    }

    @Test
    void openPgpSignaturesAreCheckedAgainstTheGivenKeyFile() throws IOException {
        GpgKey bob = repo.gpgKey("Bob <bob@example.org>");
        String commit = repo.commit(bob, "signed with OpenPGP");
        Path keys = repo.exportPublic(bob, temp.resolve("bob.asc"));
        Cli.Result result = harden("plan", "--trusted-keys", keys.toString(), "--allowed-signers", signers.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("harden plan of commit " + commit.substring(0, 10) + " (HEAD), signed by"
                + " Bob <bob@example.org> (OpenPGP Ed25519 " + bob.fingerprint() + ")\n"), result.toString());
    }

    @Test
    void strictModeRefusesAHostWhoseHistorySinceItsLastApplyHoldsAnUnsignedCommit() throws IOException {
        String applied = repo.commit(alice, "applied");
        Cli.Result first = harden("apply", "--verify-signatures", "--allowed-signers", signers.toString(),
                "--auto-approve");
        assertEquals(0, first.exitCode(), first.toString());
        byte[] afterFirstApply = Files.readAllBytes(image.resolve("etc/ssh/sshd_config"));

        String unsigned = repo.commitUnsigned("unsigned");
        repo.write("policies/groups/web.yaml", "ssh:\n  login_grace_time: 20\n");
        repo.commit(alice, "signed on top");
        Cli.Result strict = harden("apply", "--allowed-signers", signers.toString(), "--signature-mode", "strict",
                "--auto-approve");
        assertEquals(1, strict.exitCode(), strict.toString());
        assertTrue(strict.out().contains("golden-image  image root inventory/images/debian12  error: golden-image:"
                + " commit " + unsigned.substring(0, 10) + " is not trusted: unsigned (one of the 2 commits from "
                + applied.substring(0, 10)), strict.toString());
        assertArrayEquals(afterFirstApply, Files.readAllBytes(image.resolve("etc/ssh/sshd_config")),
                "the refused host was not changed");

        Cli.Result head = harden("plan", "--allowed-signers", signers.toString(), "--detailed-exitcode");
        assertEquals(2, head.exitCode(), "head mode checks the target only: " + head);
    }

    @Test
    void aHostIsNotMovedBackToAnOlderCommitUnlessAllowed() throws IOException {
        String older = repo.commit(alice, "older");
        repo.write("policies/groups/web.yaml", "ssh:\n  login_grace_time: 20\n");
        String newer = repo.commit(alice, "newer");
        Cli.Result applied = harden("apply", "--allowed-signers", signers.toString(), "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.toString());

        Cli.Result back = harden("plan", "--allowed-signers", signers.toString(), "--ref", older);
        assertEquals(1, back.exitCode(), back.toString());
        assertTrue(back.out().contains("error: golden-image: commit " + older.substring(0, 10) + " is older than "
                + newer.substring(0, 10) + ", the last commit applied to it (going back); harden moves hosts forward"
                + " only: pass --allow-non-fast-forward to do this on purpose\n"), back.toString());

        Cli.Result allowed = harden("plan", "--allowed-signers", signers.toString(), "--ref", older,
                "--allow-non-fast-forward");
        assertEquals(0, allowed.exitCode(), allowed.toString());
        assertTrue(allowed.out().contains("note: --allow-non-fast-forward: golden-image (rewinds from "
                + newer.substring(0, 10) + ")"), allowed.toString());
    }

    @Test
    void optionsThatCannotWorkAreRefusedInOneLine() throws IOException {
        repo.commit(alice, "signed");
        Cli.Result noKeys = harden("plan", "--verify-signatures");
        assertEquals(1, noKeys.exitCode());
        assertEquals("harden: error: verifying signatures needs trusted keys: give --allowed-signers FILE (SSH"
                + " signers) and/or --trusted-keys FILE (OpenPGP public keys)\n", noKeys.err());

        Cli.Result mode = harden("plan", "--allowed-signers", signers.toString(), "--signature-mode", "all");
        assertEquals("harden: error: unknown signature mode 'all': give head or strict\n", mode.err());

        Cli.Result workingTree = harden("plan", "--allowed-signers", signers.toString(), "--working-tree");
        assertEquals(1, workingTree.exitCode());
        assertTrue(workingTree.err().startsWith("harden: error: --working-tree reads uncommitted files that no one"
                + " signed"), workingTree.toString());

        Cli.Result missing = harden("plan", "--trusted-keys", temp.resolve("nowhere.asc").toString());
        assertEquals("harden: error: --trusted-keys " + temp.resolve("nowhere.asc") + ": no such readable file\n",
                missing.err());
        assertNoHostContacted();
    }

    @Test
    void helpDescribesTheOptions() {
        for (String command : List.of("plan", "apply")) {
            Cli.Result result = Cli.run(command, "--help");
            assertEquals(0, result.exitCode(), result.toString());
            for (String option : List.of("--verify-signatures", "--allowed-signers=FILE", "--trusted-keys=FILE",
                    "--signature-mode=head|strict", "--allow-non-fast-forward")) {
                assertTrue(result.out().contains(option), command + " --help lacks " + option + ": " + result);
            }
        }
    }
}
