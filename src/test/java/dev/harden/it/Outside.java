package dev.harden.it;

import java.nio.file.Path;
import org.testcontainers.containers.Network;

/**
 * The view from outside a host: a second container on the same Docker network that connects to
 * it and reads the line a listener sends. Docker's userland proxy accepts any connection on a
 * published port, so only this path tells whether a firewall lets traffic through.
 */
final class Outside implements AutoCloseable {

    private static final String LISTENER = "import socket, sys\ns = socket.socket()\n"
            + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(('0.0.0.0', int(sys.argv[1])))\n"
            + "s.listen()\nwhile True:\n    c, _ = s.accept()\n    c.sendall(b'hello-' + sys.argv[1].encode() + b'\\n')\n"
            + "    c.close()\n";
    private static final String READ_LINE = "import socket, sys\n"
            + "s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=4)\n"
            + "print(s.recv(64).decode(errors='replace').strip())\n";

    private final TestHost prober;

    private Outside(TestHost prober) {
        this.prober = prober;
    }

    static Outside start(Network network, Path work) throws Exception {
        return new Outside(TestHost.start("debian12-plain", network, "prober", work));
    }

    /** Starts a service on {@code host} that answers "hello-PORT" on every interface. */
    static void listen(TestHost host, int port) throws Exception {
        host.exec("systemd-run", "--unit", "harden-test-" + port, "python3", "-c", LISTENER, String.valueOf(port));
    }

    /** The first line the listener at {@code alias:port} sends; fails when nothing answers. */
    String read(String alias, int port) throws Exception {
        return prober.exec("python3", "-c", READ_LINE, alias, String.valueOf(port)).strip();
    }

    /** True when a listener at {@code alias:port} answers from outside. */
    boolean answers(String alias, int port) throws Exception {
        return prober.execResult("python3", "-c", READ_LINE, alias, String.valueOf(port)).getExitCode() == 0;
    }

    /** The first line the listener on {@code host} itself sends on loopback. */
    static String readLocally(TestHost host, int port) throws Exception {
        return host.exec("python3", "-c", READ_LINE, "127.0.0.1", String.valueOf(port)).strip();
    }

    @Override
    public void close() {
        prober.close();
    }
}
