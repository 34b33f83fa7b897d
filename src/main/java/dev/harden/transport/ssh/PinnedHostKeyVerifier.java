package dev.harden.transport.ssh;

import java.net.SocketAddress;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * MINA's host key check, answered by {@link HostKeyPolicy} for the session's
 * {@link ConnectAttempt}. A session without an attempt is refused: nothing connects unchecked.
 */
final class PinnedHostKeyVerifier implements ServerKeyVerifier {

    private final HostKeyPolicy policy;

    PinnedHostKeyVerifier(HostKeyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        ConnectAttempt attempt = ConnectAttempt.of(session);
        if (attempt == null) {
            return false;
        }
        HostKeyPolicy.Decision decision;
        try {
            decision = policy.check(attempt.hostName(), attempt.address(), attempt.port(), HostKey.of(serverKey));
        } catch (RuntimeException e) {
            decision = HostKeyPolicy.Decision.refuse(attempt.hostName() + ": cannot check the SSH host key of "
                    + attempt.address() + ":" + attempt.port() + ": " + e.getMessage());
        }
        if (!decision.accepted()) {
            attempt.refuse(decision.refusal());
        }
        return decision.accepted();
    }
}
