package dev.harden.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the watcher exposes on /metrics, through the Prometheus Java client: applies by result,
 * how long they took, the commit each host was last confirmed at, how many hosts drifted or are
 * held, and how often a commit was refused or a fetch failed.
 */
public final class WatchMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter applies = Counter.builder().name("harden_applies_total")
            .help("Changes applied to hosts by the watcher, by result").labelNames("result").register(registry);
    private final Histogram applyDuration = Histogram.builder().name("harden_apply_duration_seconds")
            .help("Time to apply one commit to the fleet (all batches)").register(registry);
    private final Info appliedCommit = Info.builder().name("harden_applied_commit")
            .help("The commit each host was last confirmed at").labelNames("host", "commit").register(registry);
    private final Gauge drifted = Gauge.builder().name("harden_drifted_hosts")
            .help("Hosts that differ from the desired state at the last drift check").register(registry);
    private final Gauge held = Gauge.builder().name("harden_held_hosts")
            .help("Hosts on hold (left alone by the watcher) at the last check").register(registry);
    private final Counter signatureRefusals = Counter.builder().name("harden_signature_refusals_total")
            .help("Commits refused because no trusted key signed them").register(registry);
    private final Counter fetchFailures = Counter.builder().name("harden_fetch_failures_total")
            .help("Fetches of the desired-state repository that failed").register(registry);
    private final Map<String, String> commits = new HashMap<>();

    public WatchMetrics() {
        signatureRefusals.inc(0);
        fetchFailures.inc(0);
    }

    public void applied(String result) {
        applies.labelValues(result).inc();
    }

    public void applyTook(double seconds) {
        applyDuration.observe(seconds);
    }

    /** The host is now confirmed at {@code commit}: its previous series goes. */
    public synchronized void hostAt(String host, String commit) {
        String previous = commits.put(host, commit);
        if (previous != null && !previous.equals(commit)) {
            appliedCommit.remove(host, previous);
        }
        appliedCommit.addLabelValues(host, commit);
    }

    public void drifted(int hosts) {
        drifted.set(hosts);
    }

    public void held(int hosts) {
        held.set(hosts);
    }

    public void signatureRefused() {
        signatureRefusals.inc();
    }

    public void fetchFailed() {
        fetchFailures.inc();
    }

    /** The exposition text (Prometheus text format 0.0.4). */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
