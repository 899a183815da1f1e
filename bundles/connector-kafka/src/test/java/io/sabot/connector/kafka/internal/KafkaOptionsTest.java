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

    @Test
    public void topicListsAndPatternsAreCheckedNamingTheKeys() {
        Map<String, String> base = Map.of("properties.bootstrap.servers", "127.0.0.1:1", "format", "json");
        // both, neither
        var both = new java.util.HashMap<>(base);
        both.put("topic", "a;b");
        both.put("topic-pattern", "a.*");
        List<OptionError> errors = FACTORY.validateForTable(
                Harness.SCHEMA, FACTORY.validate("t", both).orThrow());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message(), errors.get(0).message().contains("'topic' and 'topic-pattern'"));
        errors = FACTORY.validateForTable(
                Harness.SCHEMA, FACTORY.validate("t", base).orThrow());
        assertEquals(List.of("topic"), errors.stream().map(OptionError::key).toList());
        assertTrue(
                errors.get(0).message(),
                errors.get(0).message().contains("missing option 'topic' (or 'topic-pattern')"));
        // a pattern that does not compile, a list without names
        var bad = new java.util.HashMap<>(base);
        bad.put("topic-pattern", "orders-(");
        ValidationResult result = FACTORY.validate("t", bad);
        assertEquals(
                List.of("topic-pattern"),
                result.errors().stream().map(OptionError::key).toList());
        bad = new java.util.HashMap<>(base);
        bad.put("topic", " ; ");
        assertEquals(
                List.of("topic"),
                FACTORY.validate("t", bad).errors().stream()
                        .map(OptionError::key)
                        .toList());
        // specific offsets need one topic, as in Flink
        var offsets = new java.util.HashMap<>(base);
        offsets.put("topic", "a;b");
        offsets.put("scan.startup.mode", "specific-offsets");
        offsets.put("scan.startup.specific-offsets", "partition:0,offset:5");
        errors = FACTORY.validateForTable(
                Harness.SCHEMA, FACTORY.validate("t", offsets).orThrow());
        assertEquals(
                List.of("scan.startup.specific-offsets"),
                errors.stream().map(OptionError::key).toList());
        // lists and patterns read fine, and are declared fine
        var list = new java.util.HashMap<>(base);
        list.put("topic", "a; b ;c;");
        var validated = FACTORY.validate("t", list).orThrow();
        assertEquals(List.of(), FACTORY.validateForTable(Harness.SCHEMA, validated));
        assertEquals(List.of("a", "b", "c"), KafkaOptions.topics(validated.get(KafkaOptions.TOPIC)));
    }

    @Test
    public void theSinkRefusesTopicListsAndPatterns() {
        var e = org.junit.Assert.assertThrows(
                io.sabot.plugin.OptionValidationException.class,
                () -> FACTORY.createSink(
                        Harness.table(1, "topic", "a;b", "properties.bootstrap.servers", "x:1", "format", "json")));
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .contains("option 'topic' lists 2 topics ('a;b'), but a Kafka sink" + " writes one topic"));
        e = org.junit.Assert.assertThrows(
                io.sabot.plugin.OptionValidationException.class,
                () -> FACTORY.createSink(Harness.table(
                        1, "topic-pattern", "a.*", "properties.bootstrap.servers", "x:1", "format", "json")));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'topic-pattern' is for reading only"));
        // one topic, with blanks around it, is written as that topic
        KafkaSink sink = (KafkaSink) FACTORY.createSink(
                Harness.table(1, "topic", " a ", "properties.bootstrap.servers", "x:1", "format", "json"));
        assertEquals("a", sink.topic());
    }
}
