package dev.harden.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective policy of one host: every schema key has a value, taken from the last layer
 * that sets it (baseline, then group files, then inventory group vars, then host vars).
 */
public record HostPolicy(Map<String, PolicyLayer.Value> values) {

    public HostPolicy {
        values = Map.copyOf(values);
    }

    /** Merges layers in order: later layers override earlier ones; every key must end up set. */
    public static HostPolicy merge(Schema schema, List<PolicyLayer> layers) {
        Map<String, PolicyLayer.Value> merged = new LinkedHashMap<>();
        for (PolicyLayer layer : layers) {
            merged.putAll(layer.values());
        }
        for (Setting setting : schema.settings()) {
            if (!merged.containsKey(setting.key())) {
                throw new IllegalStateException("the built-in baseline has no value for " + setting.key());
            }
        }
        return new HostPolicy(merged);
    }

    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    public int integer(String key) {
        return (Integer) get(key);
    }

    public String text(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) get(key);
    }

    /** A structured value (see {@link SettingType.Structured}) as the module's own type. */
    public <T> T value(String key, Class<T> type) {
        return type.cast(get(key));
    }

    /** Where the effective value of {@code key} was written. */
    public String origin(String key) {
        PolicyLayer.Value value = values.get(key);
        return value == null ? "unknown" : value.origin().toString();
    }

    private Object get(String key) {
        PolicyLayer.Value value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no policy key " + key);
        }
        return value.value();
    }

    /** The values as nested maps ({@code ssh -> {port -> 22}}), for templates. */
    public Map<String, Object> nested() {
        Map<String, Object> root = new TreeMap<>();
        for (var entry : new TreeMap<>(values).entrySet()) {
            String[] parts = entry.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], entry.getValue().value());
        }
        return root;
    }
}
