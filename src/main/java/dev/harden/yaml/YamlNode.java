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

    /** A short human name for the node's type, for error messages. */
    static String describe(YamlNode node) {
        if (node instanceof Scalar s) {
            return s.kind() == Scalar.Kind.NULL ? "nothing" : s.kind().name().toLowerCase() + " '" + s.text() + "'";
        }
        return node instanceof Sequence ? "a list" : "a mapping";
    }
}
