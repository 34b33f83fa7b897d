package dev.harden.transport.ssh;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * What one connection attempt is for (inventory host, address, port as written in the
 * inventory), travelling with the MINA session as its connection context so the host key
 * verifier knows which pins apply. The verifier can only answer yes or no, so it leaves the
 * precise refusal here for {@link SshConnector} to throw.
 */
final class ConnectAttempt {

    private static final AttributeKey<ConnectAttempt> KEY = new AttributeKey<>();

    private final String hostName;
    private final String address;
    private final int port;
    private final boolean agent;
    private volatile String refusal;

    ConnectAttempt(String hostName, String address, int port) {
        this(hostName, address, port, false);
    }

    /** @param agent log in with the keys of ssh-agent (the host has no identity file) */
    ConnectAttempt(String hostName, String address, int port, boolean agent) {
        this.hostName = hostName;
        this.address = address;
        this.port = port;
        this.agent = agent;
    }

    /** The attempt a session was opened for, or null for a session harden did not open. */
    static ConnectAttempt of(Session session) {
        if (session instanceof ClientSession client && client.getConnectionContext() != null) {
            return client.getConnectionContext().getAttribute(KEY);
        }
        return null;
    }

    AttributeRepository asContext() {
        return AttributeRepository.ofKeyValuePair(KEY, this);
    }

    String hostName() {
        return hostName;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    /** Whether this login may use ssh-agent's keys: only when the host has no identity file. */
    boolean usesAgent() {
        return agent;
    }

    void refuse(String reason) {
        refusal = reason;
    }

    /** Why the host key was refused, or null if it was not. */
    String refusal() {
        return refusal;
    }
}
