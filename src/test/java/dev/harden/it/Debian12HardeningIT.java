package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The foundation scenario on Debian 12 (OpenSSH 9.2), plus, before hardening, the refusals
 * that must leave the host untouched: a wrong pinned host key, an unknown key without the
 * trust flag, and invalid desired state (no host is even contacted).
 */
class Debian12HardeningIT extends SshHardeningScenario {

    @Override
    String tag() {
        return "debian12";
    }

    @Test
    @Order(1)
    void wrongPinnedHostKeyIsRefusedAndNothingChanges() throws Exception {
        String before = host.sha256("/etc/ssh/sshd_config");
        String otherKey = host.exec("sh", "-c", "ssh-keygen -q -t ed25519 -N '' -f /tmp/other && cat /tmp/other.pub");
        String[] parts = otherKey.trim().split(" ");
        DesiredRepo wrong = new DesiredRepo(work.resolve("wrong-key"))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry("target"))
                .write("inventory/known_hosts", "[127.0.0.1]:" + host.port() + " " + parts[0] + " " + parts[1] + "\n");
        wrong.commit("pin a wrong key");
        CliRun apply = CliRun.of("apply", "--repo", wrong.dir().toString(), "--auto-approve", "--trust-new-host-keys");
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("has CHANGED"), apply.out());
        assertEquals(before, host.sha256("/etc/ssh/sshd_config"), "sshd_config untouched");
        assertEquals(1, host.execResult("test", "-e", "/etc/sudoers.d/harden").getExitCode(), "no sudoers drop-in");
    }

    @Test
    @Order(2)
    void unknownHostKeyIsRefusedUnlessTrustedAndThenRecorded() throws Exception {
        DesiredRepo unpinned = new DesiredRepo(work.resolve("unpinned"))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry("target"));
        unpinned.commit("no pinned key");
        CliRun refused = CliRun.of("plan", "--repo", unpinned.dir().toString());
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.out().contains("unknown SSH host key"), refused.out());

        CliRun trusted = CliRun.of("plan", "--repo", unpinned.dir().toString(), "--trust-new-host-keys",
                "--detailed-exitcode");
        assertEquals(2, trusted.exitCode(), trusted.all());
        String recorded = Files.readString(unpinned.dir().resolve("inventory/known_hosts"));
        assertTrue(recorded.contains(host.knownHostsLine().split(" ")[2]), "the trusted key is recorded: " + recorded);
    }

    @Test
    @Order(3)
    void invalidDesiredStateFailsWithOneLineAndContactsNoHost() throws Exception {
        String loginsBefore = acceptedLogins();
        String inventory = "hosts:\n" + host.inventoryEntry("target");
        String[][] cases = {
            {"policies/baseline.yaml", "ssh:\n  pasword_authentication: false\n", "policies/baseline.yaml:2",
                "did you mean 'ssh.password_authentication'"},
            {"policies/baseline.yaml", "ssh:\n  max_auth_tries: three\n", "policies/baseline.yaml:2",
                "must be an integer from 1 to 10"},
            {"inventory/hosts.yaml", inventory + "  broken: [\n", "inventory/hosts.yaml", "invalid YAML"},
        };
        for (String[] c : cases) {
            DesiredRepo bad = new DesiredRepo(Files.createTempDirectory(work, "bad-"))
                    .write("inventory/hosts.yaml", inventory)
                    .write("inventory/known_hosts", host.knownHostsLine() + "\n")
                    .write(c[0], c[0].startsWith("inventory/") ? c[1] : c[1]);
            bad.commit("bad input");
            CliRun apply = CliRun.of("apply", "--repo", bad.dir().toString(), "--auto-approve");
            assertEquals(1, apply.exitCode(), apply.all());
            assertEquals("", apply.out(), "nothing planned, nothing printed on stdout");
            String error = apply.err().strip();
            assertFalse(error.contains("\n"), "one line: " + error);
            assertTrue(error.contains(c[2]) && error.contains(c[3]), error);
            assertFalse(error.contains("Exception"), "no stack trace: " + error);
        }
        assertEquals(loginsBefore, acceptedLogins(), "no host was contacted");
    }

    private String acceptedLogins() throws Exception {
        return host.exec("sh", "-c", "journalctl -u ssh --no-pager -o cat | grep -c 'Accepted publickey' || true").trim();
    }
}
