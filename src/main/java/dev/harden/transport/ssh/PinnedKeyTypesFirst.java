package dev.harden.transport.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;

/**
 * Like OpenSSH, asks a server first for the host key types already pinned for it, so a host
 * whose ECDSA key is pinned is not asked for its ED25519 key (which would look like a changed
 * key). Runs when a session is created, before its first key exchange proposal is sent.
 */
final class PinnedKeyTypesFirst implements SessionListener {

    private final HostKeyPolicy policy;

    PinnedKeyTypesFirst(HostKeyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void sessionCreated(Session session) {
        ConnectAttempt attempt = ConnectAttempt.of(session);
        if (attempt == null) {
            return;
        }
        Set<String> pinnedTypes = policy.pinnedKeyTypes(attempt.address(), attempt.port());
        if (!pinnedTypes.isEmpty()) {
            session.setSignatureFactories(reorder(session.getSignatureFactories(), pinnedTypes));
        }
    }

    /** The same algorithms, those that verify one of {@code keyTypes} first, otherwise in order. */
    static List<NamedFactory<Signature>> reorder(List<NamedFactory<Signature>> algorithms, Set<String> keyTypes) {
        List<NamedFactory<Signature>> first = new ArrayList<>();
        List<NamedFactory<Signature>> rest = new ArrayList<>();
        for (NamedFactory<Signature> algorithm : algorithms) {
            boolean pinned = keyTypes.contains(KeyUtils.getCanonicalKeyType(algorithm.getName()));
            (pinned ? first : rest).add(algorithm);
        }
        first.addAll(rest);
        return first;
    }
}
