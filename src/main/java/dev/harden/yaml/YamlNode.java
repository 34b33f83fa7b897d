package dev.harden.yaml;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it came from, so validation can say
 * "file:line: what is wrong". Built from SnakeYAML's node graph; no objects are constructed.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    Location location();

    /** A scalar with its resolved YAML type (str, int, bool, float, null). */
    record Scalar(String text, Kind kind, Location location) implements YamlNode {
        public enum Kind { STRING, INT, BOOL, FLOAT, NULL }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Keys are strings, in file order; each entry keeps the key's own location. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Location> keyLocations, Location location)
            implements YamlNode {
    }

    /** Where a node starts: a file (as the user knows it) and a 1-based line. */
    record Location(String file, int line) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }
    }

    /** A short human name for the node's type and value, for error messages. */
    static String describe(YamlNode node) {
        if (node instanceof Scalar s) {
            return s.kind() == Scalar.Kind.NULL ? "nothing" : s.kind().name().toLowerCase() + " " + quote(s.text());
        }
        return node instanceof Sequence ? "a list" : "a mapping";
    }

    /** A value in single quotes for a one-line message; see {@link #printable}. */
    static String quote(String value) {
        return "'" + printable(value) + "'";
    }

    /**
     * A value as it can appear inside a one-line message: line breaks, tabs and other control
     * or invisible formatting characters are shown escaped ({@code \n}, {@code \u001b}), and a
     * value longer than {@value #SHOWN} characters is shortened. Every message that repeats
     * a value from a file goes through here, so no value can split or recolour a message.
     */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(value.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > SHOWN) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** How much of a value a message shows. */
    int SHOWN = 80;
}
