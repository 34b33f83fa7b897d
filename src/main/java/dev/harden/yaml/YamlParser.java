package dev.harden.yaml;

import dev.harden.HardenException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML text into {@link YamlNode}s with file:line locations. Only composes the node
 * graph (SnakeYAML's safe path): no tags are honoured, no Java objects are ever built,
 * aliases and document size are bounded.
 */
public final class YamlParser {

    private YamlParser() {
    }

    /** Parses one document; an empty file is an empty mapping. */
    public static YamlNode parse(String file, byte[] content) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(4 * 1024 * 1024);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        String text = new String(content, StandardCharsets.UTF_8);
        try {
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                return new YamlNode.Mapping(Map.of(), Map.of(), new YamlNode.Location(file, 1));
            }
            return convert(file, root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new HardenException(new YamlNode.Location(file, line) + ": invalid YAML: "
                    + problem.replace('\n', ' ').trim() + " (fix the syntax)");
        } catch (YAMLException e) {
            throw new HardenException(file + ": invalid YAML: " + oneLine(e.getMessage()));
        }
    }

    private static YamlNode convert(String file, Node node) {
        YamlNode.Location location = new YamlNode.Location(file, node.getStartMark().getLine() + 1);
        if (node instanceof ScalarNode scalar) {
            return new YamlNode.Scalar(scalar.getValue(), kindOf(scalar.getTag()), location);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(file, item));
            }
            return new YamlNode.Sequence(items, location);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keyLocations = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode.Location keyLocation = new YamlNode.Location(file, tuple.getKeyNode().getStartMark().getLine() + 1);
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new HardenException(keyLocation + ": a mapping key must be a plain word");
            }
            if (entries.containsKey(key.getValue())) { // compose() does not check duplicates, only construction does
                throw new HardenException(keyLocation + ": duplicate key '" + key.getValue() + "' (first at line "
                        + keyLocations.get(key.getValue()).line() + "; keep one)");
            }
            entries.put(key.getValue(), convert(file, tuple.getValueNode()));
            keyLocations.put(key.getValue(), keyLocation);
        }
        return new YamlNode.Mapping(entries, keyLocations, location);
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

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.replace('\n', ' ').trim();
    }
}
