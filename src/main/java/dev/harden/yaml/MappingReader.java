package dev.harden.yaml;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed fields out of a YAML mapping, failing with "file:line: what: expected ..."
 * messages. Used for structured files (inventory) whose keys are fixed.
 */
public final class MappingReader {

    private final YamlNode.Mapping mapping;
    private final String what;

    /** {@code what} names the thing being read in messages, e.g. "host 'web1'". */
    public MappingReader(YamlNode node, String what) {
        if (!(node instanceof YamlNode.Mapping m)) {
            throw new HardenException(node.location() + ": " + what + " must be a mapping, got " + YamlNode.describe(node));
        }
        this.mapping = m;
        this.what = what;
    }

    public YamlNode.Location location() {
        return mapping.location();
    }

    public Set<String> keys() {
        return mapping.entries().keySet();
    }

    /** Rejects keys outside {@code allowed}, naming the first unknown one. */
    public MappingReader onlyKeys(Set<String> allowed) {
        for (String key : mapping.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw new HardenException(at(key) + ": unknown key " + YamlNode.quote(key) + " in " + what + " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    public Optional<YamlNode> node(String key) {
        YamlNode node = mapping.entries().get(key);
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return Optional.empty();
        }
        return Optional.ofNullable(node);
    }

    public Optional<String> string(String key) {
        return node(key).map(n -> {
            if (n instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL && !s.text().isBlank()
                    && s.text().indexOf('\n') < 0) {
                return s.text().trim();
            }
            throw new HardenException(at(key) + ": " + what + " " + key + " must be a single-line text, got "
                    + YamlNode.describe(n));
        });
    }

    public String requiredString(String key) {
        return string(key).orElseThrow(() -> new HardenException(mapping.location() + ": " + what
                + " needs '" + key + "'"));
    }

    public Optional<Integer> integer(String key, int min, int max) {
        return node(key).map(n -> {
            if (n instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INT) {
                try {
                    int value = Integer.parseInt(s.text());
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new HardenException(at(key) + ": " + what + " " + key + " must be an integer from " + min + " to "
                    + max + ", got " + YamlNode.describe(n));
        });
    }

    public List<String> stringList(String key) {
        return scalarList(key).stream().map(YamlNode.Scalar::text).toList();
    }

    /** Like {@link #stringList}, keeping each item's location for messages about one item. */
    public List<YamlNode.Scalar> scalarList(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return List.of();
        }
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            throw new HardenException(at(key) + ": " + what + " " + key + " must be a list like [a, b], got "
                    + YamlNode.describe(node.get()));
        }
        List<YamlNode.Scalar> values = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Scalar s) || s.kind() == YamlNode.Scalar.Kind.NULL) {
                throw new HardenException(item.location() + ": " + what + " " + key + " items must be words, got "
                        + YamlNode.describe(item));
            }
            values.add(s);
        }
        return values;
    }

    /** The entries of a nested mapping field (empty when absent). */
    public Map<String, YamlNode> entries(String key) {
        return node(key).map(n -> new MappingReader(n, what + " " + key).mapping.entries()).orElse(Map.of());
    }

    public YamlNode.Location at(String key) {
        YamlNode.Location location = mapping.keyLocations().get(key);
        return location != null ? location : mapping.location();
    }
}
