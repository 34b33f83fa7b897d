package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.cli.ObservedCli;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * A WireGuard mesh on real Debian 12 hosts (systemd containers with /dev/net/tun and NET_ADMIN;
 * this kernel has no WireGuard, so harden installs wireguard-go, the userspace fallback), with the
 * shipped firewall (ufw) on: three hosts form a mesh in one apply; a fourth joins in a run limited
 * to it and the others gain it in the next full run while a ping between two of them loses nothing;
 * a key changed out of band is refused while the others proceed; a rotation updates every peer in
 * one run; a host removed from the policy leaves every peer list; a second apply changes nothing.
 * Every run goes through the command line with every command sent to a host recorded, and at the
 * end no private key is anywhere in what harden printed, wrote locally or sent.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireGuardIT {

    private static final List<String> HOSTS = List.of("mesh1", "mesh2", "mesh3", "mesh4");
    private static final Pattern LOSS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private Network network;
    private final Map<String, TestHost> hosts = new LinkedHashMap<>();
    private Path work;
    private DesiredRepo repo;
    /** Every command sent to a host, as sent, and what came back. */
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    /** Everything harden printed, stdout and stderr. */
    private final StringBuilder printed = new StringBuilder();
    /** Every private key a host had during the runs, read with docker exec, only to look for it. */
    private final List<String> privateKeys = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-wireguard-");
        network = Network.newNetwork();
        ExecutorService pool = Executors.newFixedThreadPool(HOSTS.size());
        try {
            Map<String, Future<TestHost>> starting = new LinkedHashMap<>();
            for (String name : HOSTS) {
                starting.put(name, pool.submit(() -> TestHost.start("debian12-ping", network, name, work,
                        List.of("/dev/net/tun"))));
            }
            for (Map.Entry<String, Future<TestHost>> host : starting.entrySet()) {
                hosts.put(host.getKey(), host.getValue().get());
            }
        } finally {
            pool.shutdown();
        }
        repo = new DesiredRepo(work.resolve("desired"));
        desired(List.of("mesh1", "mesh2", "mesh3"), List.of("mesh1", "mesh2", "mesh3"));
        repo.commit("three hosts in a WireGuard mesh");
    }

    @AfterAll
    void stop() {
        hosts.values().forEach(TestHost::close);
        if (network != null) {
            network.close();
        }
    }

    /** The inventory of {@code inventory} and a policy whose wg0 has {@code members}, SSH and sudo left alone. */
    private void desired(List<String> inventory, List<String> members) throws Exception {
        StringBuilder entries = new StringBuilder("hosts:\n");
        StringBuilder known = new StringBuilder();
        StringBuilder endpoints = new StringBuilder();
        for (String name : inventory) {
            entries.append(hosts.get(name).inventoryEntry(name));
            known.append(hosts.get(name).knownHostsLine()).append('\n');
            endpoints.append(endpoints.length() == 0 ? "" : ", ").append(name).append(": ")
                    .append(hosts.get(name).address());
        }
        repo.write("inventory/hosts.yaml", entries.toString())
                .write("inventory/known_hosts", known.toString())
                .write("policies/baseline.yaml", "ssh: { enabled: false }\nsudo: { enabled: false }\nupgrades: { enabled: false }\n"
                        + "apparmor: { enabled: false }\n" + dev.harden.desired.TestRepos.OPERABILITY_OFF
                        + "wireguard:\n  networks:\n    - name: wg0\n      cidr: 10.99.0.0/24\n      port: 51820\n"
                        + "      members: " + members + "\n      topology: mesh\n      persistent_keepalive: 25\n"
                        + "      endpoints: { " + endpoints + " }\n");
    }

    @Test
    @Order(1)
    void threeHostsFormAMeshInOneApply() throws Exception {
        CliRun apply = harden("apply", "--auto-approve", "--trust-new-wireguard-keys");
        assertEquals(0, apply.exitCode(), apply.all());
        for (String name : List.of("mesh1", "mesh2", "mesh3")) {
            assertTrue(apply.out().contains(name + " applied"), apply.out());
            assertTrue(apply.out().contains("note: new WireGuard public key of " + name + " (wg0) recorded in "),
                    apply.out());
            assertTrue(apply.out().contains("inventory/wireguard_keys: review the change and commit it: wg0 " + name
                    + " " + publicKey(name)), apply.out());
        }
        assertTrue(apply.out().contains("+ allow 51820/udp from anywhere  # wireguard wg0"), apply.out());
        String pinned = Files.readString(repo.dir().resolve("inventory/wireguard_keys"));
        assertEquals(3, pinned.lines().count(), pinned);
        for (String from : List.of("mesh1", "mesh2", "mesh3")) {
            assertTrue(pinned.contains("wg0 " + from + " " + publicKey(from) + "\n"), pinned);
            assertEquals("600 root root", hosts.get(from).exec("stat", "-c", "%a %U %G", "/etc/wireguard/wg0.key")
                    .strip(), "the private key is root's alone");
            assertEquals("wireguard-go", hosts.get(from).exec("sh", "-c", "ps -o comm= -C wireguard-go").strip(),
                    "the userspace fallback runs the interface");
            for (String to : List.of("mesh1", "mesh2", "mesh3")) {
                if (!from.equals(to)) {
                    assertPings(from, to);
                }
            }
        }
        repo.commit("pin the mesh's WireGuard keys");
    }

    @Test
    @Order(2)
    void aSecondApplyChangesNothing() throws Exception {
        assertNothingToDo();
        CliRun limited = harden("plan", "--detailed-exitcode", "--limit", "mesh1");
        assertEquals(0, limited.exitCode(), "the others are outside the run but stay peers: " + limited.all());
    }

    @Test
    @Order(3)
    void aFourthHostJoinsInARunLimitedToIt() throws Exception {
        String before = hosts.get("mesh1").exec("cat", "/etc/wireguard/wg0.conf");
        desired(HOSTS, HOSTS);
        repo.commit("mesh4 joins wg0");
        CliRun apply = harden("apply", "--auto-approve", "--trust-new-wireguard-keys", "--limit", "mesh4");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("mesh4 applied"), apply.out());
        assertTrue(apply.out().contains("note: new WireGuard public key of mesh4 (wg0) recorded in"), apply.out());
        String peers = hosts.get("mesh4").exec("wg", "show", "wg0", "peers");
        for (String old : List.of("mesh1", "mesh2", "mesh3")) {
            assertTrue(peers.contains(publicKey(old)), "mesh4 has " + old + " from the pinned keys: " + peers);
        }
        assertEquals(before, hosts.get("mesh1").exec("cat", "/etc/wireguard/wg0.conf"), "the others are not in the run");
        repo.commit("pin mesh4's WireGuard key");
    }

    @Test
    @Order(4)
    void theOthersGainThePeerInTheNextFullRunWithoutTheirTunnelsRestarting() throws Exception {
        CliRun plan = harden("plan");
        assertTrue(plan.out().contains("+ wg0 peer mesh4: " + address("mesh4") + "/32, endpoint "
                + hosts.get("mesh4").address() + ":51820, key " + publicKey("mesh4").substring(0, 8) + "…"), plan.out());
        CliRun json = harden("plan", "--json");
        assertTrue(json.out().contains("+ wg0 peer mesh4"), json.out());

        String daemons = daemons("mesh1", "mesh2", "mesh3");
        // a fixed count, so ping itself waits for the last reply (an interrupted ping counts a reply still
        // on its way as lost): 150 packets, 30 s, outlast the apply, which is checked below
        hosts.get("mesh1").exec("sh", "-c", "nohup setsid ping -i 0.2 -c 150 -W 2 " + address("mesh2")
                + " > /tmp/ping.log 2>&1 < /dev/null &");
        Thread.sleep(1000);
        CliRun apply = harden("apply", "--auto-approve");
        assertEquals(0, hosts.get("mesh1").execResult("pgrep", "-x", "ping").getExitCode(),
                "the ping still runs after the apply");
        String ping = "";
        for (int i = 0; i < 60 && !LOSS.matcher(ping).find(); i++) {
            Thread.sleep(1000);
            ping = hosts.get("mesh1").exec("cat", "/tmp/ping.log");
        }
        assertEquals(0, apply.exitCode(), apply.all());
        for (String old : List.of("mesh1", "mesh2", "mesh3")) {
            assertTrue(apply.out().contains(old + " applied"), apply.out());
        }
        assertTrue(apply.out().contains("mesh4 unchanged"), apply.out());
        Matcher loss = LOSS.matcher(ping);
        assertTrue(loss.find(), ping);
        System.out.println("ping mesh1 -> mesh2 during the full run: " + loss.group());
        assertEquals(loss.group(1), loss.group(2), "no packet lost while peers changed: " + ping);
        assertTrue(Integer.parseInt(loss.group(1)) >= 15, "the ping ran through the apply: " + ping);
        assertEquals(daemons, daemons("mesh1", "mesh2", "mesh3"), "no interface was restarted");
        for (String from : HOSTS) {
            for (String to : HOSTS) {
                if (!from.equals(to)) {
                    assertPings(from, to);
                }
            }
        }
    }

    @Test
    @Order(5)
    void aHostWhoseKeyChangedOutOfBandIsRefusedAndTheOthersProceed() throws Exception {
        TestHost mesh2 = hosts.get("mesh2");
        mesh2.exec("sh", "-c", "cp -p /etc/wireguard/wg0.key /root/wg0.key.orig && (umask 077; wg genkey >"
                + " /etc/wireguard/wg0.key)");
        privateKeys.add(mesh2.exec("cat", "/etc/wireguard/wg0.key").strip());
        String swapped = mesh2.exec("sh", "-c", "wg pubkey < /etc/wireguard/wg0.key").strip();
        String mesh1 = hosts.get("mesh1").exec("cat", "/etc/wireguard/wg0.conf");
        CliRun apply = harden("apply", "--auto-approve");
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("error: mesh2: refused: its WireGuard public key for wg0 is "
                + swapped.substring(0, 8) + "… but inventory/wireguard_keys pins " + pinned("mesh2").substring(0, 8)
                + "…: the key on the host was replaced outside harden"), apply.out());
        for (String other : List.of("mesh1", "mesh3", "mesh4")) {
            assertTrue(Pattern.compile("(?m)^" + other + "  .*  no changes$").matcher(apply.out()).find(), apply.out());
        }
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
        assertTrue(apply.out().contains("peer mesh2 runs with key " + swapped.substring(0, 8)), apply.out());
        assertEquals(mesh1, hosts.get("mesh1").exec("cat", "/etc/wireguard/wg0.conf"), "mesh2 keeps its pinned key");
        mesh2.exec("sh", "-c", "cp -p /root/wg0.key.orig /etc/wireguard/wg0.key && rm /root/wg0.key.orig");
        assertNothingToDo();
    }

    @Test
    @Order(6)
    void aRotationPlansTheNewKeyAndThePeersUpdatesTogether() throws Exception {
        String old = publicKey("mesh3");
        privateKeys.add(hosts.get("mesh3").exec("cat", "/etc/wireguard/wg0.key").strip());
        CliRun plan = harden("plan", "--rotate-wireguard-key", "mesh3");
        assertTrue(plan.out().contains("rotate secret /etc/wireguard/wg0.key (generated on the host)"), plan.out());
        assertTrue(plan.out().contains("~ wg0: new key for this host (generated on it); every peer takes its public half"
                + " in this run"), plan.out());
        assertTrue(plan.out().contains("info [wireguard] wg0: peer mesh3 gets a new key in this run"), plan.out());
        CliRun apply = harden("apply", "--auto-approve", "--rotate-wireguard-key", "mesh3");
        assertEquals(0, apply.exitCode(), apply.all());
        String now = publicKey("mesh3");
        assertNotEquals(old, now);
        assertTrue(apply.out().contains("note: rotated WireGuard public key of mesh3 (wg0) recorded in"), apply.out());
        for (String peer : List.of("mesh1", "mesh2", "mesh4")) {
            assertTrue(apply.out().contains(peer + " applied"), apply.out());
            String peers = hosts.get(peer).exec("wg", "show", "wg0", "peers");
            assertTrue(peers.contains(now) && !peers.contains(old), peer + " knows mesh3's new key: " + peers);
            assertReachesAfterHandshakeRetry(peer, "mesh3");
        }
        assertTrue(Files.readString(repo.dir().resolve("inventory/wireguard_keys")).contains("wg0 mesh3 " + now + "\n"));
        repo.commit("pin mesh3's rotated key");
        assertNothingToDo();
    }

    @Test
    @Order(7)
    void removingAHostFromThePolicyRemovesItsPeerEverywhere() throws Exception {
        String key = publicKey("mesh4");
        desired(HOSTS, List.of("mesh1", "mesh2", "mesh3"));
        repo.commit("mesh4 leaves wg0");
        CliRun apply = harden("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("- wg0 peer mesh4 (" + address("mesh4") + "/32)"), apply.out());
        assertTrue(apply.out().contains("- wg0: this host leaves the network (interface stopped)"), apply.out());
        for (String old : List.of("mesh1", "mesh2", "mesh3")) {
            assertFalse(hosts.get(old).exec("wg", "show", "wg0", "peers").contains(key), old + " dropped mesh4");
        }
        assertNotEquals(0, hosts.get("mesh4").execResult("wg", "show", "wg0").getExitCode(), "mesh4's interface is down");
        assertEquals("inactive", hosts.get("mesh4").execResult("systemctl", "is-active", "wg-quick@wg0").getStdout()
                .strip());
        assertPings("mesh1", "mesh3");
        assertNothingToDo();
    }

    @Test
    @Order(8)
    void theActivatorRefusesToSyncWhenTheKeyFileIsNotThePinnedKey() throws Exception {
        TestHost mesh1 = hosts.get("mesh1");
        byte[] code;
        try (var in = getClass().getResourceAsStream("/dev/harden/module/wireguard/wireguard.sh")) {
            code = in.readAllBytes();
        }
        mesh1.exec("sh", "-c", "echo " + Base64.getEncoder().encodeToString(code) + " | base64 -d > /tmp/wireguard.sh");
        String live = mesh1.exec("sh", "-c", "wg show wg0 peers | sort");
        mesh1.exec("sh", "-c", "cp -p /etc/wireguard/wg0.conf /root/wg0.conf.orig && sed -i 's|^# harden-public-key: .*|"
                + "# harden-public-key: " + publicKey("mesh2") + "|' /etc/wireguard/wg0.conf");
        var refused = mesh1.execResult("sh", "-c", ". /tmp/wireguard.sh; activate_wireguard");
        mesh1.exec("sh", "-c", "cp -p /root/wg0.conf.orig /etc/wireguard/wg0.conf && rm /root/wg0.conf.orig"
                + " /tmp/wireguard.sh");
        assertEquals(1, refused.getExitCode(), refused.getStdout() + refused.getStderr());
        assertTrue(refused.getStderr().contains("wg0: refused: /etc/wireguard/wg0.key holds the key of "
                + publicKey("mesh1") + ", not the pinned " + publicKey("mesh2") + "; nothing was synced"),
                refused.getStderr());
        assertEquals(live, mesh1.exec("sh", "-c", "wg show wg0 peers | sort"), "nothing synced");
        assertPings("mesh1", "mesh2");
        assertNothingToDo();
    }

    @Test
    @Order(9)
    void noPrivateKeyWasEverPrintedWrittenLocallyOrSent() throws Exception {
        for (String name : HOSTS) {
            privateKeys.add(hosts.get(name).exec("cat", "/etc/wireguard/wg0.key").strip());
        }
        List<byte[]> haystacks = new ArrayList<>();
        haystacks.add(transcript.toByteArray());
        haystacks.add(printed.toString().getBytes(StandardCharsets.UTF_8));
        long files = 0;
        try (Stream<Path> tree = Files.walk(repo.dir())) { // the checkout harden read and wrote into
            for (Path file : tree.filter(Files::isRegularFile).filter(p -> !p.toString().contains(File.separator + ".git"
                    + File.separator)).toList()) {
                haystacks.add(Files.readAllBytes(file));
                files++;
            }
        }
        assertTrue(transcript.size() > 100_000, "the commands were recorded: " + transcript.size() + " bytes");
        assertEquals(4 + 2, privateKeys.stream().distinct().count(), "four hosts, a swapped and a rotated key");
        for (String key : privateKeys) {
            byte[] raw = Base64.getDecoder().decode(key);
            for (String form : List.of(key, HexFormat.of().formatHex(raw), key.substring(0, 20))) {
                for (byte[] haystack : haystacks) {
                    assertFalse(new String(haystack, StandardCharsets.ISO_8859_1).contains(form),
                            "a private key (or a part of it) was found");
                }
            }
            for (byte[] haystack : haystacks) {
                assertFalse(indexOf(haystack, raw) >= 0, "a private key's raw bytes were found");
            }
        }
        System.out.println("no private key in " + transcript.size() + " bytes of commands sent and answers, "
                + printed.length() + " characters printed, " + files + " files of the checkout ("
                + privateKeys.size() + " private keys looked for)");
    }

    private CliRun harden(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--repo");
        all.add(repo.dir().toString() + File.separator);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ObservedCli.run(host -> new RecordingHost(host, transcript), new PrintWriter(out, true),
                new PrintWriter(err, true), all.toArray(String[]::new));
        CliRun run = new CliRun(code, out.toString(), err.toString());
        printed.append(run.out()).append(run.err());
        System.out.println("$ harden " + String.join(" ", all) + "\n" + run.out() + run.err() + "(exit " + code + ")");
        return run;
    }

    private void assertNothingToDo() {
        CliRun apply = harden("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(apply.out().contains("Nothing to apply."), apply.out());
    }

    private String publicKey(String host) throws Exception {
        return hosts.get(host).exec("wg", "show", "wg0", "public-key").strip();
    }

    private String pinned(String host) throws Exception {
        return Files.readString(repo.dir().resolve("inventory/wireguard_keys")).lines()
                .filter(l -> l.startsWith("wg0 " + host + " ")).findFirst().orElseThrow().split(" ")[2];
    }

    private String address(String host) throws Exception {
        String line = hosts.get(host).exec("sh", "-c", "sed -n 's/^Address = //p' /etc/wireguard/wg0.conf").strip();
        return line.substring(0, line.indexOf('/'));
    }

    private void assertPings(String from, String to) throws Exception {
        var ping = hosts.get(from).execResult("ping", "-c", "2", "-W", "3", address(to));
        assertEquals(0, ping.getExitCode(), from + " pings " + to + " over wg0: " + ping.getStdout() + ping.getStderr());
    }

    /**
     * A peer that took the new key before the rotated host switched to it sent its handshake to the old key (its
     * persistent keepalive starts one at once); WireGuard retries a failed handshake after 5 s, so the two hosts
     * reach each other again within one retry, not at once. Two replies within 15 s: one retry with room to spare.
     */
    private void assertReachesAfterHandshakeRetry(String from, String to) throws Exception {
        var ping = hosts.get(from).execResult("ping", "-c", "2", "-w", "15", address(to));
        assertEquals(0, ping.getExitCode(), from + " reaches " + to + " over wg0 within 15 s: " + ping.getStdout()
                + ping.getStderr());
    }

    /** The wireguard-go process of each host's interface: a restarted interface gets a new one. */
    private String daemons(String... names) throws Exception {
        StringBuilder pids = new StringBuilder();
        for (String name : names) {
            pids.append(name).append(' ').append(hosts.get(name).exec("sh", "-c", "pidof wireguard-go").strip())
                    .append('\n');
        }
        return pids.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
