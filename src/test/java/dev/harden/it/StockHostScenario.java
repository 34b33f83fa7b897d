package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.transport.ssh.LoginProbe;
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
import org.testcontainers.containers.Network;

/**
 * What the shipped baseline does to a stock Debian host (minbase, openssh-server, sudo, systemd:
 * no firewall, no unattended-upgrades), checked on the host and from a second container on the
 * same network. The plan installs what is missing; after apply only SSH answers from outside and
 * automatic updates run in the window; a second run changes nothing; rollback returns the host to
 * exactly what it was (packages, files with sha256, mode and owner, unit states).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StockHostScenario {

    /** Every path the baseline manages on such a host, plus the packages' own configuration. */
    static final List<String> FILES = List.of("/etc/ssh/sshd_config", "/etc/sudoers.d/harden", "/etc/default/ufw",
            "/etc/ufw/ufw.conf", "/etc/ufw/user.rules", "/etc/ufw/user6.rules", "/etc/ufw/before.rules",
            "/etc/apt/apt.conf.d/20auto-upgrades", "/etc/apt/apt.conf.d/50unattended-upgrades",
            "/etc/apt/apt.conf.d/52harden-unattended-upgrades",
            "/etc/systemd/system/apt-daily.timer.d/harden-window.conf",
            "/etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf");
    static final List<String> UNITS = List.of("ufw.service", "apt-daily.timer", "apt-daily-upgrade.timer",
            "unattended-upgrades.service");

    private Network network;
    TestHost target;
    private Outside outside;
    private Path work;
    private DesiredRepo desired;
    private String stock;
    private String applied;

    /** The image tag of the stock host. */
    abstract String image();

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-stock-");
        network = Network.newNetwork();
        target = TestHost.start(image(), network, "target", work);
        outside = Outside.start(network, work);
        Outside.listen(target, 8080);
        desired = new DesiredRepo(work.resolve("baseline"))
                .write("inventory/hosts.yaml", "hosts:\n" + target.inventoryEntry("target"))
                .write("inventory/known_hosts", target.knownHostsLine() + "\n");
        desired.commit("the shipped baseline, nothing else");
        stock = state();
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
    void planShowsThePackagesToInstallTheFilesAndTheUnits() throws Exception {
        String packages = target.exec("sh", "-c", "dpkg-query -W -f '${db:Status-Abbrev} ${Package}\\n' ufw"
                + " unattended-upgrades 2>/dev/null | grep '^ii' || true");
        assertEquals("", packages.strip(), "a stock host: neither ufw nor unattended-upgrades");
        assertEquals("hello-8080", fromOutside(8080), "before: 8080 answers from outside");
        CliRun plan = CliRun.of("plan", "--repo", dir(desired), "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        for (String line : List.of("install package ufw", "create /etc/ufw/user.rules", "unit ufw.service",
                "~ ufw: inactive -> active", "+ allow 22/tcp from anywhere  # ssh", "install package unattended-upgrades",
                "create /etc/apt/apt.conf.d/52harden-unattended-upgrades",
                "create directory /etc/systemd/system/apt-daily-upgrade.timer.d",
                "create /etc/systemd/system/apt-daily-upgrade.timer.d/harden-window.conf")) {
            assertTrue(plan.out().contains(line), line + " in " + plan.out());
        }
    }

    @Test
    @Order(2)
    void applyInstallsActivatesAndLeavesOnlySshOpen() throws Exception {
        CliRun apply = CliRun.of("apply", "--repo", dir(desired), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("planned again with the prepared changes in place: "), apply.out());
        assertTrue(apply.out().contains("a new SSH session logged in and ran sudo"), apply.out());
        assertTrue(fromOutside(22).startsWith("SSH-2.0-OpenSSH"), "22 answers from outside");
        assertNotEquals(0, outside.answers("target", 8080) ? 0 : 1,
                "8080 no longer answers from outside");
        assertTrue(target.exec("ufw", "status", "verbose").contains("Status: active"));
        assertEquals("enabled", target.exec("systemctl", "is-enabled", "ufw.service").strip());

        String apt = target.exec("apt-config", "dump");
        assertTrue(apt.contains("APT::Periodic::Unattended-Upgrade \"1\";"), apt);
        assertTrue(apt.contains("Unattended-Upgrade::Origins-Pattern:: \"origin=Debian,codename=${distro_codename}"
                + "-security,label=Debian-Security\";"), "only security origins: " + apt);
        assertTrue(apt.contains("Unattended-Upgrade::Automatic-Reboot \"true\";"), apt);
        assertTrue(apt.contains("Unattended-Upgrade::Automatic-Reboot-Time \"03:"), "the host's reboot minute: " + apt);
        var dryRun = target.execResult("unattended-upgrade", "--dry-run");
        assertEquals(0, dryRun.getExitCode(), dryRun.getStdout() + dryRun.getStderr());
        String timers = target.exec("systemctl", "list-timers", "--all", "--no-pager");
        System.out.println(timers);
        String calendar = target.exec("systemctl", "show", "-p", "TimersCalendar", "apt-daily-upgrade.timer");
        assertTrue(calendar.contains("OnCalendar=Mon..Fri *-*-* 02:00:00"), "the window: " + calendar);
        assertTrue(timers.contains("apt-daily-upgrade.timer"), timers);
        applied = state();
    }

    @Test
    @Order(3)
    void secondPlanIsEmptyAndSecondApplyChangesAndReloadsNothing() throws Exception {
        String generations = target.exec("ls", "/var/lib/harden/generations");
        CliRun plan = CliRun.of("plan", "--repo", dir(desired), "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), plan.all());
        CliRun apply = CliRun.of("apply", "--repo", dir(desired), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
        assertEquals(generations, target.exec("ls", "/var/lib/harden/generations"), "no new generation");
        assertEquals(applied, state(), "nothing touched");
    }

    @Test
    @Order(4)
    void rollbackReturnsTheHostToExactlyWhatItWas() throws Exception {
        CliRun rollback = CliRun.of("rollback", "--repo", dir(desired), "--limit", "target", "--auto-approve");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertEquals(stock, state(), "packages, files (sha256, mode, owner) and unit states as before the apply");
        assertTrue(target.exec("sh", "-c", "dpkg-query -W -f '${db:Status-Abbrev} ${Package}\\n' | grep '^ii' |"
                + " grep -E ' (ufw|unattended-upgrades)$' || true").isBlank(), "ufw and unattended-upgrades are gone");
        assertEquals("hello-8080", fromOutside(8080), "nothing filters 8080 again");
        assertEquals(0, LoginProbe.runWithKey(target.port(), "ops", target.identity(), "sudo -n true"));
        CliRun history = CliRun.of("history", "--repo", dir(desired), "--limit", "target");
        assertTrue(history.out().contains("rollback complete"), history.out());
    }

    private String fromOutside(int port) throws Exception {
        return outside.read("target", port);
    }

    private static String dir(DesiredRepo repo) {
        return repo.dir().toString() + File.separator;
    }

    /** The installed packages, every managed file (sha256, mode, owner) and the units' enablement and activity. */
    String state() throws Exception {
        StringBuilder script = new StringBuilder("dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Version}\\n'"
                + " | grep '^ii' | sort;");
        for (String file : FILES) {
            script.append(" if [ -e ").append(file).append(" ]; then sha256sum ").append(file).append("; stat -c '%a %U %G' ")
                    .append(file).append("; else echo '").append(file).append(" absent'; fi;");
        }
        for (String unit : UNITS) {
            script.append(" echo ").append(unit).append(" $(systemctl is-enabled ").append(unit)
                    .append(" 2>/dev/null || true) $(systemctl is-active ").append(unit).append(" 2>/dev/null || true);");
        }
        return target.exec("sh", "-c", script.toString());
    }
}
