package dev.harden.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.engine.Engine;
import dev.harden.engine.Rollout;
import dev.harden.engine.RunOptions;
import dev.harden.metrics.WatchMetrics;
import dev.harden.module.Modules;
import dev.harden.source.TrustPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's HTTP side on loopback: only authentic, well-formed webhooks trigger a fetch. */
class WebhookServerTest {

    private static final byte[] SECRET = "0123456789abcdef-shared-secret".getBytes(StandardCharsets.UTF_8);
    private static final String PUSH = "{\"ref\":\"refs/heads/main\",\"after\":\"0000000000000000000000000000000000000000\"}";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private WebhookServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false);
        WatchConfig config = new WatchConfig("/nonexistent", "main", Duration.ofMinutes(1), Duration.ofMinutes(10),
                Optional.empty(), TrustPolicy.skippingSignatures(), Optional.of(SECRET), Rollout.ALL_AT_ONCE,
                new RunOptions(List.of(), 1, false, Duration.ofSeconds(1)), Duration.ofSeconds(60), 20, "test");
        WatchMetrics metrics = new WatchMetrics();
        Watcher watcher = new Watcher(new Engine(Modules.builtIn(), temp), config, log, metrics);
        server = new WebhookServer(new InetSocketAddress("127.0.0.1", 0), Optional.of(SECRET), watcher, metrics, log);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String hook, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hooks/"
                + hook)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int triggers() {
        return (int) logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" triggered ")).count();
    }

    @Test
    void authenticWebhooksOfEachServerTriggerAFetch() throws Exception {
        String signature = WebhookAuth.hmacHex(SECRET, PUSH.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, post("github", Map.of("X-Hub-Signature-256", "sha256=" + signature), PUSH).statusCode());
        assertEquals(202, post("gitea", Map.of("X-Gitea-Signature", signature), PUSH).statusCode());
        assertEquals(202, post("gitlab", Map.of("X-Gitlab-Token", new String(SECRET, StandardCharsets.UTF_8)), PUSH)
                .statusCode());
        assertEquals(3, triggers(), logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unauthenticatedOrMalformedRequestsTriggerNothing() throws Exception {
        String wrong = WebhookAuth.hmacHex("another-secret-entirely".getBytes(StandardCharsets.UTF_8),
                PUSH.getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post("github", Map.of("X-Hub-Signature-256", "sha256=" + wrong), PUSH).statusCode());
        assertEquals(401, post("github", Map.of(), PUSH).statusCode(), "no signature");
        String tampered = PUSH.replace("main", "evil");
        String signedOriginal = WebhookAuth.hmacHex(SECRET, PUSH.getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post("gitea", Map.of("X-Gitea-Signature", signedOriginal), tampered).statusCode(),
                "a signature of another body");
        assertEquals(401, post("gitlab", Map.of("X-Gitlab-Token", "guess"), PUSH).statusCode());
        String garbage = "{not json";
        assertEquals(400, post("github", Map.of("X-Hub-Signature-256", "sha256=" + WebhookAuth.hmacHex(SECRET,
                garbage.getBytes(StandardCharsets.UTF_8))), garbage).statusCode(), "authentic but malformed");
        String huge = "{\"x\":\"" + "a".repeat(WatchConfig.MAX_WEBHOOK_BYTES) + "\"}";
        assertEquals(413, post("github", Map.of("X-Hub-Signature-256", "sha256=" + WebhookAuth.hmacHex(SECRET,
                huge.getBytes(StandardCharsets.UTF_8))), huge).statusCode(), "bounded body");
        assertEquals(404, post("bitbucket", Map.of(), PUSH).statusCode());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/hooks/github")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals(0, triggers(), logged.toString(StandardCharsets.UTF_8));
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("webhook-refused provider=github status=401"),
                logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void metricsAndHealthAnswer() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().toString());
        assertTrue(metrics.body().contains("harden_fetch_failures_total 0"), metrics.body());
        assertFalse(metrics.body().isEmpty());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/healthz")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok\n", health.body());
    }
}
