package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A host that is not directly reachable: it sits only on an internal Docker network (no route
 * out, no published port); a bastion sits on that network and on one whose SSH port is published
 * on 127.0.0.1. harden plans and applies it through the inventory's {@code via:} and through
 * {@code ProxyJump} in an ssh config, with both host keys pinned. The bastion is a stock sshd
 * (TCP forwarding allowed) and is not hardened here: the baseline turns forwarding off.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BastionIT {

    /**
     * sshd and sudo only: the internal network has no Debian mirror to install a firewall, upgrades
     * or AppArmor from.
     */
    private static final String VARS = "    vars:\n      firewall:\n        enabled: false\n"
            + "      upgrades:\n        enabled: false\n      apparmor:\n        enabled: false\n";

    private Network outside;
    private Network inside;
    private TestHost bastion;
    private TestHost target;
    private Path work;
    private String pins;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-bastion-");
        outside = Network.newNetwork();
        inside = TestHost.internalNetwork();
        bastion = TestHost.start("debian12-plain", outside, "bastion", work);
        bastion.join(inside, "bastion");
        target = TestHost.startInternal("debian12-plain", inside, "target", work);
        pins = bastion.knownHostsLine() + "\n" + target.knownHostsLine("target") + "\n";
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {target, bastion, inside, outside}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the next one still gets closed
            }
        }
    }

    @Test
    @Order(1)
    void theTargetIsUnreachableExceptThroughTheBastion() throws Exception {
        assertFalse(target.publishesPorts(), "nothing of the target is published on this machine");
        assertEquals(List.of(inside.getId()), target.networkIds(), "the target is only on the internal network");
        assertTrue(DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(inside.getId()).exec()
                .getInternal(), "Docker routes nothing in or out of that network");
        assertEquals(0, bastion.execResult("sh", "-c", "echo | nc -w 3 target 22 | grep -q SSH-2.0")
                .getExitCode(), "the bastion reaches the target's sshd");
    }

    @Test
    @Order(2)
    void planAndApplyThroughTheInventorysVia() throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve("via"))
                .write("inventory/hosts.yaml", "hosts:\n" + bastion.inventoryEntry("bastion1")
                        + "  target:\n    address: target\n    user: ops\n    identity: " + target.identity()
                        + "\n    via: bastion1\n" + VARS)
                .write("inventory/known_hosts", pins);
        repo.commit("a host behind a bastion");

        CliRun plan = CliRun.of("plan", "--repo", dir(repo), "--limit", "target", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("ops@target:22 via bastion1"), plan.out());
        assertTrue(plan.out().contains("/etc/ssh/sshd_config"), plan.out());

        CliRun apply = CliRun.of("apply", "--repo", dir(repo), "--limit", "target", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("a new SSH session logged in and ran sudo"), apply.out());
        String effective = target.exec("sshd", "-T");
        assertTrue(effective.contains("passwordauthentication no"), effective);
        assertTrue(effective.contains("permitrootlogin no"), effective);

        CliRun again = CliRun.of("plan", "--repo", dir(repo), "--limit", "target", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), again.all());
    }

    @Test
    @Order(3)
    void planAndApplyThroughProxyJumpInAnSshConfig() throws Exception {
        Path config = work.resolve("ssh_config");
        Files.writeString(config, "Host jump\n  HostName 127.0.0.1\n  Port " + bastion.port() + "\n  User ops\n"
                + "  IdentityFile " + bastion.identity() + "\n"
                + "Host target\n  User ops\n  IdentityFile " + target.identity() + "\n  ProxyJump jump\n");
        DesiredRepo repo = new DesiredRepo(work.resolve("ssh-config"))
                .write("inventory/hosts.yaml", "hosts:\n  target:\n    address: target\n" + VARS
                        + "      ssh:\n        max_auth_tries: 4\n")
                .write("inventory/known_hosts", pins);
        repo.commit("the same host, reached as ~/.ssh/config says");

        CliRun plan = CliRun.of("plan", "--repo", dir(repo), "--ssh-config", config.toString(), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("ops@target:22 via jump"), plan.out());
        assertTrue(plan.out().contains("+MaxAuthTries 4"), plan.out());

        CliRun apply = CliRun.of("apply", "--repo", dir(repo), "--ssh-config", config.toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(target.exec("sshd", "-T").contains("maxauthtries 4"));
    }

    @Test
    @Order(4)
    void aBastionWhoseKeyIsNotPinnedIsRefusedInOneLine() throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve("unpinned"))
                .write("inventory/hosts.yaml", "hosts:\n" + bastion.inventoryEntry("bastion1")
                        + "  target:\n    address: target\n    user: ops\n    identity: " + target.identity()
                        + "\n    via: bastion1\n" + VARS)
                .write("inventory/known_hosts", target.knownHostsLine("target") + "\n");
        repo.commit("the bastion's key is missing");

        CliRun plan = CliRun.of("plan", "--repo", dir(repo), "--limit", "target");
        assertEquals(1, plan.exitCode(), plan.all());
        assertTrue(plan.all().contains("target: through jump host bastion1: unknown SSH host key for 127.0.0.1:"
                + bastion.port()), plan.all());
    }

    private static String dir(DesiredRepo repo) {
        return repo.dir().toString() + File.separator;
    }
}
