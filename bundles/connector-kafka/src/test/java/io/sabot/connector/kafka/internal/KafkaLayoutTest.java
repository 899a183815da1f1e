package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.ValidatedOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.Test;

/** Key and value columns of a Kafka table, and the checks of their options, as Flink makes them. */
public class KafkaLayoutTest {

    private static ValidatedOptions kafka(String... options) {
        Map<String, String> map = new LinkedHashMap<>(
                Map.of("topic", "x", "properties.bootstrap.servers", "127.0.0.1:1", "value.format", "json"));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new KafkaTableFactory().validate("t", map).orThrow();
    }

    private static List<String> errorKeys(ValidatedOptions options) {
        return new KafkaTableFactory()
                .validateForTable(Harness.SCHEMA, options).stream()
                        .map(OptionError::key)
                        .sorted()
                        .collect(Collectors.toList());
    }

    @Test
    public void keyFieldsSplitTheColumnsAndStripThePrefix() {
        KafkaLayout layout = KafkaLayout.of(
                "t",
                Harness.SCHEMA,
                kafka(
                        "key.format", "json",
                        "key.fields", "k;id",
                        "key.fields-prefix", "",
                        "value.fields-include", "except_key"));
        assertArrayEquals(new int[] {1, 0}, layout.keyColumns());
        assertArrayEquals(new int[] {2}, layout.valueColumns());
        assertFalse(layout.valueHoldsKey());
        assertEquals(
                List.of("k", "id"),
                layout.keySchema().getFields().stream().map(Field::getName).toList());

        KafkaLayout all = KafkaLayout.of("t", Harness.SCHEMA, kafka("key.format", "raw", "key.fields", "k"));
        assertArrayEquals(new int[] {0, 1, 2}, all.valueColumns());
        assertTrue(all.valueHoldsKey());

        KafkaLayout none = KafkaLayout.of("t", Harness.SCHEMA, kafka());
        assertFalse(none.hasKey());
        assertEquals(Harness.SCHEMA, none.valueSchema());
    }

    @Test
    public void badKeyOptionsAreNamed() {
        assertEquals(List.of("key.fields"), errorKeys(kafka("key.format", "json", "key.fields", "id;nope")));
        assertEquals(List.of("key.fields"), errorKeys(kafka("key.format", "json", "key.fields", "id;id")));
        assertEquals(List.of("key.format"), errorKeys(kafka("key.fields", "id")));
        assertEquals(List.of("key.fields"), errorKeys(kafka("key.format", "json")));
        assertEquals(List.of("value.fields-include"), errorKeys(kafka("value.fields-include", "EXCEPT_KEY")));
        // a prefix needs EXCEPT_KEY, and every key column must start with it
        assertEquals(
                List.of("key.fields", "key.fields-prefix"),
                errorKeys(kafka("key.format", "json", "key.fields", "id", "key.fields-prefix", "k_")));
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> KafkaLayout.of("t", Harness.SCHEMA, kafka("key.format", "json", "key.fields", "nope")));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'key.fields': no physical column 'nope'"));
        assertTrue(e.getMessage(), e.getMessage().contains("id, k, v"));
    }

    @Test
    public void upsertKafkaKeysByThePrimaryKey() {
        ValidatedOptions options = new UpsertKafkaTableFactory()
                .validate(
                        "t",
                        Map.of(
                                "topic", "x",
                                "properties.bootstrap.servers", "127.0.0.1:1",
                                "key.format", "json",
                                "value.format", "json"))
                .orThrow();
        KafkaLayout layout = KafkaLayout.upsert("t", Harness.SCHEMA, List.of(1), options);
        assertArrayEquals(new int[] {1}, layout.keyColumns());
        assertArrayEquals(new int[] {0, 1, 2}, layout.valueColumns());
        OptionValidationException e = assertThrows(
                OptionValidationException.class, () -> KafkaLayout.upsert("t", Harness.SCHEMA, List.of(), options));
        assertTrue(e.getMessage(), e.getMessage().contains("require a PRIMARY KEY"));

        List<String> keys = new UpsertKafkaTableFactory()
                        .validate(
                                "t",
                                Map.of(
                                        "topic", "x",
                                        "properties.bootstrap.servers", "127.0.0.1:1",
                                        "format", "json",
                                        "key.fields", "id",
                                        "sink.buffer-flush.interval", "1 s"))
                        .errors()
                        .stream()
                        .map(OptionError::key)
                        .sorted()
                        .toList();
        assertEquals(List.of("format", "key.fields", "key.format", "sink.buffer-flush.interval", "value.format"), keys);
    }
}
