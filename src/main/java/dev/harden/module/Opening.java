package dev.harden.module;

import java.util.Objects;
import java.util.Optional;

/**
 * Incoming traffic a module's service needs on a host (WireGuard's UDP port; a service reachable
 * from a private network's range), which the firewall module adds to the rules it renders. Modules
 * declare openings from their own policy ({@link Module#openings}); the planner hands every
 * module's openings for the host to every module ({@link ModuleInput#openings}), read-only, so no
 * module reads another's policy keys.
 *
 * @param module   the module that needs it (shown in the rule's comment)
 * @param fromPort first port
 * @param toPort   last port (the same as fromPort for one port)
 * @param proto    tcp or udp
 * @param source   the source network (an address or CIDR); empty: from anywhere
 * @param comment  a few words for the rule (letters, digits, spaces, . _ : / -, never "--")
 */
public record Opening(String module, int fromPort, int toPort, String proto, Optional<String> source,
                      String comment) {

    public Opening {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(source, "source");
        if (fromPort < 1 || toPort > 65535 || toPort < fromPort) {
            throw new IllegalArgumentException("not a port range: " + fromPort + ":" + toPort);
        }
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw new IllegalArgumentException("proto is tcp or udp: " + proto);
        }
        if (!comment.matches("(?!.*--)[A-Za-z0-9 ._:/-]{0,64}")) {
            throw new IllegalArgumentException("an opening's comment is a few plain words: " + comment);
        }
    }

    /** "51820/udp from anywhere", "5432/tcp from 10.99.0.0/24". */
    public String describe() {
        return (fromPort == toPort ? String.valueOf(fromPort) : fromPort + ":" + toPort) + "/" + proto + " from "
                + source.orElse("anywhere");
    }
}
