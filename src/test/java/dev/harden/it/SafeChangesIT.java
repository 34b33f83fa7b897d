package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Safe changes on a real Debian 12 host: rollback restores files byte for byte; a policy that
 * locks the operator out reverts (also when the controller is SIGKILLed right after
 * activation: the on-host timer does it); a held lock refuses a second run, naming the holder;
 * an invalid rendered config is never activated. Each test leaves the host as stock.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafeChangesIT {

    private static final String FILES = "/etc/ssh/sshd_config /etc/sudoers.d/harden";

    private Network network;
    private TestHost host;
    private Path work;
    private DesiredRepo baseline;
    private String stock;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-safe-");
        network = Network.newNetwork();
        host = TestHost.start("debian12", network, "target", work);
        baseline = repo("baseline", "");
        stock = state();
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void rollbackToPreviousRestoresEveryFileExactly() throws Exception {
        assertEquals(0, CliRun.of("apply", "--repo", dir(baseline), "--auto-approve").exitCode());
        assertTrue(!state().equals(stock), "the apply changed the host");
        CliRun rollback = CliRun.of("rollback", "--repo", dir(baseline), "--limit", "target", "--to", "previous",
                "--auto-approve");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertTrue(rollback.out().contains("reloaded ssh"), rollback.out());
        assertEquals(stock, state(), "sha256, mode and owner of every managed file are as before the apply");
        CliRun history = CliRun.of("history", "--repo", dir(baseline), "--limit", "target");
        assertTrue(history.out().contains("rollback complete"), history.out());
        assertTrue(history.out().contains("apply    complete"), history.out());
        CliRun plan = CliRun.of("plan", "--repo", dir(baseline), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), "after a rollback, plan shows the difference to Git again");
        assertTrue(plan.out().contains("on hold: held by "), "the rollback put the host on hold: " + plan.out());
        CliRun held = CliRun.of("apply", "--repo", dir(baseline), "--auto-approve");
        assertTrue(held.out().contains("target on hold, left alone"), held.out());
        assertEquals(stock, state(), "apply leaves a held host as the rollback left it");
        assertEquals(0, CliRun.of("release", "--repo", dir(baseline), "--limit", "target").exitCode());
    }

    @Test
    @Order(2)
    void policyThatLocksTheOperatorOutRevertsAndTheOperatorGetsBackIn() throws Exception {
        DesiredRepo lockout = repo("lockout", "    vars:\n      ssh:\n        allow_users: [someone-else]\n");
        CliRun apply = CliRun.of("apply", "--repo", dir(lockout), "--auto-approve", "--confirm-timeout", "30");
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("reverted: the new configuration cut off access"), apply.out());
        assertEquals(stock, state(), "files identical to before");
        assertEquals(0, LoginProbe.runWithKey(host.port(), "ops", host.identity(), "sudo -n true"), "ops gets back in");
    }

    @Test
    @Order(3)
    void controllerKilledAfterActivationStillReverts() throws Exception {
        DesiredRepo lockout = repo("lockout-kill", "    vars:\n      ssh:\n        allow_users: [someone-else]\n");
        String before = host.sha256("/etc/ssh/sshd_config").split(" ")[0];
        ChildController.killAfterActivation(host, "/etc/ssh/sshd_config", before, work.resolve("controller.log"),
                "apply", "--repo", dir(lockout), "--auto-approve", "--confirm-timeout", "10");
        String reverted = ChildController.newestGenerationOnceReverted(host);
        System.out.println(Files.readString(work.resolve("controller.log")) + "\n" + reverted);
        assertTrue(reverted.contains("reverted_by=on-host timer"), "the on-host timer reverted it: " + reverted);
        assertEquals(stock, state(), "files identical to before");
        assertEquals(0, LoginProbe.runWithKey(host.port(), "ops", host.identity(), "true"), "ops gets back in");
        assertTrue(host.exec("cat", "/var/lib/harden/lock/info").contains("holder="),
                "the killed run's lock is still there, naming its holder, until it is broken explicitly");
    }

    @Test
    @Order(4)
    void secondRunIsRefusedWhileTheHostIsLockedNamingTheHolder() throws Exception {
        host.exec("sh", "-c", "mkdir -p /var/lib/harden/lock && printf 'token=x\\nholder=alice@laptop\\ncommit=abc\\n"
                + "since=2026-11-21T10:00:00Z\\nsince_epoch=%s\\n' $(date -u +%s) > /var/lib/harden/lock/info");
        CliRun second = CliRun.of("apply", "--repo", dir(baseline), "--auto-approve");
        assertEquals(1, second.exitCode(), second.all());
        assertTrue(second.out().contains("locked by alice@laptop since 2026-11-21T10:00:00Z"), second.out());
        assertEquals(stock, state(), "nothing changed while locked");
        CliRun broken = CliRun.of("apply", "--repo", dir(baseline), "--auto-approve", "--break-lock");
        assertEquals(0, broken.exitCode(), broken.all());
        assertEquals(0, CliRun.of("rollback", "--repo", dir(baseline), "--limit", "target", "--auto-approve",
                "--no-hold").exitCode());
        assertEquals(stock, state());
    }

    @Test
    @Order(5)
    void invalidRenderedConfigIsNeverActivated() throws Exception {
        DesiredRepo broken = repo("broken-template", "");
        broken.write("templates/sshd_config.ftl", "Port 22\nNoSuchOption yes\n").commit("a broken override");
        CliRun apply = CliRun.of("apply", "--repo", dir(broken), "--auto-approve");
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Bad configuration option: NoSuchOption"), "sshd's own message: " + apply.out());
        assertEquals(stock, state(), "nothing activated");
        assertEquals("", host.exec("sh", "-c", "ls -a /etc/ssh/ /etc/sudoers.d/ | grep harden- || true").trim(), "no staged file left");
    }

    private DesiredRepo repo(String name, String hostExtra) throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve(name))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry("target") + hostExtra)
                .write("inventory/known_hosts", host.knownHostsLine() + "\n");
        repo.commit(name);
        return repo;
    }

    private static String dir(DesiredRepo repo) {
        return repo.dir().toString() + File.separator;
    }

    /** sha256, mode and owner of every file harden manages ("absent" when missing). */
    private String state() throws Exception {
        return host.exec("sh", "-c", "for f in " + FILES + "; do if [ -e $f ]; then sha256sum $f; stat -c '%a %U %G' $f;"
                + " else echo \"$f absent\"; fi; done");
    }
}
