package dev.harden.state;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the generations recorded on a host, and the backups they hold (one round trip each). */
public final class GenerationStore {

    private static final String HISTORY = """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            [ -d "$H/generations" ] || exit 0
            ls -1 "$H/generations" | sort -r | while read -r id; do
              [ -f "$H/generations/$id/meta" ] || continue
              echo "@@generation $id"
              cat "$H/generations/$id/meta"
              echo "@@manifest"
              cat "$H/generations/$id/manifest" 2>/dev/null
            done
            """;

    private static final String READ_BACKUPS = """
            H="${HARDEN_ROOT:-}/var/lib/harden"
            for spec in "$@"; do
              id="${spec%%:*}"; p="${spec#*:}"
              echo "@@backup $spec"
              base64 "$H/generations/$id/files$p" | tr -d '\\n'; echo
            done
            """;

    private GenerationStore() {
    }

    /** Every generation on the host, newest first. */
    public static List<Generation> list(Host host) {
        ExecResult result = host.run(Command.of("read the history", HISTORY));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read /var/lib/harden: " + result.reason());
        }
        List<Generation> generations = new ArrayList<>();
        String id = null;
        Map<String, String> meta = new LinkedHashMap<>();
        List<ManifestEntry> entries = new ArrayList<>();
        boolean inManifest = false;
        for (String line : result.out().split("\n")) {
            if (line.startsWith("@@generation ")) {
                if (id != null) {
                    generations.add(new Generation(id, meta, entries));
                }
                id = line.substring("@@generation ".length()).strip();
                meta = new LinkedHashMap<>();
                entries = new ArrayList<>();
                inManifest = false;
            } else if (line.equals("@@manifest")) {
                inManifest = true;
            } else if (inManifest && !line.isBlank()) {
                entries.add(ManifestEntry.parse(line));
            } else if (!line.isBlank() && line.indexOf('=') > 0) {
                meta.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        if (id != null) {
            generations.add(new Generation(id, meta, entries));
        }
        return generations;
    }

    /** The backed-up bytes of {@code path} in generation {@code id}, for several pairs at once. */
    public static Map<String, byte[]> backups(Host host, List<String> idColonPaths) {
        if (idColonPaths.isEmpty()) {
            return Map.of();
        }
        ExecResult result = host.run(new Command("read backups", READ_BACKUPS, idColonPaths, null, null));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": cannot read backups: " + result.reason());
        }
        Map<String, byte[]> backups = new HashMap<>();
        String[] lines = result.out().split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("@@backup ")) {
                backups.put(lines[i].substring("@@backup ".length()), Base64.getDecoder().decode(lines[i + 1].strip()));
            }
        }
        return backups;
    }
}
