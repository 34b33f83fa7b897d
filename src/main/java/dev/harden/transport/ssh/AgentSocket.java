package dev.harden.transport.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of the running ssh-agent over its Unix socket ({@code SSH_AUTH_SOCK}), with the JDK's
 * own Unix domain sockets (MINA's Unix agent needs the native Tomcat APR library). MINA's
 * {@link AbstractAgentProxy} frames the requests (list identities, sign); this class only carries
 * them: one request, one answer, in order. harden asks it for nothing else: no keys are added
 * or removed, and the agent is never forwarded to a host.
 */
final class AgentSocket extends AbstractAgentProxy {

    /** An agent answer is a key list or a signature: far below this. */
    private static final int MAX_ANSWER = 256 * 1024;

    private final Path socket;
    private final SocketChannel channel;

    AgentSocket(Path socket) throws IOException {
        super(null);
        this.socket = socket;
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot reach ssh-agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = read(4);
        int size = length.getInt();
        if (size < 1 || size > MAX_ANSWER) {
            throw new IOException("ssh-agent at " + socket + " sent an answer of " + size + " bytes");
        }
        return new ByteArrayBuffer(read(size).array());
    }

    private ByteBuffer read(int size) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(size);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new EOFException("ssh-agent at " + socket + " closed the connection");
            }
        }
        in.flip();
        return in;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        super.close();
    }

    @Override
    public String toString() {
        return "ssh-agent " + socket;
    }
}
