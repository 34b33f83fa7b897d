package dev.harden.policy;

import dev.harden.ValidationErrors;
import dev.harden.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source of policy values (the baseline, a group file, inventory vars), already
 * validated against the schema. Values are plain Java objects keyed by dotted key.
 */
public record PolicyLayer(String name, Map<String, Value> values) {

    /** A validated value and where it was written, so a plan can say why a value is what it is. */
    public record Value(Object value, YamlNode.Location origin) {
    }

    public PolicyLayer {
        values = Map.copyOf(values);
    }

    public static PolicyLayer empty(String name) {
        return new PolicyLayer(name, Map.of());
    }

    /**
     * Reads nested YAML ({@code ssh: {port: 22}}) into dotted keys, rejecting unknown keys
     * and wrong types with file:line messages; throws with every error found.
     */
    public static PolicyLayer parse(String name, YamlNode root, Schema schema) {
        ValidationErrors errors = new ValidationErrors();
        PolicyLayer layer = parse(name, root, schema, errors);
        errors.throwIfAny();
        return layer;
    }

    /**
     * The same, each error added to {@code errors} (a key in error is left out of the layer, the
     * other keys are read), so a file with several mistakes shows them all at once.
     */
    public static PolicyLayer parse(String name, YamlNode root, Schema schema, ValidationErrors errors) {
        Map<String, Value> values = new LinkedHashMap<>();
        if (!(root instanceof YamlNode.Mapping mapping)) {
            errors.add(root.location() + ": expected a mapping of policy sections (like 'ssh:'), got "
                    + YamlNode.describe(root));
            return new PolicyLayer(name, values);
        }
        collect("", mapping, schema, values, errors);
        return new PolicyLayer(name, values);
    }

    private static void collect(String prefix, YamlNode.Mapping mapping, Schema schema, Map<String, Value> out,
                                ValidationErrors errors) {
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            YamlNode.Location where = mapping.keyLocations().get(entry.getKey());
            YamlNode node = entry.getValue();
            var setting = schema.find(key);
            if (setting.isPresent()) {
                try {
                    out.put(key, new Value(setting.get().type().convert(node), where));
                } catch (SettingType.InvalidValue e) {
                    errors.add(e.at().orElse(where) + ": " + key + " " + e.getMessage());
                }
            } else if (schema.isSection(key) && node instanceof YamlNode.Mapping section) {
                collect(key, section, schema, out, errors);
            } else if (schema.isSection(key)) {
                errors.add(where + ": '" + key + "' is a section: give its keys underneath (like "
                        + key + ":\\n  key: value), got " + YamlNode.describe(node));
            } else {
                String hint = schema.closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("");
                errors.add(where + ": unknown policy key " + YamlNode.quote(key) + hint);
            }
        }
    }
}
