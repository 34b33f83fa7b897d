package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.engine.Engine;
import dev.harden.engine.RunOptions;
import dev.harden.engine.Rollout;
import dev.harden.metrics.WatchMetrics;
import dev.harden.module.Modules;
import dev.harden.source.TrustPolicy;
import dev.harden.watch.EventLog;
import dev.harden.watch.WatchConfig;
import dev.harden.watch.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Hardening the team can operate, on a real Debian 12 host with ufw and systemd: a rollback from
 * the host's own console with no controller running (harden-local through docker exec), a
 * runbook that says exactly what ufw and sshd enforce, a time-boxed exception that a second
 * container sees open and then closed by the host itself after the controller was killed, and
 * an exception that outlives new commits applied by apply and by the watcher until it is ended.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExceptionIT {

    /** apparmor and automatic updates have tests of their own (updates would install packages). */
    private static final String VARS = "    vars:\n      apparmor:\n        enabled: false\n"
            + "      upgrades:\n        enabled: false\n";
    private static final String USERS = "      ssh:\n        allow_users: [ops, alice]\n";
    /** The managed files a rollback must put back; each generation's manifest is checked against this list. */
    private static final List<String> FILES = List.of("/etc/ssh/sshd_config", "/etc/sudoers.d/harden",
            "/etc/default/ufw", "/etc/ufw/ufw.conf", "/etc/ufw/user.rules", "/etc/ufw/user6.rules",
            "/etc/harden/README", "/etc/motd.d/harden", "/usr/local/sbin/harden-local");

    private Network network;
    private TestHost target;
    private Outside outside;
    private Path work;
    private DesiredRepo desired;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-except-");
        network = Network.newNetwork();
        target = TestHost.start("debian12", network, "target", work);
        outside = Outside.start(network, work);
        Outside.listen(target, 8080);
        desired = new DesiredRepo(work.resolve("desired"))
                .write("inventory/known_hosts", target.knownHostsLine() + "\n");
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

    /** Done-when 3: with no controller running, the console undoes the last change to the last byte. */
    @Test
    @Order(1)
    void hardenLocalOnTheConsoleRollsBackTheLastChangeWithNoController() throws Exception {
        target.exec("systemctl", "disable", "--now", "ufw"); // the firewall's unit is off until harden turns it on
        commit("without firewall", VARS + "      firewall:\n        enabled: false\n");
        CliRun first = CliRun.of("apply", "--repo", repo(), "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        String previous = managedState();

        commit("with firewall and fewer tries", VARS + "      ssh:\n        max_auth_tries: 2\n");
        CliRun second = CliRun.of("apply", "--repo", repo(), "--auto-approve");
        assertEquals(0, second.exitCode(), second.all());
        String applied = managedState();
        assertTrue(applied.contains("Status: active") && !previous.contains("Status: active"), applied);
        String manifest = target.exec("sh", "-c", "cat /var/lib/harden/generations/$(ls -1 /var/lib/harden/generations"
                + " | sort | tail -n 1)/manifest.jsonl");
        Matcher files = Pattern.compile("\"kind\":\"file\",\"key\":\"([^\"]+)\"").matcher(manifest);
        Set<String> touched = new TreeSet<>();
        while (files.find()) {
            touched.add(files.group(1));
        }
        assertTrue(touched.contains("/etc/ufw/user.rules") && touched.contains("/etc/ssh/sshd_config"), manifest);
        assertTrue(FILES.containsAll(touched), "every file the change touched is compared: " + touched);
        assertTrue(manifest.contains("\"kind\":\"unit\""), "the change touched a unit: " + manifest);

        // the controller is not running: nothing but the host's own records and code
        var rollback = target.execResult("/usr/local/sbin/harden-local", "rollback", "--to", "previous", "--yes",
                "--reason", "INC-1: console test");
        System.out.println(rollback.getStdout() + rollback.getStderr());
        assertEquals(0, rollback.getExitCode(), rollback.getStdout() + rollback.getStderr());
        assertTrue(rollback.getStdout().contains("rolled back: "), rollback.getStdout());
        assertEquals(previous, managedState(), "every managed file (sha256, mode, owner) and unit as before");
        System.out.println("console rollback: generation touched " + touched + "; compared " + FILES.size()
                + " files, ufw.service and ufw status:\n" + previous);
        String history = target.exec("/usr/local/sbin/harden-local", "history");
        assertTrue(history.contains("reverted_by") || history.contains("reverted by"), history);
        String status = target.exec("/usr/local/sbin/harden-local", "status");
        assertTrue(status.contains("hold:        held by harden-local on "), status);

        CliRun release = CliRun.of("release", "--repo", repo(), "-l", "target");
        assertEquals(0, release.exitCode(), release.all());
    }

    /** Done-when 4: the runbook lists exactly what ufw lets in and whom sshd lets log in. */
    @Test
    @Order(2)
    void theRunbookSaysExactlyWhatUfwAndSshdEnforce() throws Exception {
        commit("baseline with two users", VARS + USERS);
        CliRun apply = CliRun.of("apply", "--repo", repo(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertFalse(outside.answers("target", 8080), "the firewall blocks 8080 from outside");
        String readme = target.exec("cat", "/etc/harden/README");
        assertEquals(Set.of("22/tcp"), ufwPorts(), target.exec("ufw", "status"));
        assertEquals(ufwPorts(), runbookPorts(readme), readme);
        assertEquals(sshdUsers(), runbookUsers(readme), readme);
        assertEquals(Set.of("ops", "alice"), sshdUsers());
        System.out.println("runbook vs host: ufw status open " + ufwPorts() + ", runbook " + runbookPorts(readme)
                + "; sshd -T allowusers " + sshdUsers() + ", runbook " + runbookUsers(readme));
        assertTrue(readme.contains("root may not log in") && target.exec("sshd", "-T").contains("permitrootlogin no"),
                readme);
        assertTrue(readme.contains("keys only") && target.exec("sshd", "-T").contains("passwordauthentication no"),
                readme);
        CliRun explain = CliRun.of("explain", "--repo", repo(), "target");
        assertEquals(0, explain.exitCode(), explain.all());
        assertTrue(explain.out().contains(readme.strip()), "explain prints the host's README: " + explain.out());
        assertTrue(target.exec("cat", "/etc/motd.d/harden").contains("/etc/harden/README"));
    }

    /**
     * Done-when 1: an exception opens 8080 for 60 s; the controller is killed once it is in place;
     * the host closes 8080 by itself on time, and history shows the expiry.
     */
    @Test
    @Order(3)
    void anExceptionOpensAPortAndTheHostClosesItByItselfAfterTheControllerDied() throws Exception {
        assertFalse(outside.answers("target", 8080), "8080 is closed before");
        Instant asked = Instant.now();
        Process controller = ChildController.start(work.resolve("except.log"), "except", "--repo", repo(), "-l",
                "target", "--set", "firewall.allow+={port: 8080}", "--for", "60s", "--reason",
                "INC-4711: debug the API", "--id", "inc-60", "--auto-approve");
        String inPlace = "[ -f /var/lib/harden/exceptions/inc-60 ] && [ ! -e /var/lib/harden/lock ] && grep -q"
                + " '^status=complete' /var/lib/harden/generations/$(ls -1 /var/lib/harden/generations | sort"
                + " | tail -n 1)/meta";
        for (int i = 0; i < 240 && target.execResult("sh", "-c", inPlace).getExitCode() != 0; i++) {
            Thread.sleep(250);
        }
        boolean alive = controller.isAlive();
        controller.destroyForcibly(); // SIGKILL, the moment the exception is in place
        controller.waitFor();
        String said = Files.readString(work.resolve("except.log"));
        assertEquals(0, target.execResult("sh", "-c", inPlace).getExitCode(), "the exception is in place: " + said);
        System.out.println("controller " + (alive ? "killed while still running" : "had already ended") + ":\n" + said);
        Instant killed = Instant.now();
        assertEquals("hello-8080", outside.read("target", 8080), "8080 answers from outside");

        CliRun status = CliRun.of("status", "--repo", repo());
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().matches("(?s).*inc-60 until \\S+ \\([^)]* left; [^:]+: INC-4711: debug the API\\).*"),
                status.out());
        CliRun check = CliRun.of("check", "--repo", repo());
        assertTrue(check.out().contains("inc-60 until"), check.all());
        assertTrue(check.out().contains("firewall.allow+={port: 8080}"), check.all());
        String readme = target.exec("cat", "/etc/harden/README");
        assertEquals(Set.of("22/tcp", "8080/tcp"), ufwPorts(), target.exec("ufw", "status"));
        assertEquals(ufwPorts(), runbookPorts(readme), "the runbook lists the exception's port too: " + readme);
        assertTrue(readme.contains("inc-60"), readme);
        String until = target.exec("sh", "-c", "sed -n 's/^# until=//p' /var/lib/harden/exceptions/inc-60").strip();

        long closedAfter = -1;
        for (int i = 0; i < 120; i++) {
            if (!outside.answers("target", 8080)) {
                closedAfter = Duration.between(asked, Instant.now()).toSeconds();
                break;
            }
            Thread.sleep(1000);
        }
        System.out.println("exception until " + until + "; controller killed "
                + Duration.between(asked, killed).toSeconds() + " s after it was started; 8080 closed after "
                + closedAfter + " s");
        assertTrue(closedAfter >= 55, "8080 stays open until the exception ends: " + closedAfter);
        assertTrue(closedAfter > 0 && Instant.now().isBefore(Instant.parse(until).plusSeconds(30)),
                "8080 closes at the exception's end, " + until + ": " + closedAfter);
        assertFalse(target.execResult("test", "-e", "/var/lib/harden/exceptions/inc-60").getExitCode() == 0);

        CliRun history = CliRun.of("history", "--repo", repo(), "-l", "target");
        assertEquals(0, history.exitCode(), history.all());
        assertTrue(history.out().contains("expiry"), history.out());
        assertTrue(history.out().contains("inc-60"), history.out());
        String local = target.exec("/usr/local/sbin/harden-local", "history", "2");
        assertTrue(local.lines().findFirst().orElse("").contains("expiry"), local);
        assertTrue(target.exec("cat", "/etc/harden/README").contains("\nExceptions in force\n  - none"));
        assertEquals(0, CliRun.of("plan", "--repo", repo(), "--detailed-exitcode").exitCode(),
                "the host is back at the desired state");
    }

    /**
     * Done-when 2: a new commit applied by apply, then by the watcher, keeps an active exception
     * and says so; --extend moves its end, --end ends it; weakening needs its flag.
     */
    @Test
    @Order(4)
    void newCommitsKeepAnActiveExceptionUntilItIsEnded() throws Exception {
        CliRun open = CliRun.of("except", "--repo", repo(), "-l", "target", "--set", "firewall.allow+={port: 8080}",
                "--for", "10m", "--reason", "INC-4712: load test", "--id", "inc-10m", "--auto-approve");
        assertEquals(0, open.exitCode(), open.all());
        assertEquals("hello-8080", outside.read("target", 8080));

        commit("three tries", VARS + USERS + "        max_auth_tries: 3\n        login_grace_time: 25\n");
        CliRun apply = CliRun.of("apply", "--repo", repo(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("inc-10m until"), "apply names the exception it keeps: " + apply.out());
        assertTrue(target.exec("cat", "/etc/ssh/sshd_config").contains("LoginGraceTime 25"), "the commit is applied");
        assertEquals("hello-8080", outside.read("target", 8080), "and the exception kept");

        commit("watcher commit", VARS + USERS + "        max_auth_tries: 3\n        login_grace_time: 20\n");
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Engine engine = new Engine(Modules.builtIn(), work.resolve("watch-cache"));
        RunOptions options = new RunOptions(List.of(), 4, false, Duration.ofSeconds(60));
        Watcher watcher = new Watcher(engine, new WatchConfig(desired.dir().toString(), "main", Duration.ofSeconds(60),
                Duration.ZERO, Optional.empty(), TrustPolicy.unchecked(), Optional.empty(), Rollout.ALL_AT_ONCE,
                options, Duration.ofSeconds(60), 20, "watcher@ci"), new EventLog(new PrintStream(events, true,
                StandardCharsets.UTF_8), false), new WatchMetrics());
        watcher.cycle();
        String log = events.toString(StandardCharsets.UTF_8);
        System.out.println(log);
        assertTrue(target.exec("cat", "/etc/ssh/sshd_config").contains("LoginGraceTime 20"), "the watcher applied: "
                + log);
        assertTrue(log.contains("exception-in-force host=target exception=inc-10m"), log);
        assertEquals("hello-8080", outside.read("target", 8080), "the watcher kept the exception");

        CliRun extend = CliRun.of("except", "--repo", repo(), "-l", "target", "--extend", "inc-10m", "--for", "30m",
                "--auto-approve");
        assertEquals(0, extend.exitCode(), extend.all());
        CliRun status = CliRun.of("status", "--repo", repo());
        assertTrue(status.out().matches("(?s).*inc-10m until \\S+ \\((29|30)m[^)]* left; [^:]+: INC-4712: load"
                + " test\\).*"),
                "--extend moved the end 30 minutes out: " + status.out());

        CliRun weak = CliRun.of("except", "--repo", repo(), "-l", "target", "--set",
                "ssh.password_authentication=true", "--for", "5m", "--reason", "vendor login", "--auto-approve");
        assertEquals(1, weak.exitCode(), weak.all());
        assertTrue(weak.all().contains("pass --weaken-access to open it anyway"), weak.all());

        CliRun end = CliRun.of("except", "--repo", repo(), "-l", "target", "--end", "inc-10m");
        assertEquals(0, end.exitCode(), end.all());
        assertFalse(outside.answers("target", 8080), "ended: 8080 is closed");
        assertTrue(target.exec("cat", "/etc/ssh/sshd_config").contains("LoginGraceTime 20"), "the commit stays");
        assertTrue(CliRun.of("history", "--repo", repo(), "-l", "target").out().contains("inc-10m"));
    }

    private void commit(String message, String vars) throws Exception {
        desired.write("inventory/hosts.yaml", "hosts:\n" + target.inventoryEntry("target") + vars);
        desired.commit(message);
    }

    private String repo() {
        return desired.dir().toString() + java.io.File.separator;
    }

    /** sha256, mode and owner of every managed file, and ufw's unit and its rules. */
    private String managedState() throws Exception {
        StringBuilder state = new StringBuilder();
        for (String file : FILES) {
            state.append(target.exec("sh", "-c", "if [ -e " + file + " ]; then sha256sum " + file
                    + "; stat -c '%a %U %G' " + file + "; else echo '" + file + " absent'; fi"));
        }
        state.append("ufw.service enabled=").append(target.execResult("systemctl", "is-enabled", "ufw").getStdout()
                .strip()).append(" active=").append(target.execResult("systemctl", "is-active", "ufw").getStdout()
                .strip()).append('\n');
        state.append(target.exec("ufw", "status"));
        return state.toString();
    }

    /** The ports `ufw status` shows open ("22/tcp"), v4 and v6 alike. */
    private Set<String> ufwPorts() throws Exception {
        Set<String> ports = new TreeSet<>();
        for (String line : target.exec("ufw", "status").lines().toList()) {
            Matcher m = Pattern.compile("^(\\d+/(tcp|udp))( \\(v6\\))?\\s+(ALLOW|LIMIT)").matcher(line);
            if (m.find()) {
                ports.add(m.group(1));
            }
        }
        return ports;
    }

    /** The ports the runbook's firewall section says are open. */
    private static Set<String> runbookPorts(String readme) {
        Set<String> ports = new TreeSet<>();
        String section = readme.substring(readme.indexOf("Open ports (firewall)"));
        section = section.substring(0, section.indexOf("\n\n"));
        for (String line : section.lines().filter(l -> l.startsWith("  - open: ")).toList()) {
            Matcher m = Pattern.compile("(\\d+/(tcp|udp))").matcher(line);
            assertTrue(m.find(), line);
            ports.add(m.group(1));
        }
        return ports;
    }

    /** The users `sshd -T` allows (AllowUsers). */
    private Set<String> sshdUsers() throws Exception {
        Set<String> users = new TreeSet<>();
        target.exec("sshd", "-T").lines().filter(l -> l.startsWith("allowusers ")).forEach(l -> users.add(
                l.substring("allowusers ".length()).strip()));
        return users;
    }

    /** The users the runbook says may log in. */
    private static Set<String> runbookUsers(String readme) {
        String line = readme.lines().filter(l -> l.startsWith("  - users allowed (AllowUsers): ")).findFirst()
                .orElseThrow();
        return new TreeSet<>(List.of(line.substring(line.indexOf(": ") + 2).split(", ")));
    }
}
