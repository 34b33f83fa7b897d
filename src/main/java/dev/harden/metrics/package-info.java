/**
 * The only package that imports the Prometheus Java client: the watcher's metrics and their
 * text exposition for /metrics.
 */
package dev.harden.metrics;
