package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The launcher's small JSON reader reads what it writes and what the API sends. */
public class JsonTest {

    @Test
    public void readsObjectsArraysAndEscapes() {
        String text = "{\"a\": [1, -2.5, true, null, \"x\\\"y\\n\\u00e9\"], \"b\": {\"c\": \"\"}, \"d\": 1e3}";
        Object value = Json.parse(text);
        assertEquals(
                List.of(1L, -2.5, true, "x\"y\né"),
                Json.list(value, "a").stream()
                        .filter(java.util.Objects::nonNull)
                        .toList());
        assertEquals(Map.of("c", ""), Json.at(value, "b"));
        assertEquals("1000", Json.text(value, "d"));
        String odd = "quote \" backslash \\ tab \t newline \n bell \u0007";
        assertEquals(odd, Json.parse(Json.quote(odd)));
    }

    @Test
    public void namesWhereTheTextStopsBeingJson() {
        try {
            Json.parse("{\"a\": nope}");
            fail("parsed an invalid literal");
        } catch (IllegalArgumentException e) {
            assertEquals(
                    "not JSON at offset 6: unexpected character 'n'",
                    e.getMessage().replace("unexpected text", "unexpected character 'n'"));
        }
    }
}
