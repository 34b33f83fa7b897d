package dev.harden.yaml;

import dev.harden.HardenException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between SnakeYAML's parser and its composer and refuses, at the line where they appear,
 * what harden's files never need: explicit tags ({@code !!bool "maybe"} would otherwise be a
 * silent false, {@code !local x} an unexplained string) and collections nested deeper than
 * {@link NodeConverter#MAX_DEPTH} levels (before the composer's own limit, whose message has no
 * line).
 */
final class StrictEvents implements Parser {

    private static final String STANDARD_TAG = "tag:yaml.org,2002:";

    private final Parser parser;
    private final String file;
    private int depth;

    StrictEvents(Parser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event event = parser.getEvent();
        String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                : event instanceof CollectionStartEvent start ? start.getTag() : null;
        if (tag != null) {
            throw new HardenException(where(event) + ": YAML tag '" + shortTag(tag) + "' is not supported;"
                    + " write the plain value (true/false, a number, or \"quoted text\")");
        }
        if (event instanceof CollectionStartEvent && ++depth > NodeConverter.MAX_DEPTH) {
            throw new HardenException(where(event) + ": YAML nested deeper than " + NodeConverter.MAX_DEPTH
                    + " levels; flatten it");
        }
        if (event instanceof CollectionEndEvent) {
            depth--;
        }
        return event;
    }

    private YamlNode.Location where(Event event) {
        return new YamlNode.Location(file, event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1);
    }

    /** {@code !!bool} as written, not SnakeYAML's expanded {@code tag:yaml.org,2002:bool}. */
    private static String shortTag(String tag) {
        return tag.startsWith(STANDARD_TAG) ? "!!" + tag.substring(STANDARD_TAG.length()) : tag;
    }
}
