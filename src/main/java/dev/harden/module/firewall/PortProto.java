package dev.harden.module.firewall;

/** A port (or range) and a protocol, e.g. 6379/tcp: what the policy marks internal. */
public record PortProto(PortRange port, String proto) {

    public boolean matches(int port, String proto) {
        return this.proto.equals(proto) && this.port.contains(port);
    }

    @Override
    public String toString() {
        return port + "/" + proto;
    }
}
