package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.sabot.errors.spi.RecordContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/** The value of a Kafka dead letter: the original bytes, else (a late row) the row as JSON, else nothing. */
public class KafkaDeadLetterValueTest {

    @Test
    public void theOriginalBytesWin() {
        byte[] original = "{\"a\":1".getBytes(StandardCharsets.UTF_8);
        RecordContext record = RecordContext.builder()
                .originalBytes(original)
                .row(Map.of("a", 1L))
                .build();
        assertArrayEquals(original, KafkaDeadLetterSink.value(record));
    }

    @Test
    public void aRowWithoutBytesBecomesAJsonObjectAsTheFileTargetWritesIt() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("symbol", "S\"1\\\n");
        row.put("volume", 42L);
        row.put("ts", LocalDateTime.of(2024, 1, 1, 0, 0, 3));
        row.put("note", null);
        row.put("raw", new byte[] {1, 2});
        assertEquals(
                "{\"symbol\":\"S\\\"1\\\\\\u000a\",\"volume\":\"42\",\"ts\":\"2024-01-01T00:00:03\",\"note\":null,"
                        + "\"raw\":\"AQI=\"}",
                new String(
                        KafkaDeadLetterSink.value(
                                RecordContext.builder().row(row).build()),
                        StandardCharsets.UTF_8));
        assertEquals(0, KafkaDeadLetterSink.value(RecordContext.builder().build()).length);
    }
}
