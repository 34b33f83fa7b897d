package dev.harden.watch;

import dev.harden.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The watcher's log: one line per event, either text ("TIME EVENT key=value ...") or one JSON
 * object per line for log pipelines. Values can hold host output and commit messages, so the text
 * form shows control characters visibly and the JSON form escapes them.
 */
public final class EventLog {

    private final PrintStream out;
    private final boolean json;

    public EventLog(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Logs an event; {@code keyValues} alternate keys and values. */
    public void event(String event, Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", Instant.now().toString());
        fields.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            fields.put(String.valueOf(keyValues[i]), value == null || value instanceof Number || value instanceof Boolean
                    ? value : String.valueOf(value));
        }
        String line;
        if (json) {
            line = Json.line(fields);
        } else {
            StringBuilder text = new StringBuilder(fields.get("time") + " " + event);
            fields.entrySet().stream().skip(2).forEach(e -> text.append(' ').append(e.getKey()).append('=')
                    .append(quote(String.valueOf(e.getValue()))));
            line = text.toString();
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static String quote(String value) {
        StringBuilder visible = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                visible.append(String.format("\\x%02x", c));
            } else {
                visible.appendCodePoint(c);
            }
        });
        String text = visible.toString();
        return text.isEmpty() || text.contains(" ") || text.contains("\"") ? "\"" + text.replace("\"", "\\\"") + "\""
                : text;
    }
}
