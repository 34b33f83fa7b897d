package dev.harden.module.sshd;

import dev.harden.module.Inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.facts.Facts;
import dev.harden.resource.State;
import dev.harden.facts.OpenSshVersion;
import dev.harden.facts.TestFacts;
import dev.harden.module.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The effective-config check (sshd -T against the policy) and the access warnings. */
class SshdVerifyTest {

    /** What sshd -T prints for a host that follows the built-in baseline. */
    private static Map<String, List<String>> matching() {
        Map<String, List<String>> effective = new LinkedHashMap<>();
        effective.put("port", List.of("22"));
        effective.put("permitrootlogin", List.of("no"));
        effective.put("passwordauthentication", List.of("no"));
        effective.put("kbdinteractiveauthentication", List.of("no"));
        effective.put("pubkeyauthentication", List.of("yes"));
        effective.put("maxauthtries", List.of("3"));
        effective.put("x11forwarding", List.of("no"));
        effective.put("allowtcpforwarding", List.of("no"));
        effective.put("allowagentforwarding", List.of("no"));
        effective.put("loglevel", List.of("VERBOSE"));
        return effective;
    }

    private static Facts facts(Map<String, List<String>> effective) {
        return TestFacts.debian12(Map.of("/etc/ssh/sshd_config", new State.Absent(),
                "/etc/sudoers.d/harden", new State.Absent()), effective);
    }

    private static List<Finding> verify(Map<String, List<String>> effective) {
        return new SshdModule().verify(Inputs.web1(facts(effective)));
    }

    @Test
    void matchingEffectiveConfigHasNoFindings() {
        assertEquals(List.of(), verify(matching()));
    }

    @Test
    void overriddenPasswordAuthenticationIsReported() {
        Map<String, List<String>> effective = matching();
        effective.put("passwordauthentication", List.of("yes"));
        List<Finding> findings = verify(effective);
        assertEquals(1, findings.size(), findings.toString());
        Finding finding = findings.get(0);
        assertEquals(Finding.Severity.WARNING, finding.severity());
        assertEquals("sshd", finding.module());
        assertTrue(finding.message().startsWith("ssh.password_authentication:"), finding.message());
        assertTrue(finding.message().contains("'yes'"), finding.message());
        assertTrue(finding.message().contains("overrides"), finding.message());
        assertTrue(finding.message().contains("for ops"), finding.message());
    }

    @Test
    void extraAllowUsersIsReported() {
        Map<String, List<String>> effective = matching();
        effective.put("allowusers", List.of("bob"));
        List<Finding> findings = verify(effective);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().startsWith("ssh.allow_users:"), findings.get(0).message());
    }

    @Test
    void olderSshdReportsChallengeResponse() {
        Map<String, List<String>> effective = matching();
        effective.remove("kbdinteractiveauthentication");
        effective.put("challengeresponseauthentication", List.of("yes"));
        List<Finding> findings = verify(effective);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("challengeresponseauthentication"), findings.get(0).message());
    }

    @Test
    void failedSshdTestIsAWarning() {
        Facts broken = TestFacts.withFacts(TestFacts.debian12(), Map.of("sshd.effective",
                "status 255\nline 3: Bad configuration option: Foo\n"));
        List<Finding> findings = new SshdModule().verify(Inputs.web1(broken));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().contains("Bad configuration option"), findings.get(0).message());
    }

    @Test
    void allowUsersWithoutTheLoginUserCutsOffAccess() {
        List<Finding> findings = new SshdModule().plan(Inputs.web1(TestFacts.debian12(),
                "ssh:\n  allow_users: [someone]")).findings();
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.Severity.WARNING, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("does not include ops"), findings.get(0).message());
        assertTrue(findings.get(0).message().contains("cuts off access"), findings.get(0).message());
        assertTrue(findings.get(0).message().contains("inventory/hosts.yaml:"), "names where it was set: "
                + findings.get(0).message());
    }

    @Test
    void allowUsersWithTheLoginUserIsFine() {
        assertEquals(List.of(), new SshdModule().plan(Inputs.web1(TestFacts.debian12(),
                "ssh:\n  allow_users: [someone, ops]")).findings());
    }

    @Test
    void connectingAsRootWithRootLoginOffIsWarned() {
        Facts asRoot = TestFacts.server("12", "Debian 12", new OpenSshVersion(9, 2), Map.of(), Map.of(), "root");
        List<Finding> findings = new SshdModule().plan(Inputs.web1(asRoot)).findings();
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("connects as root"), findings.get(0).message());
    }
}
