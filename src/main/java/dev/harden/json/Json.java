package dev.harden.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * JSON for harden's own records (a generation's manifest on the host, one object per line): the
 * one place besides the reports that touches Jackson. Values are plain maps, lists, strings,
 * numbers and booleans, so every record's shape is defined by the class that reads and writes it.
 */
public final class Json {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    /** One line of JSON (no newline inside, whatever the strings hold). */
    public static String line(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one JSON object; IllegalArgumentException when the text is not one. */
    public static Map<String, Object> object(String text) {
        try {
            return COMPACT.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
    }
}
