package dev.harden.module.firewall;

import dev.harden.yaml.YamlNode;

/** One port or an inclusive range of ports, 1 to 65535. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("ports are 1 to 65535, a range low to high");
        }
    }

    /** Parses "22", "6000:6010" or "6000-6010"; the message says what is wrong. */
    public static PortRange parse(String text) {
        String[] parts = text.strip().split("[:-]", -1);
        try {
            if (parts.length == 1) {
                int port = Integer.parseInt(parts[0]);
                check(text, port);
                return new PortRange(port, port);
            }
            if (parts.length == 2) {
                int first = Integer.parseInt(parts[0]);
                int last = Integer.parseInt(parts[1]);
                check(text, first);
                check(text, last);
                if (first < last) {
                    return new PortRange(first, last);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("port " + YamlNode.quote(text) + " is not a port (1-65535) or a range like 6000:6010");
    }

    private static void check(String text, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + YamlNode.quote(text) + " is outside 1-65535");
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean single() {
        return first == last;
    }

    /** "22" or "6000:6010" (ufw's and iptables' spelling). */
    @Override
    public String toString() {
        return single() ? String.valueOf(first) : first + ":" + last;
    }

    /** "22" or "6000-6010" (firewalld's spelling). */
    public String dashed() {
        return single() ? String.valueOf(first) : first + "-" + last;
    }
}
