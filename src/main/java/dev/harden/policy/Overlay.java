package dev.harden.policy;

import dev.harden.HardenException;
import dev.harden.yaml.YamlNode;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy changes laid over a host's policy for a while (an exception): {@code KEY=VALUE} sets a
 * key, {@code KEY+=VALUE} adds to a list key (a list VALUE adds each item; an item the list
 * already holds is not added twice). VALUE is YAML in flow style ({@code {port: 8080}},
 * {@code [alice, bob]}, {@code true}), checked by the key's own type exactly as in a policy file,
 * so an overlay can hold nothing a policy file could not. Errors are one line naming the key.
 */
public record Overlay(String name, List<Operation> operations) {

    private static final Pattern OPERATION = Pattern.compile(
            "\\s*([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+)\\s*(\\+?=)(.*)", Pattern.DOTALL);

    /** One change: the key, whether it adds to a list, the checked value, and the text it was given as. */
    public record Operation(String key, boolean add, Object value, String text) {
    }

    public Overlay {
        operations = List.copyOf(operations);
    }

    /**
     * Parses and checks operations like {@code firewall.allow+={port: 8080}} against the schema;
     * {@code name} says where they come from in values' origins and messages ("exception a3f09c").
     */
    public static Overlay parse(String name, List<String> texts, Schema schema) {
        List<Operation> operations = new ArrayList<>();
        for (String text : texts) {
            operations.add(operation(name, text, schema));
        }
        return new Overlay(name, operations);
    }

    private static Operation operation(String name, String text, Schema schema) {
        Matcher m = OPERATION.matcher(text);
        if (!m.matches()) {
            throw new HardenException(name + ": " + YamlNode.quote(text) + " is not KEY=VALUE or KEY+=VALUE (like"
                    + " firewall.allow+={port: 8080} or ssh.max_auth_tries=5)");
        }
        String key = m.group(1);
        boolean add = m.group(2).equals("+=");
        Setting setting = schema.find(key).orElseThrow(() -> new HardenException(name + ": unknown policy key "
                + YamlNode.quote(key) + schema.closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("")));
        String valueText = m.group(3).strip();
        if (valueText.isEmpty()) {
            throw new HardenException(name + ": " + key + " needs a value after '" + m.group(2) + "' (YAML, like "
                    + setting.type().expected() + ")");
        }
        if (valueText.contains("\n")) {
            throw new HardenException(name + ": the value of " + key + " must be one line of YAML in flow style");
        }
        YamlNode node = YamlParser.parse(name + ": " + key, valueText.getBytes(StandardCharsets.UTF_8));
        Object value;
        try {
            if (add) {
                YamlNode items = node instanceof YamlNode.Sequence ? node
                        : new YamlNode.Sequence(List.of(node), node.location());
                value = setting.type().convert(items);
                if (!(value instanceof List<?>)) {
                    throw new HardenException(name + ": " + key + " is not a list, so '+=' cannot add to it; set it"
                            + " with " + key + "=VALUE");
                }
            } else {
                value = setting.type().convert(node);
            }
        } catch (SettingType.InvalidValue e) {
            throw new HardenException(name + ": " + key + " " + e.getMessage());
        }
        return new Operation(key, add, value, key + m.group(2) + valueText);
    }

    /** The texts as given (what the host records). */
    public List<String> texts() {
        return operations.stream().map(Operation::text).toList();
    }

    /** The keys this overlay changes. */
    public List<String> keys() {
        return operations.stream().map(Operation::key).distinct().toList();
    }

    /** {@code policy} with this overlay laid over it: keys set, items added. */
    public HostPolicy applyTo(HostPolicy policy) {
        Map<String, PolicyLayer.Value> values = new LinkedHashMap<>(policy.values());
        YamlNode.Location origin = new YamlNode.Location(name, 0);
        for (Operation operation : operations) {
            Object value = operation.value();
            if (operation.add()) {
                PolicyLayer.Value current = values.get(operation.key());
                List<Object> list = new ArrayList<>(current == null ? List.of() : (List<?>) current.value());
                for (Object item : (List<?>) value) {
                    if (!list.contains(item)) {
                        list.add(item);
                    }
                }
                value = List.copyOf(list);
            }
            values.put(operation.key(), new PolicyLayer.Value(value, origin));
        }
        return new HostPolicy(values);
    }
}
