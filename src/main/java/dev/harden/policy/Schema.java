package dev.harden.policy;

import java.util.Collection;
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
        return NearestName.among(settings.keySet(), key);
    }
}
