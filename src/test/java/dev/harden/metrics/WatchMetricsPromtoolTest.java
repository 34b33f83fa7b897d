package dev.harden.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The watcher's /metrics text, checked by Prometheus' own promtool (Debian's prometheus package,
 * installed by .ci/test-hosts.sh): promtool is strict, e.g. a metric without HELP fails it.
 */
class WatchMetricsPromtoolTest {

    @Test
    void promtoolAcceptsTheExpositionAndTheValuesAreWhatHappened() throws Exception {
        WatchMetrics metrics = new WatchMetrics();
        metrics.applied("applied");
        metrics.applied("applied");
        metrics.applied("failed");
        metrics.applyTook(2.5);
        metrics.hostAt("web1", "1111111111111111111111111111111111111111");
        metrics.hostAt("web1", "2222222222222222222222222222222222222222");
        metrics.hostAt("db1", "2222222222222222222222222222222222222222");
        metrics.drifted(1);
        metrics.held(2);
        metrics.signatureRefused();
        String text = metrics.scrape();

        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + said + "\n" + text);

        assertTrue(text.contains("harden_applies_total{result=\"applied\"} 2.0"), text);
        assertTrue(text.contains("harden_applies_total{result=\"failed\"} 1.0"), text);
        assertTrue(text.contains("harden_applied_commit_info{commit=\"2222222222222222222222222222222222222222\","
                + "host=\"web1\"} 1"), text);
        assertFalse(text.contains("1111111111111111111111111111111111111111"), "a host's earlier commit is gone: " + text);
        assertTrue(text.contains("harden_drifted_hosts 1.0"), text);
        assertTrue(text.contains("harden_held_hosts 2.0"), text);
        assertTrue(text.contains("harden_signature_refusals_total 1.0"), text);
        assertTrue(text.contains("harden_fetch_failures_total 0.0"), text);
        assertTrue(text.contains("harden_apply_duration_seconds_count 1"), text);
    }
}
