package dev.harden.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every policy key that the enabled modules understand. */
public final class Schema {

    private final Map<String, Setting> settings = new TreeMap<>();

    public Schema(Collection<Setting> all) {
        for (Setting setting : all) {
            if (settings.put(setting.key(), setting) != null) {
                throw new IllegalArgumentException("two modules declare " + setting.key());
            }
        }
    }

    public Optional<Setting> find(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public Collection<Setting> settings() {
        return settings.values();
    }

    /** True when {@code prefix} is the start of some key ("ssh" for "ssh.port"). */
    public boolean isSection(String prefix) {
        return settings.keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
    }

    /** The known key closest to a misspelled one, for "did you mean" hints. */
    public Optional<String> closest(String key) {
        return settings.keySet().stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 4));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
