package dev.harden.yaml;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Converts one file's composed SnakeYAML node graph into {@link YamlNode}s. In that graph an
 * alias is the anchored node itself, so a few aliases can stand for billions of values (the
 * "billion laughs") or for a value that contains itself. The conversion therefore counts every
 * value it builds, an alias each time it is expanded, and stops at {@link #MAX_VALUES}; it
 * refuses self-reference and nesting deeper than {@link #MAX_DEPTH}, aliases included. So
 * memory, time and stack stay bounded whatever the file says, and later stages walk a tree
 * of bounded size.
 */
final class NodeConverter {

    /**
     * Far above any real policy or inventory file (a 2,000-host inventory has about 40,000
     * values), and about 25 MB of tree at most.
     */
    static final int MAX_VALUES = 250_000;
    static final int MAX_DEPTH = 50;

    private final String file;
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    NodeConverter(String file) {
        this.file = file;
    }

    YamlNode convert(Node node) {
        YamlNode.Location location = location(node);
        if (++values > MAX_VALUES) {
            throw new HardenException(location + ": YAML has more than " + MAX_VALUES + " values (each use of an"
                    + " alias counts as a copy of its anchor); use fewer aliases or split the file");
        }
        if (node instanceof ScalarNode scalar) {
            return new YamlNode.Scalar(scalar.getValue(), kindOf(scalar.getTag()), location);
        }
        if (!open.add(node)) {
            throw new HardenException(location + ": YAML alias refers to itself (it is used inside its own anchor);"
                    + " recursive values are not supported");
        }
        if (open.size() > MAX_DEPTH) {
            throw new HardenException(location + ": YAML nested deeper than " + MAX_DEPTH
                    + " levels (aliases included); flatten it");
        }
        try {
            return node instanceof SequenceNode sequence ? sequence(sequence, location)
                    : mapping((MappingNode) node, location);
        } finally {
            open.remove(node);
        }
    }

    private YamlNode sequence(SequenceNode sequence, YamlNode.Location location) {
        List<YamlNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(convert(item));
        }
        return new YamlNode.Sequence(items, location);
    }

    private YamlNode mapping(MappingNode mapping, YamlNode.Location location) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keyLocations = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode.Location keyLocation = location(tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new HardenException(keyLocation + ": a mapping key must be a plain word");
            }
            if (entries.containsKey(key.getValue())) { // compose() does not check duplicates, only construction does
                throw new HardenException(keyLocation + ": duplicate key " + YamlNode.quote(key.getValue())
                        + " (first at line " + keyLocations.get(key.getValue()).line() + "; keep one)");
            }
            entries.put(key.getValue(), convert(tuple.getValueNode()));
            keyLocations.put(key.getValue(), keyLocation);
        }
        return new YamlNode.Mapping(entries, keyLocations, location);
    }

    private YamlNode.Location location(Node node) {
        return new YamlNode.Location(file, node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1);
    }

    private static YamlNode.Scalar.Kind kindOf(Tag tag) {
        if (Tag.INT.equals(tag)) {
            return YamlNode.Scalar.Kind.INT;
        }
        if (Tag.BOOL.equals(tag)) {
            return YamlNode.Scalar.Kind.BOOL;
        }
        if (Tag.FLOAT.equals(tag)) {
            return YamlNode.Scalar.Kind.FLOAT;
        }
        if (Tag.NULL.equals(tag)) {
            return YamlNode.Scalar.Kind.NULL;
        }
        return YamlNode.Scalar.Kind.STRING;
    }
}
