package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/** Bad options fail naming their key, all at once; aliases and pass-through keys are accepted. */
public class KafkaOptionsTest {

    private static final KafkaTableFactory FACTORY = new KafkaTableFactory();

    @Test
    public void everyBadKeyIsNamed() {
        ValidationResult result = FACTORY.validate(
                "t",
                Map.of(
                        "topic", "x",
                        "scan.startup.mode", "earliest",
                        "scan.startup.specific-offsets", "partition:a",
                        "sink.delivery-guarantee", "twice",
                        "topik", "y"));
        List<String> keys = result.errors().stream().map(OptionError::key).collect(Collectors.toList());
        assertEquals(
                List.of(
                        "properties.bootstrap.servers",
                        "scan.startup.mode",
                        "scan.startup.specific-offsets",
                        "sink.delivery-guarantee",
                        "topik"),
                keys.stream().sorted().collect(Collectors.toList()));
        assertTrue(result.message(), result.message().contains("did you mean 'topic'"));
    }

    @Test
    public void aliasesAndClientPropertiesAreAccepted() {
        var options = FACTORY.validate(
                        "t",
                        Map.of(
                                "topic", "x",
                                "bootstrap.servers", "127.0.0.1:1",
                                "group.id", "g",
                                "value.format", "json",
                                "properties.max.poll.records", "10"))
                .orThrow();
        assertEquals("127.0.0.1:1", options.get(KafkaOptions.BOOTSTRAP_SERVERS));
        assertEquals("g", options.get(KafkaOptions.GROUP_ID));
        assertEquals("value.format", KafkaOptions.formatKey(options));
        assertEquals(Map.of("max.poll.records", "10"), options.passThrough(KafkaOptions.PROPERTIES_PREFIX));
        assertEquals(List.of(), FACTORY.validateForTable(Harness.SCHEMA, options));
    }

    @Test
    public void optionsThatNeedEachOtherAreChecked() {
        var options = FACTORY.validate(
                        "t",
                        Map.of(
                                "topic", "x",
                                "bootstrap.servers", "127.0.0.1:1",
                                "format", "json",
                                "value.format", "json",
                                "scan.startup.mode", "timestamp",
                                "sink.delivery-guarantee", "exactly-once"))
                .orThrow();
        List<String> keys = FACTORY.validateForTable(Harness.SCHEMA, options).stream()
                .map(OptionError::key)
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of("format", "scan.startup.timestamp-millis", "sink.transactional-id-prefix"), keys);
    }
}
