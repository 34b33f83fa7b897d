package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.facts.FactProbe;
import dev.harden.facts.Facts;
import dev.harden.facts.FactsProbe;
import dev.harden.facts.ProbeRequest;
import dev.harden.inventory.HostEntry;
import dev.harden.engine.FleetRun;
import dev.harden.engine.Progress;
import dev.harden.engine.RunOptions;
import dev.harden.module.Module;
import dev.harden.module.Modules;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.resource.ResourceId;
import dev.harden.transport.Connector;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import dev.harden.transport.ssh.LoginProbe;
import dev.harden.transport.ssh.SshConnector;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Network;

/**
 * The change protocol where it is hardest, on real Debian 12 hosts: a Git URL source that moves
 * on, a host that answers garbage beside a healthy one, a confirmation that races the revert
 * timer, a connection lost in the middle of a change, and a disk that fills up at each step in
 * turn. After each test both hosts are back as stock.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeProtocolIT {

    private static final String FILES = "/etc/ssh/sshd_config /etc/sudoers.d/harden " + SlowActivatorModule.PATH;
    /**
     * sshd and sudo only: the firewall, apparmor, automatic updates, harden-local and the runbook have
     * tests of their own (with updates on, every run installs unattended-upgrades and the sweeps below
     * measure apt; the operability modules' directories are prepared before the files).
     */
    private static final String VARS = "    vars:\n      firewall:\n        enabled: false\n"
            + "      apparmor:\n        enabled: false\n      upgrades:\n        enabled: false\n"
            + "      console:\n        enabled: false\n      runbook:\n        enabled: false\n        banner: false\n";

    private Network network;
    private TestHost a;
    private TestHost b;
    private Path work;
    private String stockA;
    private String stockB;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-protocol-");
        network = Network.newNetwork();
        a = TestHost.start("debian12", network, "alpha", work);
        b = TestHost.start("debian12", network, "beta", work);
        stockA = state(a);
        stockB = state(b);
        for (TestHost host : List.of(a, b)) {
            host.exec("cp", "-p", "/etc/ssh/sshd_config", "/root/stock-sshd_config");
        }
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @AfterEach
    void backToStock() throws Exception {
        for (TestHost host : List.of(a, b)) {
            host.execResult("sh", "-c", "systemctl stop 'harden-revert-*' 2>/dev/null; rm -f /mnt/small/filler;"
                    + " cp -p /root/stock-sshd_config /etc/ssh/sshd_config; rm -f /etc/sudoers.d/harden "
                    + SlowActivatorModule.PATH + "; rm -rf /var/lib/harden/* /var/lib/harden/.[!.]*; systemctl reload ssh");
        }
        assertEquals(stockA, state(a));
        assertEquals(stockB, state(b));
    }

    /** Item 2: every run fetches; the plan names the remote's current commit, never the first clone's. */
    @Test
    @Order(1)
    void aGitUrlSourcePlansWhatTheRemoteHasNow() throws Exception {
        DesiredRepo work1 = repo("url-work", "alpha", a, "");
        Path origin = work.resolve("origin.git");
        Git.cloneRepository().setURI(work1.dir().toUri().toString()).setDirectory(origin.toFile()).setBare(true)
                .call().close();
        String url = origin.toUri().toString();
        CliRun first = CliRun.of("plan", "--repo", url);
        assertEquals(0, first.exitCode(), first.all());
        String commitA = headOf(origin);
        assertTrue(first.out().contains("commit " + commitA.substring(0, 10) + " (HEAD)"), first.out());

        work1.write("inventory/hosts.yaml", "hosts:\n" + a.inventoryEntry("alpha") + VARS
                + "      ssh:\n        max_auth_tries: 2\n");
        String commitB = work1.commit("max_auth_tries 2");
        try (Git git = Git.open(work1.dir().toFile())) {
            git.push().setRemote(url).add("main").call();
        }
        for (String ref : List.of("HEAD", "main")) {
            CliRun second = CliRun.of("plan", "--repo", url, "--ref", ref);
            assertEquals(0, second.exitCode(), second.all());
            assertTrue(second.out().contains("commit " + commitB.substring(0, 10) + " (" + ref + ")"), second.out());
            assertTrue(second.out().contains("+MaxAuthTries 2"), "the plan is made from B: " + second.out());
        }
        CliRun byId = CliRun.of("plan", "--repo", url, "--ref", commitA);
        assertTrue(byId.out().contains("commit " + commitA.substring(0, 10)), byId.out());
        CliRun gone = CliRun.of("plan", "--repo", "file:///nonexistent/origin.git");
        assertEquals(1, gone.exitCode(), gone.all());
        assertTrue(gone.err().contains("file:///nonexistent/origin.git"), "the fetch failure names the URL: " + gone.err());
    }

    /** Item 4: garbage from one host is that host's failure, in plan and in apply; the other host finishes. */
    @Test
    @Order(2)
    void aHostAnsweringGarbageFailsAloneInPlanAndApply() throws Exception {
        DesiredState state = load(twoHosts(), List.of());
        Engine engine = engine(List.of());
        InterceptingHost.Hook garbage = (command, real) -> new ExecResult(0,
                "@@harden core.os !!!not-base64!!!\n@@harden core.os AAAA\n".getBytes(StandardCharsets.UTF_8), new byte[0]);

        try (FleetRun run = engine.plan(state, options(), Progress.NONE, connector(state, Map.of("alpha",
                Map.of("gather facts", garbage))))) {
            Plan plan = run.plan();
            HostFailure failure = (HostFailure) plan.hosts().get(0);
            assertEquals("alpha", failure.host());
            assertTrue(failure.message().contains("not valid base64"), failure.message());
            assertTrue(((HostPlan) plan.hosts().get(1)).hasChanges(), "beta is planned");
            List<HostApplyResult> results = engine.apply(run, context(30), 4, Progress.NONE);
            assertEquals(1, results.size());
            assertEquals(HostApplyResult.Status.APPLIED, results.get(0).status(), results.get(0).toString());
        }
        assertNotEquals(stockB, state(b), "beta was applied");
        assertEquals(stockA, state(a), "alpha was not touched");
        backToStock();

        // garbage after activation, in the probe that verifies the change: alpha goes back, beta is applied
        AtomicInteger probes = new AtomicInteger();
        InterceptingHost.Hook laterGarbage = (command, real) -> probes.incrementAndGet() == 1 ? real.run(command)
                : garbage.run(command, real);
        try (FleetRun run = engine.plan(state, options(), Progress.NONE, connector(state, Map.of("alpha",
                Map.of("gather facts", laterGarbage))))) {
            List<HostApplyResult> results = engine.apply(run, context(30), 4, Progress.NONE);
            HostApplyResult alpha = results.get(0);
            assertEquals(HostApplyResult.Status.ROLLED_BACK, alpha.status(), alpha.toString());
            assertTrue(alpha.error().contains("verifying the host after the change failed, so it is not confirmed"),
                    alpha.error());
            assertEquals(HostApplyResult.Status.APPLIED, results.get(1).status(), results.get(1).toString());
        }
        assertEquals(stockA, state(a), "alpha is back as it was");
        assertTrue(meta(a).contains("status=reverted"), meta(a));
        assertTrue(meta(b).endsWith("status=complete\n") || meta(b).contains("\nstatus=complete\n"), meta(b));
    }

    /**
     * Item 11: the revert timer fires while harden still works (the activator takes 12 s, the
     * timeout is 5 s). Confirmation waits for the revert that already started and reports it,
     * instead of printing "applied" for a host that is being reverted.
     */
    @Test
    @Order(3)
    void confirmationThatComesAfterTheTimersRevertReportsTheRevert() throws Exception {
        DesiredState state = load(oneHost("alpha", a, onlySlow()), List.of(new SlowActivatorModule(12)));
        Engine engine = engine(List.of(new SlowActivatorModule(12)));
        try (FleetRun run = engine.plan(state, options(), Progress.NONE, connector(state, Map.of()))) {
            HostApplyResult result = engine.apply(run, context(5), 4, Progress.NONE).get(0);
            assertEquals(HostApplyResult.Status.ROLLED_BACK, result.status(), result.toString());
            assertTrue(result.error().contains("the revert timer fired before harden confirmed the change"),
                    result.error());
        }
        String meta = meta(a);
        assertTrue(meta.contains("reverted_by=on-host timer"), meta);
        assertTrue(!meta.contains("status=complete"), "never confirmed: " + meta);
        assertEquals(stockA, state(a));
    }

    /**
     * Item 12: the connection drops while services reload. The outcome is unknown to harden, and it
     * says so with the time the host reverts by itself; the host does revert by itself.
     */
    @Test
    @Order(4)
    void aConnectionLostMidChangeIsAnUnknownOutcomeAndTheHostRevertsByItself() throws Exception {
        DesiredState state = load(oneHost("alpha", a, onlySlow()), List.of(new SlowActivatorModule(6)));
        Engine engine = engine(List.of(new SlowActivatorModule(6)));
        InterceptingHost.Hook dropMidway = (command, real) -> {
            Thread cutter = new Thread(() -> {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                real.close(); // the connection is gone while the activator still runs on the host
            });
            cutter.start();
            return real.run(command);
        };
        try (FleetRun run = engine.plan(state, options(), Progress.NONE, connector(state, Map.of("alpha",
                Map.of("reload services", dropMidway))))) {
            HostApplyResult result = engine.apply(run, context(20), 4, Progress.NONE).get(0);
            assertEquals(HostApplyResult.Status.UNKNOWN, result.status(), result.toString());
            assertTrue(result.error().matches("(?s).*outcome unknown: the host reverts generation \\S+ by itself at"
                    + " \\d\\d:\\d\\d:\\d\\d UTC unless it was confirmed; run harden history -l alpha"), result.error());
            assertNotEquals(null, result.generation());
        }
        String meta = ChildController.newestGenerationOnceReverted(a);
        assertTrue(meta.contains("reverted_by=on-host timer"), meta);
        assertEquals(stockA, state(a));
        assertEquals(0, LoginProbe.runWithKey(a.port(), "ops", a.identity(), "sudo -n true"));
    }

    /**
     * Item 1: /etc/ssh, /etc/sudoers.d and /var/lib/harden share one small file system, filled so
     * that it runs out at each step of the protocol in turn (staging, records, backups, journal,
     * confirmation). Whatever step fails, no file is ever empty or partial, each managed file is
     * either as before or as planned, the result says which, and the operator still logs in.
     */
    @Test
    @Order(5)
    void aDiskThatFillsUpAtEachStepNeverLeavesAFileWorse() throws Exception {
        a.exec("sh", "-c", "mkdir -p /mnt/small && mount -t tmpfs -o size=2m tmpfs /mnt/small"
                + " && cp -a /etc/ssh /mnt/small/ssh && cp -a /etc/sudoers.d /mnt/small/sudoers.d"
                + " && mkdir -p /var/lib/harden /mnt/small/harden && chmod 700 /mnt/small/harden"
                + " && mount --bind /mnt/small/ssh /etc/ssh && mount --bind /mnt/small/sudoers.d /etc/sudoers.d"
                + " && mount --bind /mnt/small/harden /var/lib/harden");
        DesiredState state = load(oneHost("alpha", a, ""), List.of());
        Engine engine = engine(List.of());
        String desiredSshd = null;
        String desiredSudo = null;
        List<String> table = new ArrayList<>();
        boolean sawFailure = false;
        boolean sawApplied = false;
        for (int free = 0; free <= 96 * 1024; free += 4096) {
            a.exec("sh", "-c", "rm -f /mnt/small/filler; avail=$(df --output=avail -B1 /mnt/small | tail -n 1);"
                    + " [ $avail -gt " + free + " ] && head -c $((avail - " + free + ")) /dev/zero > /mnt/small/filler"
                    + " 2>/dev/null; true");
            HostApplyResult result;
            try (FleetRun run = engine.plan(state, options(), Progress.NONE, connector(state, Map.of()))) {
                result = run.plan().planned().isEmpty() ? null : engine.apply(run, context(30), 1, Progress.NONE).get(0);
                if (desiredSshd == null && !run.plan().planned().isEmpty()) {
                    desiredSshd = sha(((dev.harden.resource.FileResource) run.plan().planned().get(0).changes().get(0)
                            .desired()).content());
                    desiredSudo = sha(((dev.harden.resource.FileResource) run.plan().planned().get(0).changes().get(1)
                            .desired()).content());
                }
            }
            a.exec("rm", "-f", "/mnt/small/filler");
            String status = result == null ? "not planned" : result.status().toString();
            table.add(String.format("%3d KiB free: %-12s %s", free / 1024, status,
                    result == null || result.error() == null ? "" : result.error()));
            String sshd = a.exec("sh", "-c", "sha256sum < /etc/ssh/sshd_config | cut -d' ' -f1").trim();
            String sudo = a.exec("sh", "-c", "[ -e /etc/sudoers.d/harden ] && sha256sum < /etc/sudoers.d/harden"
                    + " | cut -d' ' -f1 || echo absent").trim();
            String stockSshd = a.exec("sh", "-c", "sha256sum < /root/stock-sshd_config | cut -d' ' -f1").trim();
            assertTrue(sshd.equals(stockSshd) || sshd.equals(desiredSshd), free + ": sshd_config is neither as before"
                    + " nor as planned: " + table);
            assertTrue(sudo.equals("absent") || sudo.equals(desiredSudo), free + ": sudoers drop-in is partial: " + table);
            assertEquals(0, a.execResult("sshd", "-t").getExitCode(), free + ": the live sshd_config is valid");
            if (result != null && result.status() == HostApplyResult.Status.APPLIED) {
                sawApplied = true;
                assertEquals(desiredSshd, sshd, table.toString());
                assertEquals(desiredSudo, sudo, table.toString());
            } else if (result != null && (result.status() == HostApplyResult.Status.FAILED
                    || result.status() == HostApplyResult.Status.ROLLED_BACK)) {
                sawFailure = true;
                assertEquals(stockSshd, sshd, free + ": " + result);
                assertEquals("absent", sudo, free + ": " + result);
                assertTrue(result.error().contains("disk full") || result.error().contains("No space"),
                        "the reason is given: " + result);
            } else {
                throw new AssertionError(free + ": unexpected outcome " + result);
            }
            assertEquals(0, LoginProbe.runWithKey(a.port(), "ops", a.identity(), "sudo -n true"),
                    free + ": ops still logs in and runs sudo");
            assertEquals("", a.exec("sh", "-c", "ls -a /etc/ssh /etc/sudoers.d | grep 'harden-' || true").trim(),
                    free + ": no staged or restore copy is left");
            backToStock();
        }
        System.out.println("free space -> outcome\n" + String.join("\n", table));
        assertTrue(sawFailure && sawApplied, "the sweep went from a full disk to enough room: " + table);
        a.exec("sh", "-c", "umount /var/lib/harden /etc/sudoers.d /etc/ssh && umount /mnt/small");
    }

    /**
     * The fact probe on a live systemd host where it is hardest: a service that has only an init
     * script among native units (systemctl is-enabled answers for such a unit first, out of order),
     * and a scratch file system that fills up while the probe runs.
     */
    @Test
    @Order(6)
    void theFactProbeReadsEveryUnitAsItIsAndFailsTheHostWhenItsScratchSpaceFillsUp() throws Exception {
        a.exec("sh", "-c", "printf '#!/bin/sh\\n### BEGIN INIT INFO\\n# Provides: harden-sysv\\n# Required-Start:\\n"
                + "# Required-Stop:\\n# Default-Start: 2 3 4 5\\n# Default-Stop: 0 1 6\\n### END INIT INFO\\nexit 0\\n'"
                + " > /etc/init.d/harden-sysv && chmod 755 /etc/init.d/harden-sysv && update-rc.d harden-sysv defaults"
                + " && printf '[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n'"
                + " > /etc/systemd/system/harden-native.service && systemctl daemon-reload");
        List<String> units = List.of("harden-native.service", "harden-sysv.service", "ssh.service",
                "nonexistent.service", "cron.service");
        List<ResourceId> ids = units.stream().map(ResourceId::unit).toList();
        DesiredState state = load(oneHost("alpha", a, ""), List.of());
        HostEntry entry = state.inventory().hosts().get("alpha");
        try (Host host = connector(state, Map.of()).connect(entry)) {
            Facts ahead = FactsProbe.gather(host, entry.user(), ProbeRequest.resources(ids, ""));
            Facts each = FactsProbe.gather(host, entry.user(), ProbeRequest.resources(ids, "_bundle_dirs=/nonexistent"));
            for (ResourceId id : ids) {
                assertEquals(each.state(id).fingerprint(), ahead.state(id).fingerprint(), id.label());
            }
            assertEquals("unit disabled inactive", ahead.state(ids.get(0)).fingerprint(), "the native unit");
            assertTrue(ahead.state(ids.get(1)).fingerprint().startsWith("unit enabled "), "the init script's service: "
                    + ahead.state(ids.get(1)).fingerprint());

            // a tool of a module's facts fills the scratch file system (/dev/shm) while the probe runs
            FactProbe<String> filler = new FactProbe<>("test.filler", "head -c 200m /dev/zero > /dev/shm/filler; echo ok",
                    bytes -> new String(bytes, StandardCharsets.UTF_8));
            HostException full = org.junit.jupiter.api.Assertions.assertThrows(HostException.class,
                    () -> FactsProbe.gather(host, entry.user(), new ProbeRequest(List.of(filler), ids, "")));
            assertTrue(full.getMessage().contains("alpha: its file system for scratch files (/dev/shm) filled up while"
                    + " harden read its facts, so some may be cut; free space there and run again"), full.getMessage());
        } finally {
            a.exec("sh", "-c", "rm -f /dev/shm/filler /etc/init.d/harden-sysv /etc/systemd/system/harden-native.service;"
                    + " update-rc.d harden-sysv remove; systemctl daemon-reload");
        }
        assertEquals("", a.exec("sh", "-c", "ls -a /dev/shm /run /tmp | grep harden-probe || true").strip(),
                "no scratch directory is left");
    }

    private Engine engine(List<Module> extra) {
        List<Module> modules = new ArrayList<>(Modules.builtIn().all());
        modules.addAll(extra);
        return new Engine(new Modules(modules), work.resolve("cache"));
    }

    private DesiredState load(DesiredRepo repo, List<Module> extra) {
        return engine(extra).load(repo.dir().toString() + File.separator, "HEAD", false);
    }

    private Connector connector(DesiredState state, Map<String, Map<String, InterceptingHost.Hook>> hooks) {
        SshConnector ssh = new SshConnector(state.inventory().knownHosts(), false, line -> { },
                Duration.ofSeconds(10), Duration.ofSeconds(10));
        return entry -> new InterceptingHost(ssh.connect(entry), hooks.getOrDefault(entry.name(), Map.of()));
    }

    private static RunOptions options() {
        return new RunOptions(List.of(), 4, false, Duration.ofSeconds(10));
    }

    private static ApplyContext context(int confirmSeconds) {
        return ApplyContext.apply("test", "tester@it").withSafety(Duration.ofSeconds(confirmSeconds), 20, 1);
    }

    private DesiredRepo twoHosts() throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve("two-" + System.nanoTime()))
                .write("inventory/hosts.yaml", "hosts:\n" + a.inventoryEntry("alpha") + VARS + b.inventoryEntry("beta")
                        + VARS)
                .write("inventory/known_hosts", a.knownHostsLine() + "\n" + b.knownHostsLine() + "\n");
        repo.commit("two hosts");
        return repo;
    }

    private DesiredRepo oneHost(String name, TestHost host, String vars) throws Exception {
        return repo(name + "-" + System.nanoTime(), name, host, vars);
    }

    private DesiredRepo repo(String dir, String name, TestHost host, String vars) throws Exception {
        DesiredRepo repo = new DesiredRepo(work.resolve(dir))
                .write("inventory/hosts.yaml", "hosts:\n" + host.inventoryEntry(name) + VARS + vars)
                .write("inventory/known_hosts", host.knownHostsLine() + "\n");
        repo.commit(dir);
        return repo;
    }

    private static String onlySlow() {
        return "      ssh:\n        enabled: false\n      sudo:\n        enabled: false\n";
    }

    private static String headOf(Path bare) throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            return git.getRepository().resolve("HEAD").getName();
        }
    }

    private static String meta(TestHost host) throws Exception {
        return host.exec("sh", "-c", "cat /var/lib/harden/generations/$(ls -1 /var/lib/harden/generations | sort"
                + " | tail -n 1)/meta");
    }

    private static String sha(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** sha256, mode and owner of every file harden manages ("absent" when missing). */
    private static String state(TestHost host) throws Exception {
        return host.exec("sh", "-c", "for f in " + FILES + "; do if [ -e $f ]; then sha256sum $f; stat -c '%a %U %G' $f;"
                + " else echo \"$f absent\"; fi; done");
    }
}
