package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import org.junit.Test;

/** The launcher's view of the API's JSON: paths into replies, text of values, string literals, errors with a place. */
public class JsonTest {

    @Test
    public void pathsIntoAReply() {
        Object reply =
                Json.parse("{\"jobs\": [{\"id\": \"job-1\", \"rowsIn\": 12, \"rate\": 2.5, \"watermark\": null}],"
                        + " \"total\": 1e3, \"error\": {\"code\": \"\"}}");
        assertEquals(1, Json.list(reply, "jobs").size());
        Object job = Json.list(reply, "jobs").get(0);
        assertEquals("job-1", Json.text(job, "id"));
        assertEquals("12", Json.text(job, "rowsIn"));
        assertEquals("2.5", Json.text(job, "rate"));
        assertEquals("", Json.text(job, "watermark"));
        assertEquals("1000", Json.text(reply, "total"));
        assertEquals(Map.of("code", ""), Json.at(reply, "error"));
        assertEquals(null, Json.at(reply, "jobs", "id"));
        assertTrue(Json.list(reply, "none").isEmpty());
    }

    @Test
    public void quotedStringsReadBack() {
        String odd = "quote \" backslash \\ tab \t newline \n bell \u0007 é";
        assertEquals(odd, Json.parse(Json.quote(odd)));
    }

    @Test
    public void namesWhereTheTextStopsBeingJson() {
        try {
            Json.parse("{\"a\":\n nope}");
            fail("parsed an invalid literal");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("not JSON at line 2, column "));
        }
    }
}
