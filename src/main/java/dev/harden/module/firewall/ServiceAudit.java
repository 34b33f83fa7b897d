package dev.harden.module.firewall;

import dev.harden.facts.Listener;
import dev.harden.facts.NetworkFacts;
import dev.harden.module.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layer 4, knowing what listens where: compares the listening sockets ({@code ss -tulpn}) with
 * the firewall policy. Findings are data for the operator, never errors:
 * a service reachable on a non-loopback address that no rule allows, a rule with nothing behind
 * it, and an internal service bound to every interface.
 */
final class ServiceAudit {

    private static final String MODULE = "audit";

    private ServiceAudit() {
    }

    /**
     * @param filtering true when a firewall with a non-allow default will filter incoming traffic
     */
    static List<Finding> findings(NetworkFacts network, FirewallPolicy policy, List<AllowedRule> rules,
                                  boolean filtering) {
        if (!network.listenersKnown()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, Socket> sockets = new LinkedHashMap<>();
        for (Listener listener : network.listeners()) {
            if (!listener.loopbackOnly()) {
                sockets.computeIfAbsent(listener.portProto(), k -> new Socket(listener.port(), listener.proto()))
                        .add(listener);
            }
        }
        for (Socket socket : sockets.values()) {
            boolean allowed = rules.stream().anyMatch(r -> r.rule().proto().equals(socket.proto)
                    && r.rule().port().contains(socket.port));
            boolean internal = policy.internal().stream().anyMatch(p -> p.matches(socket.port, socket.proto));
            if (internal && socket.allInterfaces) {
                findings.add(Finding.warning(MODULE, socket.label() + " is marked internal (firewall.internal) but"
                        + " listens on all interfaces (" + String.join(", ", socket.addresses) + "); bind it to"
                        + " 127.0.0.1 or a private address"));
            } else if (!allowed && !internal) {
                findings.add(Finding.warning(MODULE, socket.describe() + (filtering
                        ? " but no firewall rule allows it, so the firewall blocks it; bind it to 127.0.0.1 if only"
                        + " this host uses it, or add it to firewall.allow"
                        : " and no host firewall filters it")));
            }
        }
        for (AllowedRule allowed : rules) {
            FirewallRule rule = allowed.rule();
            boolean listening = sockets.values().stream().anyMatch(s -> s.proto.equals(rule.proto())
                    && rule.port().contains(s.port));
            if (!listening && !allowed.guard()) {
                findings.add(Finding.info(MODULE, "the firewall allows " + rule.describe()
                        + " but nothing listens there"));
            }
        }
        return findings;
    }

    /** One port/protocol and every non-loopback address and process on it. */
    private static final class Socket {
        private final int port;
        private final String proto;
        private final Set<String> addresses = new LinkedHashSet<>();
        private final Set<String> processes = new LinkedHashSet<>();
        private boolean allInterfaces;

        Socket(int port, String proto) {
            this.port = port;
            this.proto = proto;
        }

        void add(Listener listener) {
            addresses.add(listener.address());
            if (!listener.process().isEmpty()) {
                processes.add(listener.process());
            }
            allInterfaces |= listener.allInterfaces();
        }

        String label() {
            return port + "/" + proto + (processes.isEmpty() ? "" : " (" + String.join(", ", processes) + ")");
        }

        String describe() {
            return label() + " listens on " + String.join(" and ", addresses);
        }
    }
}
