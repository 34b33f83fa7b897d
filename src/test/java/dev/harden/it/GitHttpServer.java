package dev.harden.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Git server over smart HTTP on 127.0.0.1, as a team would run one: Debian's nginx in front
 * of fcgiwrap and git's own git-http-backend (clone, fetch and push work). nginx's access log
 * shows every request, so a test can tell whether a fetch happened. Started and stopped by the test.
 */
final class GitHttpServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process fcgiwrap;
    private final Process nginx;

    private GitHttpServer(Path dir, int port, Process fcgiwrap, Process nginx) {
        this.dir = dir;
        this.port = port;
        this.fcgiwrap = fcgiwrap;
        this.nginx = nginx;
    }

    static GitHttpServer start(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("repos"));
        Files.createDirectories(dir.resolve("tmp"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path socket = dir.resolve("fcgiwrap.sock");
        Process fcgiwrap = new ProcessBuilder("fcgiwrap", "-s", "unix:" + socket).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fcgiwrap.log").toFile()).start();
        for (int i = 0; i < 50 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        String t = dir.resolve("tmp").toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                user root;
                worker_processes 1;
                error_log %s/error.log;
                pid %s/nginx.pid;
                events { worker_connections 64; }
                http {
                  access_log %s/access.log;
                  client_body_temp_path %s/body;
                  fastcgi_temp_path %s/fastcgi;
                  proxy_temp_path %s/proxy;
                  client_max_body_size 64m;
                  server {
                    listen 127.0.0.1:%d;
                    location ~ ^/git(/.*)$ {
                      fastcgi_pass unix:%s;
                      include /etc/nginx/fastcgi_params;
                      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
                      fastcgi_param GIT_HTTP_EXPORT_ALL "";
                      fastcgi_param GIT_PROJECT_ROOT %s;
                      fastcgi_param PATH_INFO $1;
                      fastcgi_param REMOTE_USER tester;
                    }
                  }
                }
                """.formatted(dir, dir, dir, t, t, t, port, socket, dir.resolve("repos")), StandardCharsets.UTF_8);
        Process nginx = new ProcessBuilder("nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        GitHttpServer server = new GitHttpServer(dir, port, fcgiwrap, nginx);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("nginx did not listen on " + port + ": " + Files.readString(dir.resolve("nginx.out")));
    }

    /** A new bare repository served at {@link #url}, accepting pushes. */
    void createRepository(String name) throws Exception {
        Path repo = dir.resolve("repos").resolve(name);
        GitCli.run(dir, "git", "init", "--bare", "--initial-branch=main", repo.toString());
        GitCli.run(repo, "git", "config", "http.receivepack", "true");
    }

    String url(String name) {
        return "http://127.0.0.1:" + port + "/git/" + name;
    }

    /** Requests nginx served so far, one per line. */
    List<String> requests() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() {
        for (Process process : List.of(nginx, fcgiwrap)) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
