package dev.harden.engine;

import dev.harden.source.TrustPolicy;
import java.time.Duration;
import java.util.List;

/**
 * How to run against the fleet.
 *
 * @param limit             host or group names (empty: every host)
 * @param parallelism       hosts worked on at once
 * @param trustNewHostKeys  accept and record host keys that are not pinned yet (never changed ones)
 * @param connectTimeout    per-host connect and authentication timeout
 * @param trust             which commits may be applied to which host (signatures, forward only)
 * @param sshConfig         an OpenSSH client config to reach hosts by (--ssh-config; it wins over the
 *                          inventory's ssh_config), or null
 */
public record RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                         TrustPolicy trust, String sshConfig) {

    public RunOptions {
        limit = List.copyOf(limit);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** Options without an ssh config of their own. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                      TrustPolicy trust) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, trust, null);
    }

    /** Options that check no commit's signature or ancestry. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, TrustPolicy.unchecked());
    }
}
