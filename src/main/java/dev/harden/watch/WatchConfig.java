package dev.harden.watch;

import dev.harden.engine.Rollout;
import dev.harden.engine.RunOptions;
import dev.harden.source.TrustPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the watcher runs: the repository and branch it follows, how often it fetches and checks
 * for drift, where it listens for webhooks and metrics, which commits it trusts (from files outside
 * the repository it verifies), how changes roll out, and the safety settings of each change.
 *
 * @param webhookSecret the secret shared with the Git server; empty: webhooks are refused
 */
public record WatchConfig(String repo, String branch, Duration interval, Duration driftInterval,
                          Optional<InetSocketAddress> listen, TrustPolicy trust, Optional<byte[]> webhookSecret,
                          Rollout rollout, RunOptions runOptions, Duration confirmTimeout, int keepGenerations,
                          String operator) {

    /** The largest webhook body accepted (Git servers send far less). */
    public static final int MAX_WEBHOOK_BYTES = 1 << 20;
}
