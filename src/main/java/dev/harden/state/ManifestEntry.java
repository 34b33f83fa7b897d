package dev.harden.state;

import dev.harden.json.Json;
import dev.harden.resource.Change;
import dev.harden.resource.Kind;
import dev.harden.resource.Reload;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.resource.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One resource a generation changed, as recorded on the host in manifest.jsonl (one JSON object
 * per line after a {"format":2} header): what it was before (without the bytes of a file, which
 * are in files/INDEX), its module, how it is validated, which services read it, whether it is
 * sensitive and whether it can cut access. Written by the change protocol and read by history
 * and rollback through this one class, so the format is defined once; any argument survives.
 *
 * @param before the state before, by kind: {@code existed} and for files mode, owner, group,
 *               sha256, size; directories mode, owner, group; links target; packages version;
 *               units enablement and activity
 */
public record ManifestEntry(int index, ResourceId id, String module, Map<String, Object> before, List<Reload> reloads,
                            Optional<Validator> validator, boolean sensitive, boolean canCutAccess, String summary) {

    public static final int FORMAT = 2;

    public ManifestEntry {
        before = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(before)); // keeps the record's order
        reloads = List.copyOf(reloads);
    }

    /** The entry for a planned change, as entry {@code index} of a generation. */
    public static ManifestEntry of(int index, Change change, List<Reload> reloads, Optional<Validator> validator,
                                   boolean sensitive) {
        return new ManifestEntry(index, change.id(), change.module(), before(change.before()), reloads, validator,
                sensitive, change.desired().canCutAccess(), change.summary());
    }

    public boolean existed() {
        return Boolean.TRUE.equals(before.get("existed"));
    }

    public String path() {
        return id.key();
    }

    public String text(String key) {
        Object value = before.get(key);
        return value == null ? "" : value.toString();
    }

    public int mode() {
        return Integer.parseInt(text("mode").isEmpty() ? "0" : text("mode"), 8);
    }

    /** The header line of manifest.jsonl. */
    public static String header() {
        return Json.line(Map.of("format", FORMAT));
    }

    /**
     * Null when {@code line} is the header of a manifest this harden reads, else why it is not
     * (a newer format is never guessed at: its entries may mean something else).
     */
    static String headerProblem(String line) {
        Object format;
        try {
            format = Json.object(line).get("format");
        } catch (IllegalArgumentException e) {
            format = null;
        }
        if (format instanceof Integer number && number == FORMAT) {
            return null;
        }
        if (format instanceof Integer number && number > FORMAT) {
            return "its manifest is format " + number + ", written by a newer harden; this one reads format " + FORMAT;
        }
        return "its manifest does not start with its format ({\"format\":" + FORMAT + "})";
    }

    public String toLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("kind", id.kind().name().toLowerCase(Locale.ROOT));
        line.put("key", id.key());
        if (!id.detail().isEmpty()) {
            line.put("detail", id.detail());
        }
        line.put("module", module);
        line.put("before", before);
        line.put("reloads", reloads.stream().map(r -> {
            Map<String, Object> reload = new LinkedHashMap<>();
            reload.put("unit", r.unit());
            reload.put("pid_file", r.pidFile());
            return reload;
        }).toList());
        validator.ifPresent(v -> line.put("validator", v.argv()));
        line.put("sensitive", sensitive);
        line.put("can_cut_access", canCutAccess);
        line.put("summary", summary);
        return Json.line(line);
    }

    /** Parses one entry line; IllegalArgumentException when it is not one. */
    @SuppressWarnings("unchecked")
    public static ManifestEntry parse(String line) {
        Map<String, Object> m = Json.object(line);
        try {
            Kind kind = Kind.valueOf(((String) m.get("kind")).toUpperCase(Locale.ROOT));
            ResourceId id = new ResourceId(kind, (String) m.get("key"), (String) m.getOrDefault("detail", ""));
            List<Reload> reloads = new ArrayList<>();
            for (Map<String, Object> r : (List<Map<String, Object>>) m.getOrDefault("reloads", List.of())) {
                reloads.add(new Reload((String) r.get("unit"), (String) r.getOrDefault("pid_file", "")));
            }
            List<String> argv = (List<String>) m.get("validator");
            return new ManifestEntry(((Number) m.get("index")).intValue(), id, (String) m.get("module"),
                    (Map<String, Object>) m.get("before"), reloads,
                    argv == null ? Optional.empty() : Optional.of(new Validator(argv)),
                    Boolean.TRUE.equals(m.get("sensitive")), Boolean.TRUE.equals(m.get("can_cut_access")),
                    (String) m.getOrDefault("summary", ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("manifest entry unreadable (" + e.getMessage() + ")");
        }
    }

    /**
     * Parses a line of a format-1 manifest (harden before format 2): tab-separated state, mode,
     * owner, group, path, module, reloads, validator. Its validator was joined by spaces, so it is
     * dropped rather than guessed; files only.
     */
    static ManifestEntry parseFormat1(int index, String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 8) {
            throw new IllegalArgumentException("manifest line has " + f.length + " fields, expected 8");
        }
        boolean existed = "present".equals(f[0]);
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("existed", existed);
        if (existed) {
            before.put("mode", f[1]);
            before.put("owner", f[2]);
            before.put("group", f[3]);
        }
        List<Reload> reloads = new ArrayList<>();
        if (!f[6].equals("-")) {
            for (String spec : f[6].split(",")) {
                int colon = spec.indexOf(':');
                reloads.add(new Reload(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1)));
            }
        }
        return new ManifestEntry(index, ResourceId.file(f[4]), f[5], before, reloads, Optional.empty(), false, true,
                (existed ? "update " : "create ") + f[4]);
    }

    private static Map<String, Object> before(State state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("existed", !(state instanceof State.Absent));
        if (state instanceof State.File file) {
            m.put("mode", Integer.toOctalString(file.mode()));
            m.put("owner", file.owner());
            m.put("group", file.group());
            m.put("sha256", State.sha256(file.content()));
            m.put("size", file.content().length);
        } else if (state instanceof State.Directory dir) {
            m.put("mode", Integer.toOctalString(dir.mode()));
            m.put("owner", dir.owner());
            m.put("group", dir.group());
        } else if (state instanceof State.Link link) {
            m.put("target", link.target());
        } else if (state instanceof State.Package pkg) {
            m.put("version", pkg.version());
        } else if (state instanceof State.Unit unit) {
            m.put("enablement", unit.enablement());
            m.put("activity", unit.activity());
        } else if (state instanceof State.Secret secret) {
            m.put("sha256", secret.sha256());
        }
        return m;
    }
}
