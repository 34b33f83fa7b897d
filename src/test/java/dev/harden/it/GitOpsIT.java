package dev.harden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.containers.Network;

/**
 * GitOps end to end: a real Git server over smart HTTP (nginx, fcgiwrap, git-http-backend), two
 * real hosts, and {@code harden watch} in its own JVM following main with batches of one host.
 * Developers push commits signed with SSH keys (git's gpg.format=ssh); the watcher trusts only the
 * allowed_signers file it was started with. The policy in the repository sets MaxAuthTries, so
 * each commit is visible in the hosts' sshd_config.
 */
@Tag("integration")
@Isolated("it measures how soon a webhook takes effect; other classes' load would blur that")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitOpsIT {

    private static final String SECRET = "a-webhook-secret-of-some-length-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Network network;
    private TestHost alpha;
    private TestHost beta;
    private GitHttpServer git;
    private Path workspace;
    private Process watcher;
    private Path watcherLog;
    private int watchPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private String c2;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("harden-gitops-");
        network = Network.newNetwork();
        alpha = TestHost.start("debian12", network, "alpha", work);
        beta = TestHost.start("debian12", network, "beta", work);
        git = GitHttpServer.start(work.resolve("git-server"));
        git.createRepository("fleet.git");
        for (String who : List.of("alice", "mallory")) {
            GitCli.run(work, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f",
                    work.resolve(who).toString());
        }
        Files.writeString(work.resolve("allowed_signers"), "alice@example.org namespaces=\"git\" "
                + Files.readString(work.resolve("alice.pub")));
        Files.writeString(work.resolve("webhook-secret"), SECRET + "\n");

        workspace = work.resolve("workspace");
        GitCli.run(work, "git", "clone", "-q", git.url("fleet.git"), workspace.toString());
        Files.createDirectories(workspace.resolve("inventory"));
        Files.createDirectories(workspace.resolve("policies"));
        Files.writeString(workspace.resolve("inventory/hosts.yaml"), "hosts:\n" + alpha.inventoryEntry("alpha")
                + beta.inventoryEntry("beta"));
        Files.writeString(workspace.resolve("inventory/known_hosts"), alpha.knownHostsLine() + "\n"
                + beta.knownHostsLine() + "\n");
        commit(policy(3, "report"), "alice", "the fleet, MaxAuthTries 3");
        push();

        watchPort = freePort();
        watcherLog = work.resolve("watch.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.harden.cli.Main", "watch",
                "--repo", git.url("fleet.git"), "--branch", "main", "--interval", "20s", "--drift-interval", "15s",
                "--listen", "127.0.0.1:" + watchPort, "--webhook-secret-file", work.resolve("webhook-secret").toString(),
                "--allowed-signers", work.resolve("allowed_signers").toString(), "--batch", "1", "--log-format",
                "json", "--confirm-timeout", "30"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(watcherLog.toFile());
        builder.environment().put("XDG_CACHE_HOME", work.resolve("watch-cache").toString());
        watcher = builder.start();
        awaitEvent(e -> event(e, "host-applied") && e.get("host").asText().equals("beta"), Duration.ofSeconds(120),
                "the first commit reaches both hosts");
        assertEquals("MaxAuthTries 3", maxAuthTries(alpha));
    }

    @AfterAll
    void stop() throws Exception {
        if (watcher != null) {
            watcher.destroy();
            watcher.waitFor(10, TimeUnit.SECONDS);
            System.out.println("--- watch log ---\n" + Files.readString(watcherLog));
        }
        for (AutoCloseable c : new AutoCloseable[] {git, alpha, beta, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void aSignedCommitIsAppliedWithinTheIntervalAndAtOnceAfterAWebhook() throws Exception {
        int seen = events().size();
        String c1 = commit(policy(2, "report"), "alice", "MaxAuthTries 2");
        push();
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(c1)
                && e.get("host").asText().equals("beta"), Duration.ofSeconds(90), "commit 1 on the interval");
        assertEquals("MaxAuthTries 2", maxAuthTries(alpha));
        assertEquals("MaxAuthTries 2", maxAuthTries(beta));
        assertTrue(events().subList(seen, events().size()).stream().noneMatch(e -> event(e, "triggered")),
                "no webhook was involved");

        c2 = commit(policy(4, "report"), "alice", "MaxAuthTries 4");
        push();
        Instant called = Instant.now();
        assertEquals(202, webhook("github", "sha256=" + hmac(SECRET, "{\"ref\":\"refs/heads/main\"}"),
                "{\"ref\":\"refs/heads/main\"}"));
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(c2)
                && e.get("host").asText().equals("beta"), Duration.ofSeconds(60), "commit 2 after the webhook");
        assertTrue(Duration.between(called, Instant.now()).getSeconds() < 19,
                "applied at once, not on the next 20 s tick: " + Duration.between(called, Instant.now()));
        assertEquals("MaxAuthTries 4", maxAuthTries(alpha));
        assertEquals("MaxAuthTries 4", maxAuthTries(beta));
    }

    @Test
    @Order(2)
    void unsignedCommitsAndUnknownSignersAreRefusedAndTheHostsStay() throws Exception {
        String unsigned = commit(policy(5, "report"), null, "nobody signed this");
        push();
        webhook("github", "sha256=" + hmac(SECRET, "{}"), "{}");
        awaitEvent(e -> event(e, "commit-refused") && e.get("commit").asText().equals(unsigned), Duration.ofSeconds(60),
                "the unsigned commit is refused");
        String mallory = commit(policy(6, "report"), "mallory", "signed by a key nobody trusts");
        push();
        webhook("github", "sha256=" + hmac(SECRET, "{}"), "{}");
        try {
            JsonNode refused = awaitEvent(e -> event(e, "commit-refused") && e.get("commit").asText().equals(mallory),
                    Duration.ofSeconds(60), "the unknown signer's commit is refused");
            assertTrue(refused.get("reason").asText().contains(mallory.substring(0, 7)), refused.toString());
            assertEquals("MaxAuthTries 4", maxAuthTries(alpha), "the fleet stays on the last trusted commit");
            assertEquals("MaxAuthTries 4", maxAuthTries(beta));
        } finally {
            GitCli.run(workspace, "git", "reset", "-q", "--hard", c2);
            GitCli.run(workspace, "git", "push", "-q", "--force", "origin", "main");
        }
    }

    @Test
    @Order(3)
    void aForcePushThatRewindsMainIsRefused() throws Exception {
        String c1 = GitCli.run(workspace, "git", "rev-parse", "HEAD~1").strip();
        try {
            GitCli.run(workspace, "git", "reset", "-q", "--hard", c1);
            GitCli.run(workspace, "git", "push", "-q", "--force", "origin", "main");
            webhook("gitea", hmac(SECRET, "{}"), "{}");
            JsonNode refused = awaitEvent(e -> event(e, "host-refused") && e.get("host").asText().equals("alpha")
                    && e.get("reason").asText().contains(c1.substring(0, 10)), Duration.ofSeconds(60),
                    "the rewind is refused");
            assertTrue(refused.get("reason").asText().contains("is older than " + c2.substring(0, 10)
                    + ", the last commit applied to it (going back)"), refused.toString());
            assertEquals("MaxAuthTries 4", maxAuthTries(alpha), "moved back by nobody");
            assertEquals("MaxAuthTries 4", maxAuthTries(beta));
        } finally {
            GitCli.run(workspace, "git", "reset", "-q", "--hard", c2);
            GitCli.run(workspace, "git", "push", "-q", "--force", "origin", "main");
        }
    }

    @Test
    @Order(4)
    void aWebhookWithAWrongSignatureGets401AndNoFetchHappens() throws Exception {
        long fetches = events().stream().filter(e -> event(e, "fetched")).count();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (events().stream().filter(e -> event(e, "fetched")).count() == fetches && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(events().stream().filter(e -> event(e, "fetched")).count() > fetches, "a fetch on the tick");
        int requests = git.requests().size();
        assertEquals(401, webhook("github", "sha256=" + hmac("not-the-secret", "{}"), "{}"));
        assertEquals(401, webhook("gitlab", "guess", "{}"));
        Thread.sleep(3000);
        assertEquals(requests, git.requests().size(), "the Git server saw no request: " + git.requests());
    }

    @Test
    @Order(5)
    void driftIsReportedAndHealedWhereThePolicySaysHeal() throws Exception {
        alpha.exec("sh", "-c", "echo '# edited by hand' >> /etc/ssh/sshd_config");
        JsonNode drift = awaitEvent(e -> event(e, "drift") && e.get("host").asText().equals("alpha"),
                Duration.ofSeconds(60), "the drift is reported");
        assertTrue(drift.get("differs").asText().contains("file /etc/ssh/sshd_config"), drift.toString());
        assertTrue(alpha.exec("cat", "/etc/ssh/sshd_config").contains("# edited by hand"), "reported, not healed");

        String heal = commit(policy(4, "heal"), "alice", "heal drift");
        push();
        webhook("github", "sha256=" + hmac(SECRET, "{}"), "{}");
        awaitEvent(e -> event(e, "new-commit") && e.get("commit").asText().equals(heal), Duration.ofSeconds(60),
                "the heal policy is the new commit");
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(heal)
                && e.get("host").asText().equals("alpha"), Duration.ofSeconds(60), "alpha, drifted, is applied again");
        int before = (int) events().stream().filter(e -> event(e, "host-applied")).count();
        alpha.exec("sh", "-c", "echo '# edited by hand again' >> /etc/ssh/sshd_config");
        awaitEvent(e -> event(e, "heal") && e.get("hosts").asText().contains("alpha"), Duration.ofSeconds(60),
                "the drift is healed");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (events().stream().filter(e -> event(e, "host-applied")).count() == before
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(!alpha.exec("cat", "/etc/ssh/sshd_config").contains("edited by hand"), "healed");
    }

    @Test
    @Order(6)
    void aRolledBackHostIsHeldUntilReleasedThenConverges() throws Exception {
        CliRun rollback = CliRun.of("rollback", "--repo", git.url("fleet.git"), "-l", "beta", "--auto-approve");
        assertEquals(0, rollback.exitCode(), rollback.all());
        String rolledBack = maxAuthTries(beta);
        String c7 = commit(policy(7, "heal"), "alice", "MaxAuthTries 7");
        push();
        webhook("github", "sha256=" + hmac(SECRET, "{}"), "{}");
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(c7)
                && e.get("host").asText().equals("alpha"), Duration.ofSeconds(60), "alpha gets commit 7");
        awaitEvent(e -> event(e, "host-held") && e.get("host").asText().equals("beta"), Duration.ofSeconds(30),
                "beta is left alone");
        assertEquals("MaxAuthTries 7", maxAuthTries(alpha));
        assertEquals(rolledBack, maxAuthTries(beta), "the automation does not fight the rollback");

        assertEquals(0, CliRun.of("release", "--repo", git.url("fleet.git"), "-l", "beta").exitCode());
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(c7)
                && e.get("host").asText().equals("beta"), Duration.ofSeconds(60), "released, beta converges");
        assertEquals("MaxAuthTries 7", maxAuthTries(beta));
    }

    @Test
    @Order(7)
    void aFailingBatchStopsTheRolloutAndTheLaterBatchIsUntouched() throws Exception {
        alpha.exec("sh", "-c", "echo 'NoSuchOption yes' > /etc/ssh/sshd_config.d/broken.conf");
        String before = beta.sha256("/etc/ssh/sshd_config");
        String c8 = commit(policy(8, "report"), "alice", "MaxAuthTries 8");
        push();
        webhook("github", "sha256=" + hmac(SECRET, "{}"), "{}");
        JsonNode failed = awaitEvent(e -> event(e, "host-failed") && e.get("commit").asText().equals(c8),
                Duration.ofSeconds(60), "alpha, the first batch, fails validation");
        assertEquals("alpha", failed.get("host").asText());
        assertTrue(failed.get("error").asText().contains("Bad configuration option: NoSuchOption"), failed.toString());
        JsonNode skipped = awaitEvent(e -> event(e, "host-not-attempted") && e.get("commit").asText().equals(c8),
                Duration.ofSeconds(30), "beta, the next batch, is not attempted");
        assertEquals("beta", skipped.get("host").asText());
        assertTrue(skipped.get("error").asText().contains("the rollout stopped after batch 1"), skipped.toString());
        assertEquals(before, beta.sha256("/etc/ssh/sshd_config"), "beta untouched");
        alpha.exec("rm", "-f", "/etc/ssh/sshd_config.d/broken.conf");
    }

    @Test
    @Order(8)
    void metricsPassPromtoolAndCountWhatHappened() throws Exception {
        String c8 = GitCli.run(workspace, "git", "rev-parse", "HEAD").strip();
        awaitEvent(e -> event(e, "host-applied") && e.get("commit").asText().equals(c8)
                && e.get("host").asText().equals("beta"), Duration.ofSeconds(60), "once alpha is fixed, both converge");
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + watchPort + "/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), said + "\n" + text);
        System.out.println(text);
        assertTrue(text.contains("harden_signature_refusals_total 2.0"), "the unsigned and mallory's commits: " + text);
        assertTrue(text.contains("harden_applies_total{result=\"failed\"} 1.0"), text);
        assertTrue(text.contains("harden_applies_total{result=\"not_attempted\"} 1.0"), text);
        assertTrue(text.contains("harden_held_hosts 0.0"), "beta was released: " + text);
        assertTrue(text.contains("harden_applied_commit_info{commit=\"" + c8 + "\",host=\"beta\"} 1"), text);
        assertTrue(text.contains("harden_applied_commit_info{commit=\"" + c8 + "\",host=\"alpha\"} 1"), text);
        assertTrue(text.contains("harden_fetch_failures_total 0.0"), text);
    }

    private String policy(int maxAuthTries, String drift) {
        return "ssh:\n  max_auth_tries: " + maxAuthTries + "\nfirewall:\n  enabled: false\nupgrades:\n  enabled: false\n"
                + "gitops:\n  drift: " + drift + "\n";
    }

    /** Commits the policy, signed with the named key (null: unsigned); returns the commit id. */
    private String commit(String policy, String signer, String message) throws Exception {
        Files.writeString(workspace.resolve("policies/baseline.yaml"), policy);
        GitCli.run(workspace, "git", "add", "-A");
        if (signer == null) {
            GitCli.run(workspace, "git", "commit", "-q", "-m", message);
        } else {
            GitCli.run(workspace, Map.of("GIT_AUTHOR_EMAIL", signer + "@example.org"), "git", "-c", "gpg.format=ssh",
                    "-c", "user.signingkey=" + work.resolve(signer), "commit", "-q", "-S", "-m", message);
        }
        return GitCli.run(workspace, "git", "rev-parse", "HEAD").strip();
    }

    private void push() throws Exception {
        GitCli.run(workspace, "git", "push", "-q", "origin", "HEAD:main");
    }

    private int webhook(String provider, String signature, String body) throws Exception {
        String header = switch (provider) {
            case "github" -> "X-Hub-Signature-256";
            case "gitea" -> "X-Gitea-Signature";
            default -> "X-Gitlab-Token";
        };
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + watchPort + "/hooks/" + provider))
                .header(header, signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String maxAuthTries(TestHost host) throws Exception {
        return host.exec("sh", "-c", "grep '^MaxAuthTries' /etc/ssh/sshd_config").strip();
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(watcherLog)) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    private static boolean event(JsonNode e, String name) {
        return e.has("event") && e.get("event").asText().equals(name);
    }

    private JsonNode awaitEvent(Predicate<JsonNode> wanted, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events()) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            if (!watcher.isAlive()) {
                throw new AssertionError(what + ": the watcher died:\n" + Files.readString(watcherLog));
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + ": not within " + timeout + ":\n" + Files.readString(watcherLog));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @SuppressWarnings("unused")
    private static String dir(Path path) {
        return path.toString() + File.separator;
    }
}
