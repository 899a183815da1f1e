package io.sabot.errors.spi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RecordContextTest {

    @Test
    public void copiesBytesAndRow() {
        byte[] bytes = {1, 2, 3};
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("note", null);
        RecordContext context =
                RecordContext.builder().originalBytes(bytes).row(row).build();
        bytes[0] = 9;
        row.put("id", 8L);
        assertArrayEquals(new byte[] {1, 2, 3}, context.originalBytes().orElseThrow());
        context.originalBytes().orElseThrow()[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, context.originalBytes().orElseThrow());
        assertEquals(7L, context.row().orElseThrow().get("id"));
        assertNull(context.row().orElseThrow().get("note"));
        assertEquals(
                List.of("id", "note"), List.copyOf(context.row().orElseThrow().keySet()));
        try {
            context.row().orElseThrow().put("x", 1);
            fail("the row is unmodifiable");
        } catch (UnsupportedOperationException expected) {
            // expected
        }
    }

    @Test
    public void toBuilderRoundTrips() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 1);
        RecordContext context = RecordContext.builder()
                .table("t")
                .split("s")
                .position("line 17")
                .originalKey(new byte[] {4})
                .originalBytes(new byte[] {5})
                .row(row)
                .build();
        assertEquals(context, context.toBuilder().build());
        assertEquals("record of t in s at line 17 (1 bytes) (row of 1 columns)", context.toString());
    }
}
