package io.sabot.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's replies and requests, read and written by Jackson (bin/jackson-*.jar, next to the launcher): objects
 * as {@link Map}s, arrays as {@link List}s, with paths of keys into them.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** @throws IllegalArgumentException naming the line and column where the text stops being JSON */
    static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new IllegalArgumentException(
                    "not JSON"
                            + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                            + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    /** A JSON string literal. */
    static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a string as JSON: " + e, e);
        }
    }

    /** The value at a path of object keys, or null. */
    @SuppressWarnings("unchecked")
    static Object at(Object value, String... keys) {
        Object current = value;
        for (String key : keys) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    /** The list at a path, or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String... keys) {
        Object found = at(value, keys);
        return found instanceof List ? (List<Object>) found : List.of();
    }

    /** The text of the value at a path; {@code ""} for null or missing. */
    static String text(Object value, String... keys) {
        Object found = at(value, keys);
        if (found instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return found == null ? "" : String.valueOf(found);
    }
}
