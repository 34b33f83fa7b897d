package dev.harden.engine;

import dev.harden.inventory.Shard;
import dev.harden.source.TrustPolicy;
import java.time.Duration;
import java.util.List;

/**
 * How to run against the fleet.
 *
 * @param limit             host names, group names and globs (empty: every host)
 * @param parallelism       hosts worked on at once
 * @param trustNewHostKeys  accept and record host keys that are not pinned yet (never changed ones)
 * @param connectTimeout    per-host connect and authentication timeout
 * @param trust             which commits may be applied to which host (signatures, forward only)
 * @param shard             the slice of the selected hosts this run works on (--shard I/N; {@link Shard#ALL})
 */
public record RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                         TrustPolicy trust, Shard shard) {

    public RunOptions {
        limit = List.copyOf(limit);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        java.util.Objects.requireNonNull(shard, "shard");
    }

    /** Options for the whole selection, unsharded. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout,
                      TrustPolicy trust) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, trust, Shard.ALL);
    }

    /** Options that check no commit's signature or ancestry. */
    public RunOptions(List<String> limit, int parallelism, boolean trustNewHostKeys, Duration connectTimeout) {
        this(limit, parallelism, trustNewHostKeys, connectTimeout, TrustPolicy.unchecked());
    }
}
