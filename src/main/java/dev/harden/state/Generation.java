package dev.harden.state;

import java.util.List;
import java.util.Map;

/**
 * One recorded change on a host (/var/lib/harden/generations/ID): who made it from which
 * commit, when, whether it was confirmed, what every touched resource was before it, and the
 * packages it newly installed. {@code problem} says why part of the record could not be read
 * (the rest is still shown); null when it was read whole.
 */
public record Generation(String id, Map<String, String> meta, List<ManifestEntry> entries, List<String> installed,
                         String problem) {

    public Generation {
        meta = Map.copyOf(meta);
        entries = List.copyOf(entries);
        installed = List.copyOf(installed);
    }

    public int format() {
        return "2".equals(meta.get("format")) ? 2 : 1;
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
