package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostDigest;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.junit.jupiter.api.Test;

class HostKeyPolicyTest {

    private static final KeyPair ED = TestKeys.ed25519();
    private static final KeyPair OTHER_ED = TestKeys.ed25519();
    private static final KeyPair RSA = TestKeys.rsa();

    private final List<String> recorded = new ArrayList<>();

    private HostKeyPolicy policy(String knownHosts, boolean trust) {
        return new HostKeyPolicy(PinnedHostKeys.parse(knownHosts), trust, recorded::add);
    }

    private static HostKey key(KeyPair pair) {
        return HostKey.of(pair.getPublic());
    }

    @Test
    void acceptsTheKeyPinnedForAddressAndPort() {
        HostKeyPolicy policy = policy("[127.0.0.1]:22001 " + TestKeys.publicLine(ED) + "\n", false);

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(ED));

        assertTrue(decision.accepted());
        assertNull(decision.refusal());
        assertTrue(recorded.isEmpty());
    }

    @Test
    void plainHostPatternMeansPort22Only() {
        HostKeyPolicy policy = policy("# pinned\n127.0.0.1 " + TestKeys.publicLine(ED) + "\n", false);

        assertTrue(policy.check("web1", "127.0.0.1", 22, key(ED)).accepted());
        HostKeyPolicy.Decision other = policy.check("web1", "127.0.0.1", 22001, key(ED));
        assertFalse(other.accepted());
        assertTrue(other.refusal().startsWith("web1: unknown SSH host key for 127.0.0.1:22001"), other.refusal());
    }

    @Test
    void bracketedPatternDoesNotCoverPort22() {
        HostKeyPolicy policy = policy("[127.0.0.1]:22001 " + TestKeys.publicLine(ED), false);

        assertFalse(policy.check("web1", "127.0.0.1", 22, key(ED)).accepted());
        assertFalse(policy.check("web1", "127.0.0.1", 22002, key(ED)).accepted());
    }

    @Test
    void hashedHostPatternMatches() throws Exception {
        byte[] salt = "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = KnownHostHashValue.calculateHashValue("127.0.0.1", 22001, KnownHostDigest.SHA1, salt);
        String line = "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash)
                + " " + TestKeys.publicLine(ED);
        HostKeyPolicy policy = policy(line, false);

        assertTrue(policy.check("web1", "127.0.0.1", 22001, key(ED)).accepted());
        assertFalse(policy.check("web2", "127.0.0.2", 22001, key(ED)).accepted());
    }

    @Test
    void changedKeyIsRefusedEvenWhenTrustingNewKeys() {
        HostKeyPolicy policy = policy("[127.0.0.1]:22001 " + TestKeys.publicLine(ED), true);

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(OTHER_ED));

        assertFalse(decision.accepted());
        assertEquals("web1: the SSH host key of 127.0.0.1:22001 has CHANGED (offered ED25519 "
                + key(OTHER_ED).fingerprint() + ", pinned " + key(ED).fingerprint()
                + " in inventory/known_hosts); refusing to connect. If the change is expected, remove the old"
                + " line from inventory/known_hosts and run again with --trust-new-host-keys", decision.refusal());
        assertTrue(recorded.isEmpty());
        assertTrue(policy.trustedKeys().isEmpty());
    }

    @Test
    void keyOfAnotherTypeThanThePinnedOneIsRefusedAndNamesBothTypes() {
        HostKeyPolicy policy = policy("[127.0.0.1]:22001 " + TestKeys.publicLine(RSA), true);

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(ED));

        assertFalse(decision.accepted());
        assertTrue(decision.refusal().contains("has CHANGED (offered ED25519 " + key(ED).fingerprint()
                + ", pinned RSA " + key(RSA).fingerprint()), decision.refusal());
    }

    @Test
    void unknownKeyIsRefusedWithoutTrust() {
        HostKeyPolicy policy = policy("", false);

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(ED));

        assertFalse(decision.accepted());
        assertEquals("web1: unknown SSH host key for 127.0.0.1:22001 (ED25519 " + key(ED).fingerprint()
                + "): pin it in inventory/known_hosts, or run once with --trust-new-host-keys to record it",
                decision.refusal());
        assertTrue(recorded.isEmpty());
    }

    @Test
    void unknownKeyIsTrustedRecordedOnceAndPinnedForTheRun() {
        HostKeyPolicy policy = policy("", true);

        assertTrue(policy.check("web1", "127.0.0.1", 22001, key(ED)).accepted());
        assertTrue(policy.check("web1", "127.0.0.1", 22001, key(ED)).accepted());

        assertEquals(List.of("[127.0.0.1]:22001 " + TestKeys.publicLine(ED)), recorded);
        assertEquals(List.of("web1: trusted new host key ED25519 " + key(ED).fingerprint()
                + " for [127.0.0.1]:22001"), policy.trustedKeys());
        HostKeyPolicy.Decision later = policy.check("web1", "127.0.0.1", 22001, key(OTHER_ED));
        assertFalse(later.accepted());
        assertTrue(later.refusal().contains("has CHANGED"), later.refusal());
    }

    @Test
    void trustedKeyOnPort22IsRecordedWithoutBrackets() {
        HostKeyPolicy policy = policy("", true);

        assertTrue(policy.check("db1", "db1.example.org", 22, key(RSA)).accepted());

        assertEquals(List.of("db1.example.org " + TestKeys.publicLine(RSA)), recorded);
        assertEquals(List.of("db1: trusted new host key RSA " + key(RSA).fingerprint() + " for db1.example.org"),
                policy.trustedKeys());
    }

    @Test
    void recorderFailureRefusesTheKey() {
        HostKeyPolicy policy = new HostKeyPolicy(PinnedHostKeys.parse(""), true, line -> {
            throw new IllegalStateException("read-only file system");
        });

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(ED));

        assertFalse(decision.accepted());
        assertTrue(decision.refusal().contains("read-only file system"), decision.refusal());
        assertFalse(policy.check("web1", "127.0.0.1", 22001, key(ED)).accepted());
    }

    @Test
    void revokedKeyIsRefused() {
        HostKeyPolicy policy = policy("@revoked [127.0.0.1]:22001 " + TestKeys.publicLine(ED), true);

        HostKeyPolicy.Decision decision = policy.check("web1", "127.0.0.1", 22001, key(ED));

        assertFalse(decision.accepted());
        assertTrue(decision.refusal().contains("marked @revoked"), decision.refusal());
        assertTrue(recorded.isEmpty());
    }

    @Test
    void wildcardPatternsAndCommaListsCoverTheirHosts() {
        HostKeyPolicy policy = policy("web1.example.org,10.0.0.5 " + TestKeys.publicLine(ED) + "\n"
                + "*.lab.example.org " + TestKeys.publicLine(RSA), false);

        assertTrue(policy.check("web1", "10.0.0.5", 22, key(ED)).accepted());
        assertTrue(policy.check("web1", "web1.example.org", 22, key(ED)).accepted());
        assertTrue(policy.check("lab", "db.lab.example.org", 22, key(RSA)).accepted());
    }

    @Test
    void pinnedKeyTypesAreListedPerHost() {
        HostKeyPolicy policy = policy("[127.0.0.1]:22001 " + TestKeys.publicLine(RSA) + "\n"
                + "[127.0.0.1]:22002 " + TestKeys.publicLine(ED), false);

        assertEquals(Set.of("ssh-rsa"), policy.pinnedKeyTypes("127.0.0.1", 22001));
        assertEquals(Set.of(), policy.pinnedKeyTypes("127.0.0.1", 22003));
    }

    @Test
    void malformedLineFailsWithItsLineNumber() {
        HardenException error = assertThrows(HardenException.class,
                () -> PinnedHostKeys.parse("# comment\n\n[127.0.0.1]:22001\n"));

        assertTrue(error.getMessage().startsWith("inventory/known_hosts line 3 is not a known_hosts entry"),
                error.getMessage());
    }
}
