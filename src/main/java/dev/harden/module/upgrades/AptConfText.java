package dev.harden.module.upgrades;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values an apt configuration file in harden's own plain style sets: {@code Key "value";},
 * {@code Key { "item"; ... };} and {@code #clear Key;}, with {@code //} comments. Used to know
 * what harden's rendered drop-in asks for (whatever the template), so the host's effective
 * configuration can be compared with it. Anything else is ignored.
 */
final class AptConfText {

    private static final Pattern SCALAR = Pattern.compile("([A-Za-z0-9:_-]+)\\s+\"([^\"]*)\"\\s*;");
    private static final Pattern OPEN = Pattern.compile("([A-Za-z0-9:_-]+)\\s*\\{");
    private static final Pattern ITEM = Pattern.compile("\"([^\"]*)\"\\s*;");
    private static final Pattern CLEAR = Pattern.compile("#clear\\s+([A-Za-z0-9:_-]+)\\s*;");

    /** A key as written, and its value: one item for a single value, the items of a list. */
    record Value(String key, List<String> items, boolean list) {
        Value {
            items = List.copyOf(items);
        }
    }

    private AptConfText() {
    }

    /** The values the text sets, by lower-case key, in the order they appear. */
    static Map<String, Value> values(String text) {
        Map<String, Value> values = new LinkedHashMap<>();
        String list = null;
        List<String> items = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("//") || line.isEmpty()) {
                continue;
            }
            if (list != null) {
                Matcher item = ITEM.matcher(line);
                if (item.matches()) {
                    items.add(item.group(1));
                } else if (line.startsWith("}")) {
                    values.put(list.toLowerCase(Locale.ROOT), new Value(list, items, true));
                    list = null;
                }
                continue;
            }
            Matcher m;
            if ((m = CLEAR.matcher(line)).matches()) {
                values.put(m.group(1).toLowerCase(Locale.ROOT), new Value(m.group(1), List.of(), true));
            } else if ((m = SCALAR.matcher(line)).matches()) {
                values.put(m.group(1).toLowerCase(Locale.ROOT), new Value(m.group(1), List.of(m.group(2)), false));
            } else if ((m = OPEN.matcher(line)).matches()) {
                list = m.group(1);
                Value cleared = values.get(list.toLowerCase(Locale.ROOT));
                items = new ArrayList<>(cleared == null ? List.of() : cleared.items());
            }
        }
        return values;
    }
}
