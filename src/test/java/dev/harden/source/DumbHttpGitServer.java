package dev.harden.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Serves a repository's .git folder over the "dumb" HTTP protocol on 127.0.0.1 (random port),
 * behind HTTP basic authentication: enough for a fetch with credentials in the URL, with no
 * server-side Git. Call {@link #publish} after each change so that info/refs is current.
 */
final class DumbHttpGitServer implements AutoCloseable {

    private final HttpServer server;
    private final Path gitDir;
    private final String expectedAuthorization;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    DumbHttpGitServer(Repository repository, String user, String password) {
        this.gitDir = repository.getDirectory().toPath();
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/fleet.git/", this::handle);
        server.start();
        publish(repository);
    }

    /** The repository's URL, with {@code userInfo} ("user:password") before the host. */
    String url(String userInfo) {
        return "http://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort() + "/fleet.git";
    }

    /** The Authorization headers received (to check the credentials were really used). */
    List<String> authorizations() {
        return authorizations;
    }

    /** Writes info/refs and objects/info/packs, which a dumb HTTP client reads first. */
    void publish(Repository repository) {
        try {
            StringBuilder refs = new StringBuilder();
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                if (!ref.isSymbolic() && ref.getObjectId() != null) {
                    refs.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
                }
            }
            Files.createDirectories(gitDir.resolve("info"));
            Files.writeString(gitDir.resolve("info/refs"), refs);
            Files.createDirectories(gitDir.resolve("objects/info"));
            Files.writeString(gitDir.resolve("objects/info/packs"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            if (!expectedAuthorization.equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fleet\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String relative = exchange.getRequestURI().getPath().substring("/fleet.git/".length());
            Path file = gitDir.resolve(relative).normalize();
            if (!file.startsWith(gitDir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
