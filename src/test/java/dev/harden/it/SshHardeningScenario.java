package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.transport.ssh.LoginProbe;
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
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * The foundation scenario on a real, stock Debian host: plan shows the diff (exit 2), apply
 * hardens sshd and sudo, password and root logins are refused afterwards while the operator's
 * key and sudo keep working, ssh-audit (run from a second container) reports no [fail], and
 * the next plan and apply change and reload nothing. One container per class, tests in order.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SshHardeningScenario {

    protected Network network;
    protected TestHost host;
    protected DesiredRepo repo;
    protected Path work;
    private GenericContainer<?> auditor;
    private String commit;

    /** The image tag of the host under test (debian12, debian13). */
    abstract String tag();

    @BeforeAll
    void startHost() throws Exception {
        work = Files.createTempDirectory("harden-it-");
        network = Network.newNetwork();
        host = TestHost.start(tag(), network, "target", work);
        auditor = new GenericContainer<>(DockerImageName.parse("harden-test-host:debian13"))
                .withNetwork(network).withCommand("sleep", "infinity");
        auditor.start();
        repo = new DesiredRepo(work.resolve("desired"))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry("target"))
                .write("inventory/known_hosts", host.knownHostsLine() + "\n");
        commit = repo.commit("desired state for " + tag());
    }

    @AfterAll
    void stopHost() {
        if (auditor != null) {
            auditor.stop();
        }
        if (host != null) {
            host.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(10)
    void stockHostAcceptsPasswordAndRootKeyLoginsBeforeHardening() throws Exception {
        assertTrue(LoginProbe.passwordAccepted(host.port(), "ops", TestHost.OPS_PASSWORD),
                "a stock host accepts the ops password (otherwise the later refusal proves nothing)");
        assertEquals(0, LoginProbe.runWithKey(host.port(), "root", host.identity(), "true"),
                "a stock host lets root log in with a key");
    }

    @Test
    @Order(20)
    void planShowsTheDiffAndExitsTwo() {
        CliRun plan = CliRun.of("plan", "--repo", repo.dir().toString(), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("+PasswordAuthentication no"), plan.out());
        assertTrue(plan.out().contains("+PermitRootLogin no"), plan.out());
        assertTrue(plan.out().contains("create /etc/sudoers.d/harden"), plan.out());
        assertTrue(plan.out().contains("commit " + commit.substring(0, 10)), "the plan names the commit");
    }

    @Test
    @Order(30)
    void applyHardensSshAndSudo() throws Exception {
        CliRun apply = CliRun.of("apply", "--repo", repo.dir().toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("target applied"), apply.out());
        assertTrue(apply.out().contains("reloaded ssh"), apply.out());
        assertTrue(apply.out().contains("validated /etc/ssh/sshd_config (sshd -t -f {})"), apply.out());

        assertFalse(LoginProbe.passwordAccepted(host.port(), "ops", TestHost.OPS_PASSWORD), "ops password refused");
        assertFalse(LoginProbe.passwordAccepted(host.port(), "root", TestHost.ROOT_PASSWORD), "root password refused");
        assertEquals(-1, LoginProbe.runWithKey(host.port(), "root", host.identity(), "true"), "root key login refused");
        assertEquals(0, LoginProbe.runWithKey(host.port(), "ops", host.identity(), "sudo -n true"),
                "ops logs in with the key and sudo works");
        String sudoLog = host.exec("cat", "/var/log/sudo.log");
        assertTrue(sudoLog.contains("ops") && sudoLog.contains("COMMAND=/usr/bin/true"), "sudo use is logged: " + sudoLog);
        String effective = host.exec("sshd", "-T");
        assertTrue(effective.contains("passwordauthentication no"), effective);
        assertTrue(effective.contains("permitrootlogin no"), effective);
    }

    @Test
    @Order(40)
    void sshAuditReportsNoFailure() throws Exception {
        Container.ExecResult audit = auditor.execInContainer("ssh-audit", "-n", "target");
        String report = audit.getStdout();
        System.out.println(report);
        assertTrue(report.contains("(kex) curve25519-sha256"), "ssh-audit audited the host: " + report + audit.getStderr());
        assertFalse(report.contains("[fail]"), report);
    }

    @Test
    @Order(50)
    void secondPlanAndApplyChangeAndReloadNothing() throws Exception {
        String reloadsBefore = reloadCount();
        String generationsBefore = host.exec("ls", "/var/lib/harden/generations");
        CliRun plan = CliRun.of("plan", "--repo", repo.dir().toString(), "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("no changes"), plan.out());
        CliRun apply = CliRun.of("apply", "--repo", repo.dir().toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
        assertEquals(reloadsBefore, reloadCount(), "sshd was not reloaded again");
        assertEquals(generationsBefore, host.exec("ls", "/var/lib/harden/generations"), "no new generation");
    }

    /**
     * ssh.kex: post-quantum-only leaves only the hybrids the host's OpenSSH has, and harden's own
     * client (MINA SSHD) still connects, plans and confirms through a new session. With
     * MaxSessions 1 sshd sometimes refuses the next session while it frees the last one: harden
     * retries, so it still works (its default is 2).
     */
    @Test
    @Order(60)
    void postQuantumOnlyKeyExchangeKeepsHardenConnected() throws Exception {
        DesiredRepo pq = new DesiredRepo(work.resolve("pq"))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry("target")
                        + "    vars:\n      ssh:\n        kex: post-quantum-only\n        max_sessions: 1\n")
                .write("inventory/known_hosts", host.knownHostsLine() + "\n");
        pq.commit("post-quantum key exchange only");
        CliRun apply = CliRun.of("apply", "--repo", pq.dir().toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("a new SSH session logged in and ran sudo"), apply.out());
        String kex = host.exec("sh", "-c", "sshd -T | grep '^kexalgorithms'").strip();
        assertTrue(kex.contains("sntrup761x25519-sha512@openssh.com") && !kex.contains("curve25519-sha256"), kex);
        CliRun again = CliRun.of("plan", "--repo", pq.dir().toString(), "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "harden connects over post-quantum key exchange: " + again.all());
        assertEquals(0, CliRun.of("apply", "--repo", repo.dir().toString(), "--auto-approve").exitCode(),
                "back to the default key exchange");
    }

    /** How many times systemd reloaded sshd so far. */
    private String reloadCount() throws Exception {
        return host.exec("sh", "-c", "journalctl -u ssh --no-pager -o cat | grep -c '^Reload' || true").trim();
    }
}
