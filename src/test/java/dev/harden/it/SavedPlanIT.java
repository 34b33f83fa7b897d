package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.json.PlanFileJson;
import dev.harden.plan.PlanFile;
import dev.harden.plan.PlanFile.SavedChange;
import dev.harden.plan.PlanFile.SavedHost;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Network;

/**
 * A saved plan on two real Debian 12 hosts: harden plan --out, then one host is changed out of
 * band (its sshd_config edited by hand), then harden apply FILE. The changed host is refused as
 * stale, naming the file that changed; the other is applied exactly: every file the plan changes
 * is on it with the sha256, mode and owner the plan file recorded.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedPlanIT {

    private Network network;
    private TestHost web1;
    private TestHost web2;
    private Path work;
    private DesiredRepo repo;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-saved-plan-");
        network = Network.newNetwork();
        web1 = TestHost.start("debian12", network, "web1", work);
        web2 = TestHost.start("debian12", network, "web2", work);
        repo = new DesiredRepo(work.resolve("repo"))
                .write("inventory/hosts.yaml", "hosts:\n" + web1.inventoryEntry("web1") + web2.inventoryEntry("web2"))
                .write("inventory/known_hosts", web1.knownHostsLine() + "\n" + web2.knownHostsLine() + "\n");
        repo.commit("two hosts, the built-in baseline");
    }

    @AfterAll
    void stop() {
        for (TestHost host : new TestHost[] {web1, web2}) {
            if (host != null) {
                host.close();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void theSavedPlanIsAppliedExactlyAndAHostChangedSinceIsRefusedAsStale() throws Exception {
        Path planFile = work.resolve("plan.json");
        CliRun plan = CliRun.of("plan", "--repo", repo.dir() + File.separator, "--out", planFile.toString(),
                "--expires", "2h");
        assertEquals(0, plan.exitCode(), plan.all());
        PlanFile saved = PlanFileJson.read("plan.json", Files.readString(planFile));
        SavedHost planned = saved.host("web2").orElseThrow();
        List<SavedChange> files = planned.changes().stream().filter(c -> c.kind().equals("file")).toList();
        assertTrue(files.stream().anyMatch(c -> c.key().equals("/etc/ssh/sshd_config")),
                "the plan changes sshd_config");
        assertFalse(Files.readString(planFile).contains("PermitRootLogin"), "the plan file holds no file content");
        assertTrue(planned.factsUsed().get("operator_address").matches("[0-9a-f.:]+"), planned.factsUsed().toString());
        assertEquals("9.2", planned.factsUsed().get("openssh"));

        web1.exec("sh", "-c", "echo '# changed by hand after the plan' >> /etc/ssh/sshd_config");
        String web1Before = web1.sha256("/etc/ssh/sshd_config");

        CliRun apply = CliRun.of("apply", planFile.toString());
        assertEquals(1, apply.exitCode(), "a stale host is an error of its own: " + apply.all());
        assertTrue(apply.out().contains("web1: stale: /etc/ssh/sshd_config changed since the plan (was "),
                apply.out());
        assertTrue(apply.out().contains("web2 applied (generation "), apply.out());
        assertEquals(web1Before, web1.sha256("/etc/ssh/sshd_config"), "the stale host is left alone");
        assertTrue(CliRun.of("history", "--repo", repo.dir().toString(), "--limit", "web1").out()
                .contains("web1  0 generation(s)"), "nothing was applied to web1");
        for (SavedChange file : files) {
            assertEquals(file.desiredDigest(), fingerprint(web2, file.key()), file.key() + " is as the plan recorded");
        }

        CliRun again = CliRun.of("apply", planFile.toString(), "--limit", "web2");
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.out().contains("web2: stale: /etc/ssh/sshd_config no longer needs the planned change"),
                "a saved plan is applied once: " + again.out());
    }

    /** A file's fingerprint as a plan records it: "SHA256 MODE OWNER:GROUP" ("absent" when missing). */
    private static String fingerprint(TestHost host, String path) throws Exception {
        return host.exec("sh", "-c", "if [ -f " + path + " ]; then printf '%s %s\\n' \"$(sha256sum < " + path
                + " | cut -d' ' -f1)\" \"$(stat -c '%a %U:%G' " + path + ")\"; else echo absent; fi").strip();
    }
}
