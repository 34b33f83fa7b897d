package dev.harden.module.firewall;

import java.util.Optional;

/**
 * One "allow" entry of the policy: incoming traffic to a port (or range) and protocol, from
 * anywhere (IPv4 and IPv6) or from one source network, with an optional comment.
 */
public record FirewallRule(PortRange port, String proto, Optional<Cidr> from, String comment) {

    public boolean fromAnywhere() {
        return from.isEmpty() || from.get().anywhere();
    }

    /** True when a connection from {@code address} to {@code port}/{@code proto} matches. */
    public boolean admits(String address, int port, String proto) {
        return this.proto.equals(proto) && this.port.contains(port) && (fromAnywhere() || from.get().contains(address));
    }

    /** "443/tcp from anywhere", "22/tcp from 10.0.0.0/8". */
    public String describe() {
        return port + "/" + proto + " from " + (fromAnywhere() ? "anywhere" : from.get().toString());
    }
}
