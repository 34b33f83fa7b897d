package dev.harden.policy;

import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The type of a policy setting: converts a YAML node into a plain Java value (Boolean,
 * Integer, String, List of String) or says, in words an operator can act on, what is expected.
 */
public sealed interface SettingType {

    /** Converts {@code node}; on a mismatch throws with a message like "must be true or false". */
    Object convert(YamlNode node) throws InvalidValue;

    /** What a valid value looks like, e.g. "an integer from 1 to 10". */
    String expected();

    /**
     * Thrown by {@link #convert}; the message says what is expected. {@code at} points into a
     * structured value (an entry of a list) when the problem is there rather than at the key.
     */
    final class InvalidValue extends Exception {
        private final transient YamlNode.Location at;

        public InvalidValue(String message) {
            this(message, null);
        }

        public InvalidValue(String message, YamlNode.Location at) {
            super(message, null, false, false);
            this.at = at;
        }

        public java.util.Optional<YamlNode.Location> at() {
            return java.util.Optional.ofNullable(at);
        }
    }

    /** Converts a YAML node into a module's own value type (e.g. a list of firewall rules). */
    @FunctionalInterface
    interface Converter {
        Object convert(YamlNode node) throws InvalidValue;
    }

    /**
     * A value with structure a module defines and validates itself, such as a list of firewall
     * rules; {@code what} describes a valid value for messages and docs.
     */
    record Structured(String what, Converter converter) implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            return converter.convert(node);
        }

        @Override
        public String expected() {
            return what;
        }
    }

    record Bool() implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.BOOL) {
                return Boolean.parseBoolean(s.text().toLowerCase()) || s.text().equalsIgnoreCase("yes")
                        || s.text().equalsIgnoreCase("on");
            }
            throw new InvalidValue("must be " + expected() + ", got " + YamlNode.describe(node));
        }

        @Override
        public String expected() {
            return "true or false";
        }
    }

    record IntRange(int min, int max) implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INT) {
                try {
                    int value = Integer.parseInt(s.text().replace("_", ""));
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            throw new InvalidValue("must be " + expected() + ", got " + YamlNode.describe(node));
        }

        @Override
        public String expected() {
            return "an integer from " + min + " to " + max;
        }
    }

    /** A single-line string matching a pattern (so no value can inject config lines). */
    record Text(Pattern pattern, String what) implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL
                    && pattern.matcher(s.text()).matches()) {
                return s.text();
            }
            throw new InvalidValue("must be " + expected() + ", got " + YamlNode.describe(node));
        }

        @Override
        public String expected() {
            return what;
        }
    }

    record Choice(Set<String> choices) implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            if (node instanceof YamlNode.Scalar s && choices.contains(s.text())) {
                return s.text();
            }
            throw new InvalidValue("must be " + expected() + ", got " + YamlNode.describe(node));
        }

        @Override
        public String expected() {
            return "one of " + String.join(", ", choices.stream().sorted().toList());
        }
    }

    /** A list of single-line strings, each matching the element pattern. */
    record TextList(Text element) implements SettingType {
        @Override
        public Object convert(YamlNode node) throws InvalidValue {
            if (!(node instanceof YamlNode.Sequence sequence)) {
                throw new InvalidValue("must be " + expected() + ", got " + YamlNode.describe(node));
            }
            List<String> values = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                try {
                    values.add((String) element.convert(item));
                } catch (InvalidValue e) {
                    throw new InvalidValue("item " + (values.size() + 1) + " " + e.getMessage());
                }
            }
            return List.copyOf(values);
        }

        @Override
        public String expected() {
            return "a list, each item " + element.expected();
        }
    }
}
