package dev.harden.state;

import dev.harden.resource.Kinds;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Frames;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the generations recorded on a host, and the backups they hold (one round trip each).
 * The host's answer is framed and bounded; a generation whose record cannot be read is listed
 * with the problem instead of failing the host.
 */
public final class GenerationStore {

    /** The newest generations read at most (retention keeps 20 by default). */
    static final int MAX_GENERATIONS = 200;

    private static final String HISTORY = Kinds.SCRIPT + """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            [ -d "$H/generations" ] || exit 0
            n=0
            for id in $(ls -1 "$H/generations" | sort -r | head -n %d); do
              g="$H/generations/$id"
              [ -f "$g/meta" ] || continue
              section "g$n.id" printf '%%s' "$id"
              section "g$n.meta" cat "$g/meta"
              if [ -f "$g/manifest.jsonl" ]; then section "g$n.manifest" cat "$g/manifest.jsonl"
              else section "g$n.manifest1" cat "$g/manifest"; fi
              section "g$n.installed" cat "$g/installed"
              n=$((n + 1))
            done
            exit 0
            """.formatted(MAX_GENERATIONS);

    private static final String READ_BACKUPS = Kinds.SCRIPT + """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            n=0
            for spec in "$@"; do
              f="$H/generations/${spec%%:*}/files/${spec#*:}"
              [ -f "$f" ] && section "b$n" cat "$f"
              n=$((n + 1))
            done
            exit 0
            """;

    /** The commit of the newest complete apply generation (meta only: a later line overrides an earlier one). */
    private static final String LAST_APPLIED = Kinds.SCRIPT + """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            [ -d "$H/generations" ] || exit 0
            for id in $(ls -1 "$H/generations" | sort -r | head -n %d); do
              m="$H/generations/$id/meta"
              [ -f "$m" ] || continue
              [ "$(sed -n 's/^kind=//p' "$m" | tail -n 1)" = apply ] || continue
              [ "$(sed -n 's/^status=//p' "$m" | tail -n 1)" = complete ] || continue
              c=$(sed -n 's/^commit=//p' "$m" | tail -n 1)
              section commit printf '%%s' "$c"
              exit 0
            done
            exit 0
            """.formatted(MAX_GENERATIONS);

    private GenerationStore() {
    }

    /** Every generation on the host, newest first. */
    public static List<Generation> list(Host host) {
        ExecResult result = host.run(Command.of("read the history", HISTORY));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read /var/lib/harden: " + result.reason());
        }
        Map<String, byte[]> sections = Frames.parse(host.name(), result.stdout());
        List<Generation> generations = new ArrayList<>();
        for (int n = 0; sections.containsKey("g" + n + ".id"); n++) {
            generations.add(generation(sections, "g" + n + "."));
        }
        return generations;
    }

    /**
     * The commit of the newest complete generation of kind apply: what the host was last moved to
     * from Git. Rollbacks restore files, not a commit, and do not count; nor do generations that
     * were reverted or never confirmed. Empty when there is none, or its commit is not a commit id.
     */
    public static Optional<String> lastApplied(Host host) {
        ExecResult result = host.run(Command.of("read the last applied commit", LAST_APPLIED));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read /var/lib/harden: " + result.reason());
        }
        String commit = text(Frames.parse(host.name(), result.stdout()), "commit").strip();
        return commit.matches("[0-9a-f]{40}") ? Optional.of(commit) : Optional.empty();
    }

    private static Generation generation(Map<String, byte[]> sections, String prefix) {
        String id = text(sections, prefix + "id").strip();
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : text(sections, prefix + "meta").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1)); // a later line overrides an earlier one
            }
        }
        List<ManifestEntry> entries = new ArrayList<>();
        boolean format1 = sections.containsKey(prefix + "manifest1");
        String[] lines = text(sections, prefix + (format1 ? "manifest1" : "manifest")).split("\n");
        String header = format1 ? null : ManifestEntry.headerProblem(lines[0]);
        String problem = header;
        for (int i = format1 ? 0 : 1; header == null && i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                entries.add(format1 ? ManifestEntry.parseFormat1(entries.size(), lines[i]) : ManifestEntry.parse(lines[i]));
            } catch (IllegalArgumentException e) {
                problem = problem != null ? problem : "line " + (i + 1) + " of its manifest is unreadable: " + e.getMessage();
            }
        }
        List<String> installed = text(sections, prefix + "installed").lines().map(String::strip)
                .filter(l -> l.matches("[a-z0-9][a-z0-9+.:-]{0,99}")).distinct().toList();
        return new Generation(id, meta, entries, installed, problem);
    }

    /**
     * The backed-up bytes of entries, for several at once: keys "ID:INDEX" (format 2) or
     * "ID:/path" (format 1), values the bytes.
     */
    public static Map<String, byte[]> backups(Host host, List<String> idColonEntries) {
        if (idColonEntries.isEmpty()) {
            return Map.of();
        }
        ExecResult result = host.run(new Command("read backups", READ_BACKUPS, idColonEntries, null));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read backups: " + result.reason());
        }
        Map<String, byte[]> sections = Frames.parse(host.name(), result.stdout());
        Map<String, byte[]> backups = new HashMap<>();
        for (int n = 0; n < idColonEntries.size(); n++) {
            byte[] bytes = sections.get("b" + n);
            if (bytes != null) {
                backups.put(idColonEntries.get(n), bytes);
            }
        }
        return backups;
    }

    private static String text(Map<String, byte[]> sections, String name) {
        byte[] bytes = sections.get(name);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
