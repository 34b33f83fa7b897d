package dev.harden.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/**
 * Gives MINA's public key login the ssh-agent's keys for exactly the logins that asked for
 * them ({@link ConnectAttempt#usesAgent()}: hosts with no identity file), and to no other. No
 * agent forwarding: there are no forwarding channels and no agent server.
 */
final class AgentForHostsWithoutKey implements SshAgentFactory {

    private final Path socket;

    /** @param socket the agent's socket (SSH_AUTH_SOCK), or null when no agent runs */
    AgentForHostsWithoutKey(Path socket) {
        this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        ConnectAttempt attempt = ConnectAttempt.of(session);
        if (socket == null || attempt == null || !attempt.usesAgent()) {
            return null;
        }
        return new AgentSocket(socket);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("harden never forwards an SSH agent");
    }
}
