package dev.harden.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One policy key a module understands, e.g. {@code ssh.max_auth_tries}. Its default lives
 * in the shipped baseline (policies/baseline.yaml), not here, so there is one place to read it.
 */
public record Setting(String key, SettingType type, String description) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    public Setting {
        Objects.requireNonNull(type, "type");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting keys are dotted lower-case words: " + key);
        }
    }

    public static Setting bool(String key, String description) {
        return new Setting(key, new SettingType.Bool(), description);
    }

    public static Setting integer(String key, int min, int max, String description) {
        return new Setting(key, new SettingType.IntRange(min, max), description);
    }
}
