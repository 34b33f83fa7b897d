package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.transport.ssh.LoginProbe;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Network;

/**
 * The firewall on a real host, checked from OUTSIDE: a second container on the same Docker
 * network connects to the target and reads what the listener sends (Docker's userland proxy
 * would accept any connection on a published port, so that path proves nothing). The target
 * runs sshd on 22 and a service on 8080 that the policy does not allow. Subclasses pick the
 * backend (ufw or firewalld) by image; the policy is the same for both.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FirewallScenario {

    static final String POLICY = "    vars:\n      firewall:\n        allow:\n"
            + "          - { port: 22, proto: tcp, comment: ssh }\n          - { port: 443, proto: tcp }\n";

    Network network;
    TestHost target;
    private Outside outside;
    Path work;
    private DesiredRepo desired;
    private String applied;

    /** The image tag of the target host. */
    abstract String image();

    /** Files the backend manages, for before/after comparisons. */
    abstract String files();

    /** Makes 8080 reachable before harden runs, as a host found with a hand-opened port. */
    abstract void open8080ByHand() throws Exception;

    /** Asserts, on the host, that the backend is active with a default-deny policy. */
    abstract void assertDefaultDenyActive() throws Exception;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-fw-");
        network = Network.newNetwork();
        target = TestHost.start(image(), network, "target", work);
        outside = Outside.start(network, work);
        Outside.listen(target, 8080);
        open8080ByHand();
        desired = repo("firewall", POLICY);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {outside, target, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the next container still gets closed
            }
        }
    }

    @Test
    @Order(1)
    void planListsTheUnallowedListenerAsAFindingAndShowsRuleChanges() throws Exception {
        assertEquals("hello-8080", fromOutside(8080), "before: 8080 is reachable from outside");
        CliRun plan = CliRun.of("plan", "--repo", dir(desired), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("warning [audit] 8080/tcp (python3) listens on 0.0.0.0 but no firewall rule"
                + " allows it"), plan.out());
        assertTrue(plan.out().contains("info [audit] the firewall allows 443/tcp from anywhere but nothing listens"
                + " there"), plan.out());
        assertTrue(plan.out().contains("+ allow 22/tcp from anywhere  # ssh"), "rule-level diff: " + plan.out());
        CliRun json = CliRun.of("plan", "--repo", dir(desired), "--json");
        assertTrue(json.out().contains("\"module\" : \"audit\"") || json.out().contains("\"module\":\"audit\""),
                json.out());
    }

    @Test
    @Order(2)
    void applyLeaves22OpenAnd8080BlockedFromOutside() throws Exception {
        CliRun apply = CliRun.of("apply", "--repo", dir(desired), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("a new SSH session logged in and ran sudo"), "commit-confirmed: " + apply.out());
        assertTrue(fromOutside(22).startsWith("SSH-2.0-OpenSSH"), "22 answers from outside");
        assertFalse(outside.answers("target", 8080), "8080 is blocked from outside");
        assertEquals("hello-8080", Outside.readLocally(target, 8080),
                "the service itself still runs");
        assertDefaultDenyActive();
        applied = state();
    }

    @Test
    @Order(3)
    void secondApplyChangesNothingAndReloadsNothing() throws Exception {
        String generations = target.exec("ls", "/var/lib/harden/generations");
        CliRun plan = CliRun.of("plan", "--repo", dir(desired), "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), plan.all());
        CliRun apply = CliRun.of("apply", "--repo", dir(desired), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
        assertEquals(generations, target.exec("ls", "/var/lib/harden/generations"), "no new generation");
        assertEquals(applied, state(), "files untouched (sha256, mode, owner, mtime)");
    }

    @Test
    @Order(4)
    void badRulesAreRefusedBeforeAnyHostIsContacted() throws Exception {
        String logins = acceptedLogins();
        for (String[] bad : new String[][] {
                {"{ port: 70000 }", "firewall.allow entry 1 (port 70000): port '70000' is outside 1-65535"},
                {"{ port: 5432, from: 10.1.2.0/33 }", "'10.1.2.0/33' has a prefix outside 0..32"},
                {"{ port: 53, proto: icmp }", "proto 'icmp' is unknown; use tcp or udp"}}) {
            DesiredRepo repo = repo("bad-" + Math.abs(bad[0].hashCode()), "    vars:\n      firewall:\n        allow:\n"
                    + "          - " + bad[0] + "\n");
            CliRun plan = CliRun.of("plan", "--repo", dir(repo));
            assertEquals(1, plan.exitCode(), plan.all());
            assertTrue(plan.err().contains("inventory/hosts.yaml:") && plan.err().contains(bad[1]), plan.err());
            assertEquals(1, plan.err().strip().lines().count(), "one line: " + plan.err());
        }
        assertEquals(logins, acceptedLogins(), "no SSH login happened");
    }

    @Test
    @Order(5)
    void policyThatBlocksTheOperatorsSshPortRevertsByItself() throws Exception {
        DesiredRepo blocking = repo("blocking", "    vars:\n      firewall:\n        operator_guard: false\n"
                + "        allow:\n          - { port: 22, proto: tcp, from: 10.0.0.0/8 }\n");
        CliRun apply = CliRun.of("apply", "--repo", dir(blocking), "--auto-approve", "--confirm-timeout", "30");
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("reverted: the new configuration cut off access"), apply.out());
        assertEquals(applied, state(), "the firewall files are as before the blocking apply");
        assertEquals(0, LoginProbe.runWithKey(target.port(), "ops", target.identity(), "sudo -n true"),
                "the operator still gets in");
        assertTrue(fromOutside(22).startsWith("SSH-2.0-OpenSSH"));
    }

    @Test
    @Order(6)
    void withTheOperatorGuardTheSamePolicyKeepsTheOperatorIn() throws Exception {
        DesiredRepo guarded = repo("guarded", "    vars:\n      firewall:\n"
                + "        allow:\n          - { port: 22, proto: tcp, from: 10.0.0.0/8 }\n");
        CliRun apply = CliRun.of("apply", "--repo", dir(guarded), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("(where harden connects from) reach SSH on 22/tcp; harden adds one"),
                apply.out());
        assertEquals(0, LoginProbe.runWithKey(target.port(), "ops", target.identity(), "true"), "operator in");
        assertNotEquals(0, outside.answers("target", 22) ? 0 : 1,
                "other sources are blocked from 22 now");
        assertEquals(0, CliRun.of("apply", "--repo", dir(desired), "--auto-approve").exitCode(), "back to the policy");
    }

    /** The first line a listener on the target sends to a client outside it. */
    String fromOutside(int port) throws Exception {
        return outside.read("target", port);
    }

    DesiredRepo repo(String name, String hostExtra) throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve(name))
                .write("inventory/hosts.yaml", "hosts:\n" + target.inventoryEntry("target") + hostExtra)
                .write("inventory/known_hosts", target.knownHostsLine() + "\n");
        repo.commit(name);
        return repo;
    }

    static String dir(DesiredRepo repo) {
        return repo.dir().toString() + File.separator;
    }

    /** sha256, mode, owner and mtime of the backend's files ("absent" when missing). */
    String state() throws Exception {
        return target.exec("sh", "-c", "for f in " + files() + "; do if [ -e $f ]; then sha256sum $f;"
                + " stat -c '%a %U %G %Y' $f; else echo \"$f absent\"; fi; done");
    }

    private String acceptedLogins() throws Exception {
        return target.exec("sh", "-c", "journalctl -u ssh --no-pager | grep -c 'Accepted publickey' || true").strip();
    }
}
