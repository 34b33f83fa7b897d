package dev.harden.engine;

import dev.harden.inventory.Shard;
import dev.harden.module.Requests;
import dev.harden.source.TrustPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run against the fleet.
 *
 * @param limit             host names, group names and globs (empty: every host)
 * @param parallelism       hosts worked on at once
 * @param trustNewHostKeys  accept and record host keys that are not pinned yet (never changed ones)
 * @param connectTimeout    per-host connect and authentication timeout
 * @param trust             which commits may be applied to which host (signatures, forward only)
 * @param requests          what the modules are asked beyond the desired state (trust new pinned
 *                          values, rotate secrets)
 * @param shard             the slice of the selected hosts this run works on (--shard I/N; {@link Shard#ALL})
 * @param sshConfig         an OpenSSH client config to reach hosts by (--ssh-config; it wins over the
 *                          inventory's ssh_config), or null
 */
public record RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                         TrustPolicy trust, Requests requests, Shard shard, String sshConfig) {

    public RunOptions {
        limit = List.copyOf(limit);
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(shard, "shard");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** Options for a slice of the selection, without an ssh config of their own. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                      TrustPolicy trust, Requests requests, Shard shard) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, trust, requests, shard, null);
    }

    /** Options for the whole selection, unsharded, without an ssh config of their own. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                      TrustPolicy trust, Requests requests) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, trust, requests, Shard.ALL, null);
    }

    /** Options that check no commit's signature or ancestry and ask the modules nothing more. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, TrustPolicy.unchecked());
    }

    /** Options that ask the modules nothing beyond the desired state. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                      TrustPolicy trust) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, trust, Requests.NONE);
    }
}
