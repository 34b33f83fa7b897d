package dev.harden.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harden.HardenException;
import dev.harden.json.Json;
import dev.harden.metrics.WatchMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The watcher's HTTP side (the JDK's server): POST /hooks/github, /hooks/gitlab, /hooks/gitea
 * (an authentic webhook only triggers a fetch: its payload is never trusted for the commit),
 * GET /metrics and GET /healthz. Unauthenticated requests get 401, malformed ones 400, both
 * trigger nothing; bodies are bounded.
 */
public final class WebhookServer implements AutoCloseable {

    private final HttpServer server;
    private final Optional<byte[]> secret;
    private final Watcher watcher;
    private final WatchMetrics metrics;
    private final EventLog log;

    public WebhookServer(InetSocketAddress address, Optional<byte[]> secret, Watcher watcher, WatchMetrics metrics,
                         EventLog log) {
        this.secret = secret;
        this.watcher = watcher;
        this.metrics = metrics;
        this.log = log;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new HardenException("--listen " + address.getHostString() + ":" + address.getPort() + ": cannot listen"
                    + " (" + e.getMessage() + "); pick a free port");
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "harden-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/hooks/", this::hook);
        server.createContext("/metrics", exchange -> {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "GET only\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", WatchMetrics.contentType());
            reply(exchange, 200, metrics.scrape());
        });
        server.createContext("/healthz", exchange -> reply(exchange, 200, "ok\n"));
    }

    public void start() {
        server.start();
    }

    /** The port the server listens on (useful when it was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void hook(HttpExchange exchange) throws IOException {
        String segment = exchange.getRequestURI().getPath().substring("/hooks/".length());
        Optional<WebhookAuth> provider = WebhookAuth.forPath(segment);
        if (provider.isEmpty()) {
            reply(exchange, 404, "no such hook; use /hooks/github, /hooks/gitlab or /hooks/gitea\n");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            reply(exchange, 405, "POST only\n");
            return;
        }
        byte[] body = readBounded(exchange.getRequestBody());
        if (body == null) {
            log.event("webhook-refused", "provider", segment, "status", 413, "reason", "body too large");
            reply(exchange, 413, "body too large\n");
            return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.isEmpty() ? "" : values.get(0)));
        if (secret.isEmpty() || !provider.get().authentic(headers, body, secret.get())) {
            log.event("webhook-refused", "provider", segment, "status", 401, "from",
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            reply(exchange, 401, "not authenticated\n");
            return;
        }
        try {
            Json.object(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            log.event("webhook-refused", "provider", segment, "status", 400, "reason", "not a JSON object");
            reply(exchange, 400, "malformed: not a JSON object\n");
            return;
        }
        reply(exchange, 202, "fetching\n");
        watcher.trigger(segment + " webhook");
    }

    /** The body, or null when it is larger than allowed. */
    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(WatchConfig.MAX_WEBHOOK_BYTES + 1);
        return bytes.length > WatchConfig.MAX_WEBHOOK_BYTES ? null : bytes;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<String> providers() {
        return List.of("github", "gitlab", "gitea");
    }
}
