package dev.harden.state;

import java.util.List;
import java.util.Map;

/**
 * One recorded change on a host (/var/lib/harden/generations/ID): who made it from which
 * commit, when, whether it was confirmed, and what every touched path was before it.
 */
public record Generation(String id, Map<String, String> meta, List<ManifestEntry> entries) {

    public Generation {
        meta = Map.copyOf(meta);
        entries = List.copyOf(entries);
    }

    public String kind() {
        return meta.getOrDefault("kind", "apply");
    }

    public String status() {
        return meta.getOrDefault("status", "unknown");
    }

    public String commit() {
        return meta.getOrDefault("commit", "");
    }

    public String operator() {
        return meta.getOrDefault("operator", "");
    }

    public String started() {
        return meta.getOrDefault("started", "");
    }

    public boolean complete() {
        return "complete".equals(status());
    }

    public List<String> modules() {
        return entries.stream().map(ManifestEntry::module).distinct().toList();
    }
}
