package dev.harden.module.sshd;

import dev.harden.module.Inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Facts;
import dev.harden.facts.OpenSshVersion;
import dev.harden.facts.TestFacts;
import dev.harden.resource.FileResource;
import dev.harden.module.Golden;
import dev.harden.module.ModuleResult;
import dev.harden.resource.Reload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sshd_config rendered with the built-in baseline, compared byte for byte with golden files. */
class SshdConfigGoldenTest {

    private static FileResource render(Facts facts) {
        ModuleResult result = new SshdModule().plan(Inputs.web1(facts));
        assertEquals(1, result.resources().size());
        return (FileResource) result.resources().get(0);
    }

    private static String text(FileResource file) {
        return new String(file.content(), StandardCharsets.UTF_8);
    }

    @Test
    void debian12MatchesGolden() {
        FileResource file = render(TestFacts.debian12());
        Golden.assertMatches("sshd_config-debian12", file.content());
        String config = text(file);
        assertFalse(config.contains("mlkem768x25519-sha256"), "OpenSSH 9.2 does not know ML-KEM");
        assertTrue(config.contains("\nKbdInteractiveAuthentication no\n"));
    }

    @Test
    void debian13MatchesGolden() {
        FileResource file = render(TestFacts.debian13());
        Golden.assertMatches("sshd_config-debian13", file.content());
        assertTrue(text(file).contains("\nKexAlgorithms mlkem768x25519-sha256,"));
    }

    @Test
    void noWeakAlgorithmsOrEcdsaHostKey() {
        for (FileResource file : List.of(render(TestFacts.debian12()), render(TestFacts.debian13()))) {
            String config = text(file);
            assertFalse(config.contains("ecdsa"), config);
            assertFalse(config.contains("nistp"), config);
            assertFalse(config.contains("sha1"), config);
            assertFalse(config.contains("cbc"), config);
            assertTrue(config.contains("\nHostKey /etc/ssh/ssh_host_ed25519_key\nHostKey /etc/ssh/ssh_host_rsa_key\n"));
            assertTrue(config.contains("\nPermitRootLogin no\n"));
            assertTrue(config.contains("\nPasswordAuthentication no\n"));
            assertTrue(config.contains("\nAuthenticationMethods publickey\n"));
        }
    }

    @Test
    void fileIsValidatedReloadedAndProtected() {
        FileResource file = render(TestFacts.debian12());
        assertEquals("/etc/ssh/sshd_config", file.path());
        assertEquals(0644, file.mode());
        assertEquals("root", file.owner());
        assertEquals(List.of("sshd", "-t", "-f", "/etc/ssh/sshd_config.harden-new"),
                file.validator().orElseThrow().forPath("/etc/ssh/sshd_config.harden-new"));
        assertEquals(List.of(new Reload("ssh", "/run/sshd.pid")), file.reloads());
        assertTrue(file.canCutAccess());
        assertFalse(file.sensitive());
    }

    @Test
    void olderOpenSshGetsChallengeResponseKeyword() {
        FileResource file = render(TestFacts.server("11", "Debian GNU/Linux 11 (bullseye)",
                new OpenSshVersion(8, 4), Map.of(), Map.of(), "ops"));
        String config = text(file);
        assertTrue(config.contains("\nChallengeResponseAuthentication no\n"), config);
        assertFalse(config.contains("KbdInteractiveAuthentication"), config);
        assertFalse(config.contains("sntrup761"), "sntrup761 needs OpenSSH 8.5");
    }

    @Test
    void policyValuesReachTheConfig() {
        FileResource file = (FileResource) new SshdModule().plan(Inputs.web1(TestFacts.debian12(),
                "ssh:\n  port: 2222\n  allow_users: [ops, deploy]\n  listen_addresses: [10.0.0.1]\n  include_drop_ins: false"))
                .resources().get(0);
        String config = text(file);
        assertTrue(config.contains("\nPort 2222\nListenAddress 10.0.0.1\n"), config);
        assertTrue(config.contains("\nAllowUsers ops deploy\n"), config);
        assertFalse(config.contains("Include"), config);
    }

    @Test
    void disabledModuleWantsNothing() {
        ModuleResult result = new SshdModule().plan(Inputs.web1(TestFacts.debian12(), "ssh:\n  enabled: false"));
        assertTrue(result.resources().isEmpty());
    }

    @Test
    void postQuantumOnlyKeepsOnlyTheHybridsTheHostKnows() {
        String d13 = text(render(TestFacts.debian13(), "ssh:\n  kex: post-quantum-only"));
        assertTrue(d13.contains("\nKexAlgorithms mlkem768x25519-sha256,sntrup761x25519-sha512,"
                + "sntrup761x25519-sha512@openssh.com\n"), d13);
        String d12 = text(render(TestFacts.debian12(), "ssh:\n  kex: post-quantum-only"));
        assertTrue(d12.contains("\nKexAlgorithms sntrup761x25519-sha512@openssh.com\n"), d12);
        dev.harden.HardenException old = org.junit.jupiter.api.Assertions.assertThrows(dev.harden.HardenException.class,
                () -> render(TestFacts.server("11", "Debian GNU/Linux 11 (bullseye)",
                        new dev.harden.facts.OpenSshVersion(8, 4), java.util.Map.of(), java.util.Map.of(), "ops"),
                        "ssh:\n  kex: post-quantum-only"));
        assertTrue(old.getMessage().startsWith("web1: ssh.kex: post-quantum-only (inventory/hosts.yaml:"),
                old.getMessage());
        assertTrue(old.getMessage().endsWith("needs OpenSSH 8.5 or newer, the host has OpenSSH 8.4; use ssh.kex: default"
                + " for this host"), old.getMessage());
    }

    private static FileResource render(Facts facts, String vars) {
        return (FileResource) new SshdModule().plan(Inputs.web1(facts, vars)).resources().get(0);
    }
}
