package dev.harden.module.apparmor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code aa-status --json} prints into maps, lists and strings. Lenient where aa-status
 * is known to be wrong and strict about everything else: AppArmor 3.0.8 (Debian 12) leaves out
 * the comma between the process lists of two modes, and every version prints names with printf,
 * unescaped, so a key may repeat (the later value wins). Bounded: the probe sends at most 4 MiB,
 * and nesting deeper than {@link #MAX_DEPTH} is refused. Any other malformation throws
 * IllegalArgumentException, and the module falls back to the kernel's own list of profiles.
 */
final class StatusJson {

    private static final int MAX_DEPTH = 8;

    private final String text;
    private int at;

    private StatusJson(String text) {
        this.text = text;
    }

    /** Parses one JSON object (what aa-status --json prints). */
    static Map<String, Object> object(String text) {
        StatusJson reader = new StatusJson(text);
        reader.space();
        if (reader.peek() != '{') {
            throw new IllegalArgumentException("not a JSON object");
        }
        Object value = reader.value(0);
        reader.space();
        if (reader.at != text.length()) {
            throw new IllegalArgumentException("text after the JSON object at " + reader.at);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
        }
        space();
        char c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            default -> scalar();
        };
    }

    private Map<String, Object> object(int depth) {
        at++;
        Map<String, Object> values = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            at++;
            return values;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            values.put(key, value(depth + 1));
            space();
            char c = peek();
            if (c == ',') {
                at++;
            } else if (c == '}') {
                at++;
                return values;
            } else if (c != '"') { // a missing comma before the next key is aa-status 3.0.8's; anything else is not
                throw new IllegalArgumentException("expected , or } at " + at);
            }
        }
    }

    private List<Object> array(int depth) {
        at++;
        List<Object> values = new ArrayList<>();
        space();
        if (peek() == ']') {
            at++;
            return values;
        }
        while (true) {
            values.add(value(depth + 1));
            space();
            char c = peek();
            if (c == ',') {
                at++;
            } else if (c == ']') {
                at++;
                return values;
            } else {
                throw new IllegalArgumentException("expected , or ] at " + at);
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new IllegalArgumentException("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
    }

    /** Numbers, true, false and null, kept as their text (aa-status itself prints only strings). */
    private String scalar() {
        int start = at;
        while (at < text.length() && "-+.0123456789eEtruefalsn".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("unexpected character at " + at);
        }
        return text.substring(start, at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + at);
        }
        at++;
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("the JSON ends early");
        }
        return text.charAt(at);
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
