package dev.harden.facts;

/**
 * A listening socket from {@code ss -tulpn}: protocol (tcp or udp), the local address without
 * brackets or interface suffix ("0.0.0.0", "::", "127.0.0.1"), the port, and the process name
 * ("" when ss could not tell).
 */
public record Listener(String proto, String address, int port, String process) {

    /** True for 127.0.0.0/8 and ::1: reachable from this host only. */
    public boolean loopbackOnly() {
        return address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
    }

    /** True for the wildcard addresses: every interface, every address of the host. */
    public boolean allInterfaces() {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("*");
    }

    /** "8080/tcp". */
    public String portProto() {
        return port + "/" + proto;
    }

    /**
     * Parses one line of {@code ss -tulpnH}, e.g.
     * {@code tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=45,fd=3))}; null when the
     * line is not a listening TCP or UDP socket.
     */
    public static Listener parse(String line) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length < 5) {
            return null;
        }
        String proto = cols[0];
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            return null;
        }
        String local = cols[4];
        int colon = local.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(local.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        String address = local.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int percent = address.indexOf('%');
        if (percent >= 0) {
            address = address.substring(0, percent);
        }
        if (address.startsWith("::ffff:") && address.indexOf('.') > 0) {
            address = address.substring("::ffff:".length());
        }
        String process = "";
        if (cols.length > 6) {
            int quote = line.indexOf("((\"");
            if (quote >= 0) {
                int end = line.indexOf('"', quote + 3);
                process = end > quote ? line.substring(quote + 3, end) : "";
            }
        }
        return new Listener(proto, address, port, process);
    }
}
