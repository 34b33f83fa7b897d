package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.source.CommitSignature.Status;
import dev.harden.source.SignedRepo.GpgKey;
import dev.harden.source.SignedRepo.SshKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures of real commits made by git with ssh-keygen and gpg, checked by {@link GitHistory}:
 * SSH through JGit's verifier and the allowed_signers file, OpenPGP against the given key file.
 */
class CommitSignaturesTest {

    @TempDir
    Path temp;

    private SignedRepo repo;
    private SshKey alice;

    @BeforeEach
    void repository() throws IOException {
        repo = SignedRepo.create(temp);
        alice = repo.sshKey("alice");
    }

    @AfterEach
    void stopAgent() throws IOException {
        repo.close();
    }

    private TrustPolicy ssh(String... allowedSignersLines) throws IOException {
        return TrustPolicy.verify(Optional.of(repo.allowedSigners("allowed_signers", allowedSignersLines)), List.of(),
                TrustPolicy.Mode.HEAD);
    }

    private CommitSignature head(String commit, TrustPolicy policy) {
        try (GitHistory history = new GitSource(temp.resolve("cache")).history(repo.work.toString())) {
            TrustVerdict verdict = history.verify(commit, policy, Optional.empty());
            assertEquals(List.of(verdict.head()), verdict.checked(), "head mode checks the commit itself only");
            return verdict.head();
        }
    }

    @Test
    void anSshSignerInAllowedSignersIsTrustedAndNamed() throws IOException {
        String commit = repo.commit(alice, "signed by alice");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org", "namespaces=\"git\"")));
        assertEquals(Status.TRUSTED, signature.status(), signature.toString());
        assertEquals("alice@example.org", signature.signer());
        String fingerprint = repo.sshFingerprint(alice);
        assertEquals("SSH ED25519 " + fingerprint, signature.key());
        assertEquals("signed by alice@example.org (SSH ED25519 " + fingerprint + ")", signature.describe());
        assertEquals("commit " + commit.substring(0, 10) + " is signed by alice@example.org (SSH ED25519 "
                + fingerprint + ")", signature.message());
    }

    @Test
    void aSignerMissingFromAllowedSignersIsAnUnknownKey() throws IOException {
        SshKey mallory = repo.sshKey("mallory");
        String commit = repo.commit(mallory, "signed by mallory");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org", "")));
        assertEquals(Status.UNKNOWN_KEY, signature.status(), signature.toString());
        assertEquals("SSH ED25519 " + repo.sshFingerprint(mallory), signature.key());
        assertTrue(signature.message().startsWith("commit " + commit.substring(0, 10) + " is not trusted: signed by a"
                + " key that no trust file lists (SSH ED25519 " + repo.sshFingerprint(mallory) + "): not in "),
                signature.message());
    }

    @Test
    void anUnsignedCommitIsRefused() throws IOException {
        String commit = repo.commitUnsigned("no signature");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org", "")));
        assertEquals(Status.UNSIGNED, signature.status());
        assertEquals("commit " + commit.substring(0, 10) + " is not trusted: unsigned", signature.message());
    }

    @Test
    void aCommitChangedAfterSigningHasABadSignature() throws IOException {
        String signed = repo.commit(alice, "the reviewed change");
        String tampered = repo.tampered(signed, "something else");
        TrustPolicy policy = ssh(alice.allowedSigner("alice@example.org", ""));
        assertEquals(Status.TRUSTED, head(signed, policy).status());
        CommitSignature signature = head(tampered, policy);
        assertEquals(Status.BAD_SIGNATURE, signature.status(), signature.toString());
        assertTrue(signature.message().contains("its signature does not match its content"), signature.message());
    }

    @Test
    void anAllowedSignersLineForOtherNamespacesDoesNotAllowCommits() throws IOException {
        String commit = repo.commit(alice, "signed by alice");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org", "namespaces=\"file\"")));
        assertEquals(Status.WRONG_NAMESPACE, signature.status(), signature.toString());
        assertTrue(signature.message().endsWith("its line in allowed_signers has namespaces= without \"git\""),
                signature.message());
    }

    @Test
    void aSignatureMadeForAnotherNamespaceIsRefused() throws IOException {
        repo.commit(alice, "first");
        String commit = repo.commitSignedFor(alice, "file", "a file signature replayed as a commit's");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org", "")));
        assertEquals(Status.WRONG_NAMESPACE, signature.status(), signature.toString());
        assertTrue(signature.message().endsWith("the signature is for namespace \"file\", not \"git\""),
                signature.message());
    }

    @Test
    void aKeyPastItsValidBeforeDateIsExpired() throws IOException {
        String commit = repo.commit(alice, "signed after the key's validity");
        CommitSignature signature = head(commit, ssh(alice.allowedSigner("alice@example.org",
                "valid-before=\"20200101\"")));
        assertEquals(Status.EXPIRED, signature.status(), signature.toString());
        assertTrue(signature.message().contains("outside the key's valid-after/valid-before"), signature.message());
    }

    @Test
    void aCertificateFromATrustedCertAuthorityIsTrustedForItsPrincipals() throws IOException {
        SshKey ca = repo.sshKey("ca");
        String commit = repo.commit(repo.certify(ca, alice, "alice@example.org", "-1d:+1d"), "signed with a certificate");
        CommitSignature signature = head(commit, ssh(ca.allowedSigner("*@example.org", "cert-authority")));
        assertEquals(Status.TRUSTED, signature.status(), signature.toString());
        assertEquals("alice@example.org", signature.signer());
        assertEquals("SSH ED25519-CERT " + repo.sshFingerprint(alice), signature.key());
    }

    @Test
    void certificatesAreRefusedWhenExpiredOrFromAnUnlistedAuthority() throws IOException {
        SshKey ca = repo.sshKey("ca");
        SshKey otherCa = repo.sshKey("other-ca");
        String expired = repo.commit(repo.certify(ca, alice, "alice@example.org", "20200101:20200102"), "too late");
        TrustPolicy policy = ssh(ca.allowedSigner("*@example.org", "cert-authority"));
        assertEquals(Status.EXPIRED, head(expired, policy).status(), head(expired, policy).toString());

        String foreign = repo.commit(repo.certify(otherCa, alice, "alice@example.org", "-1d:+1d"), "another CA");
        assertEquals(Status.UNKNOWN_KEY, head(foreign, policy).status(), head(foreign, policy).toString());
    }

    @Test
    void aTrustedOpenPgpKeyIsNamedByItsUserIdAndFingerprint() throws IOException {
        GpgKey bob = repo.gpgKey("Bob <bob@example.org>");
        String commit = repo.commit(bob, "signed by bob");
        Path keys = repo.exportPublic(bob, temp.resolve("bob.asc"));
        CommitSignature signature = head(commit, TrustPolicy.verify(Optional.empty(), List.of(keys),
                TrustPolicy.Mode.HEAD));
        assertEquals(Status.TRUSTED, signature.status(), signature.toString());
        assertEquals("Bob <bob@example.org>", signature.signer());
        assertEquals("OpenPGP Ed25519 " + bob.fingerprint(), signature.key());
    }

    @Test
    void anOpenPgpKeyMissingFromTheKeyFileIsAnUnknownKey() throws IOException {
        GpgKey bob = repo.gpgKey("Bob <bob@example.org>");
        GpgKey carol = repo.gpgKey("Carol <carol@example.org>");
        String commit = repo.commit(carol, "signed by carol");
        Path keys = repo.exportPublic(bob, temp.resolve("bob.asc"));
        CommitSignature signature = head(commit, TrustPolicy.verify(Optional.empty(), List.of(keys),
                TrustPolicy.Mode.HEAD));
        assertEquals(Status.UNKNOWN_KEY, signature.status(), signature.toString());
        assertEquals("OpenPGP key " + carol.fingerprint(), signature.key());
        assertTrue(signature.message().endsWith("not in the --trusted-keys files"), signature.message());
    }

    @Test
    void eachFormatNeedsItsOwnTrustFile() throws IOException {
        GpgKey bob = repo.gpgKey("Bob <bob@example.org>");
        String byBob = repo.commit(bob, "signed by bob");
        CommitSignature openPgp = head(byBob, ssh(alice.allowedSigner("alice@example.org", "")));
        assertEquals(Status.UNKNOWN_KEY, openPgp.status());
        assertTrue(openPgp.message().endsWith("no --trusted-keys file was given to check OpenPGP signatures with"),
                openPgp.message());

        String byAlice = repo.commit(alice, "signed by alice");
        CommitSignature ssh = head(byAlice, TrustPolicy.verify(Optional.empty(),
                List.of(repo.exportPublic(bob, temp.resolve("bob.asc"))), TrustPolicy.Mode.HEAD));
        assertEquals(Status.UNKNOWN_KEY, ssh.status());
        assertTrue(ssh.message().endsWith("no --allowed-signers file was given to check SSH signatures with"),
                ssh.message());
    }

    @Test
    void aRevokedOpenPgpKeyIsRefused() throws IOException {
        GpgKey bob = repo.gpgKey("Bob <bob@example.org>");
        String commit = repo.commit(bob, "signed by bob before his key was revoked");
        repo.revoke(bob);
        Path keys = repo.exportPublic(bob, temp.resolve("bob.asc"));
        CommitSignature signature = head(commit, TrustPolicy.verify(Optional.empty(), List.of(keys),
                TrustPolicy.Mode.HEAD));
        assertEquals(Status.REVOKED, signature.status(), signature.toString());
    }

    @Test
    void anOpenPgpKeyThatHadExpiredWhenTheCommitWasSignedIsRefused() throws IOException {
        GpgKey old = repo.gpgKeyMadeOn("Old <old@example.org>", "20200101T000000");
        String commit = repo.commit(old, "signed today by a key made in 2020");
        Path keys = temp.resolve("old.asc");
        TrustPolicy policy = TrustPolicy.verify(Optional.empty(), List.of(repo.exportPublic(old, keys)),
                TrustPolicy.Mode.HEAD);
        assertEquals(Status.TRUSTED, head(commit, policy).status(), "no expiry yet");

        repo.expire(old, "20200102T000000", "1d");
        repo.exportPublic(old, keys);
        CommitSignature signature = head(commit, policy);
        assertEquals(Status.EXPIRED, signature.status(), signature.toString());
        assertTrue(signature.message().matches(".*: the key expired on 2020-01-03T00:0\\d:\\d\\dZ, before the signature"
                + " was made on 20\\d\\d-.*"), signature.message()); // gpg's faked clock runs on
    }

    @Test
    void aMalformedAllowedSignersFileIsReportedWithItsLine() throws IOException {
        String commit = repo.commit(alice, "signed by alice");
        TrustPolicy policy = ssh("# trusted signers", "alice@example.org namespaces=\"git\"");
        HardenException e = assertThrows(HardenException.class, () -> head(commit, policy));
        assertTrue(e.getMessage().startsWith("--allowed-signers " + temp.resolve("allowed_signers") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aKeyFileThatHoldsNoPublicKeyIsAnError() throws IOException {
        String commit = repo.commit(alice, "signed by alice");
        Path notKeys = Files.writeString(temp.resolve("keys.txt"), "alice@example.org " + alice.publicKey() + "\n");
        TrustPolicy policy = TrustPolicy.verify(Optional.empty(), List.of(notKeys), TrustPolicy.Mode.HEAD);
        HardenException e = assertThrows(HardenException.class, () -> head(commit, policy));
        assertTrue(e.getMessage().startsWith("--trusted-keys " + notKeys + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("gpg --export --armor"), e.getMessage());
    }

    @Test
    void readingWithAPolicyVerifiesTheCommitBeforeReturningIt() throws IOException {
        GitSource source = new GitSource(temp.resolve("cache"));
        TrustPolicy policy = ssh(alice.allowedSigner("alice@example.org", ""));
        String signed = repo.commit(alice, "signed");
        Snapshot snapshot = source.read(repo.work.toString(), "main", false, policy);
        assertEquals(signed, snapshot.commit());
        assertEquals(Status.TRUSTED, snapshot.signature().orElseThrow().status());
        assertEquals("commit " + signed.substring(0, 10) + " (main), signed by alice@example.org (SSH ED25519 "
                + repo.sshFingerprint(alice) + ")", snapshot.label());
        assertTrue(source.read(repo.work.toString(), "main", false).signature().isEmpty(), "not verified unless asked");

        String unsigned = repo.commitUnsigned("unsigned");
        HardenException refused = assertThrows(HardenException.class,
                () -> source.read(repo.work.toString(), "main", false, policy));
        assertEquals("commit " + unsigned.substring(0, 10) + " is not trusted: unsigned; harden applies only commits"
                + " signed by a key in the trust files (--allowed-signers, --trusted-keys)", refused.getMessage());
        HardenException workingTree = assertThrows(HardenException.class,
                () -> source.read(repo.work.toString(), "main", true, policy));
        assertTrue(workingTree.getMessage().startsWith("--working-tree reads uncommitted files that no one signed"),
                workingTree.getMessage());
    }

    @Test
    void aPolicyNeedsKeysOrAnExplicitSkip() {
        HardenException e = assertThrows(HardenException.class,
                () -> TrustPolicy.verify(Optional.empty(), List.of(), TrustPolicy.Mode.HEAD));
        assertEquals("verifying signatures needs trusted keys: give --allowed-signers FILE (SSH signers) and/or"
                + " --trusted-keys FILE (OpenPGP public keys)", e.getMessage());
        HardenException missing = assertThrows(HardenException.class, () -> TrustPolicy.verify(
                Optional.of(temp.resolve("nowhere")), List.of(), TrustPolicy.Mode.HEAD));
        assertEquals("--allowed-signers " + temp.resolve("nowhere") + ": no such readable file", missing.getMessage());
        assertFalse(TrustPolicy.skippingSignatures().verifiesSignatures());
        assertTrue(TrustPolicy.skippingSignatures().checksHistory(), "forward only, even without signatures");
        assertFalse(TrustPolicy.unchecked().checksHistory());
    }
}
