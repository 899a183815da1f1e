package io.sabot.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class OptionValidationTest {

    static final OptionDescriptor<Long> ROWS_PER_SECOND = OptionDescriptor.key("rows-per-second")
            .longType()
            .defaultValue(10_000L)
            .check(v -> v > 0, "positive")
            .description("Rows per second.");
    static final OptionDescriptor<String> TOPIC =
            OptionDescriptor.key("topic").stringType().required().description("The topic.");
    static final OptionDescriptor<String> PASSWORD =
            OptionDescriptor.key("password").stringType().secret();
    static final OptionDescriptor<Integer> PORT = OptionDescriptor.key("port")
            .intType()
            .check(p -> p > 0 && p < 65536, "a port number")
            .secret();
    static final OptionDescriptor<Duration> INTERVAL = OptionDescriptor.key("scan.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .deprecatedKeys("interval");
    static final OptionDescriptor<String> MODE =
            OptionDescriptor.key("scan.startup.mode").enumType("earliest-offset", "latest-offset");
    static final OptionDescriptor<String> FIELD_KIND =
            OptionDescriptor.key("fields.#.kind").enumType("sequence", "random");
    static final OptionDescriptor<Long> BUFFER = OptionDescriptor.key("buffer").memorySizeType();

    static final List<OptionDescriptor<?>> ALL =
            List.of(ROWS_PER_SECOND, TOPIC, PASSWORD, PORT, INTERVAL, MODE, FIELD_KIND, BUFFER);

    private static ValidationResult validate(Map<String, String> options) {
        return OptionValidation.validate("connector 'test' of table 't'", options, ALL, Set.of("properties."));
    }

    @Test
    public void typedValuesAndDefaults() {
        ValidatedOptions options = validate(Map.of(
                        "topic", "trades",
                        "scan.interval", "1 min",
                        "scan.startup.mode", "EARLIEST-OFFSET",
                        "fields.price.kind", "random",
                        "fields.id.kind", "Sequence",
                        "buffer", "64 mb",
                        "properties.max.poll.records", "500"))
                .orThrow();
        assertEquals("trades", options.get(TOPIC));
        assertEquals(Long.valueOf(10_000L), options.get(ROWS_PER_SECOND));
        assertEquals(Duration.ofMinutes(1), options.get(INTERVAL));
        assertEquals("earliest-offset", options.get(MODE));
        assertEquals("random", options.get(FIELD_KIND, "price"));
        assertEquals("sequence", options.get(FIELD_KIND, "id"));
        assertEquals(Set.of("id", "price"), options.templateNames(FIELD_KIND));
        assertEquals(Long.valueOf(64L << 20), options.get(BUFFER));
        assertEquals(Map.of("max.poll.records", "500"), options.passThrough("properties."));
    }

    @Test
    public void reportsEveryProblemAtOnceWithSupportedKeys() {
        ValidationResult result = validate(Map.of(
                "rows-per-secnd", "5", // typo
                "rows-per-second", "-1", // constraint
                "scan.interval", "ten seconds", // parse
                "scan.startup.mode", "earliest", // enum
                "fields.price.kind", "gaussian", // template value
                "colour", "blue")); // unknown, nothing near
        assertFalse(result.isValid());
        List<OptionError> errors = result.errors();
        assertEquals(errors.toString(), 7, errors.size()); // the six above and the missing 'topic'
        String message = result.message();
        assertTrue(message, message.contains("unknown option 'rows-per-secnd' (did you mean 'rows-per-second'?)"));
        assertTrue(message, message.contains("option 'rows-per-second': must be positive, got '-1'"));
        assertTrue(message, message.contains("option 'scan.interval': expected a duration"));
        assertTrue(message, message.contains("expected one of [earliest-offset, latest-offset], got 'earliest'"));
        assertTrue(message, message.contains("option 'fields.price.kind': expected one of [sequence, random]"));
        assertTrue(
                message, message.contains("unknown option 'colour'\n") || message.contains("unknown option 'colour'"));
        assertFalse(message, message.contains("colour' (did you mean"));
        assertTrue(message, message.contains("missing required option 'topic' (The topic.)"));
        assertTrue(message, message.contains("Supported options: buffer, fields.#.kind, password, port, properties.*"));
        OptionValidationException e = assertThrows(OptionValidationException.class, result::orThrow);
        assertEquals(errors, e.errors());
        assertEquals(
                OptionError.Kind.MISSING,
                errors.stream()
                        .filter(x -> x.key().equals("topic"))
                        .findFirst()
                        .orElseThrow()
                        .kind());
    }

    @Test
    public void secretsNeverAppear() {
        ValidationResult bad = validate(Map.of("topic", "t", "port", "s3cr3t-port", "password", "hunter2"));
        assertFalse(bad.isValid());
        assertFalse(bad.message(), bad.message().contains("s3cr3t-port"));
        assertTrue(bad.message(), bad.message().contains("option 'port': expected a int (value hidden: secret)"));

        ValidatedOptions good = validate(Map.of("topic", "t", "password", "hunter2", "properties.sasl.password", "x"))
                .orThrow();
        assertEquals("hunter2", good.get(PASSWORD));
        assertFalse(good.toString(), good.toString().contains("hunter2"));
        assertEquals(ValidatedOptions.MASK, good.toDisplayMap().get("password"));
        assertEquals(ValidatedOptions.MASK, good.toDisplayMap().get("properties.sasl.password"));
    }

    @Test
    public void deprecatedKeyAndConflict() {
        assertEquals(
                Duration.ofMillis(250),
                validate(Map.of("topic", "t", "interval", "250ms")).orThrow().get(INTERVAL));
        ValidationResult conflict = validate(Map.of("topic", "t", "interval", "1 s", "scan.interval", "2 s"));
        assertEquals(OptionError.Kind.CONFLICT, conflict.errors().get(0).kind());
    }

    @Test
    public void parsesFlinkStyleValues() {
        assertEquals(Duration.ofMillis(500), OptionType.DURATION.parse("500", List.of()));
        assertEquals(Duration.ofHours(2), OptionType.DURATION.parse("2 h", List.of()));
        assertEquals(Duration.ofSeconds(10), OptionType.DURATION.parse("PT10S", List.of()));
        assertEquals(1L << 30, OptionType.MEMORY_SIZE.parse("1gb", List.of()));
        assertEquals(List.of("a", "b", "c"), OptionType.LIST.parse("a; b,,c", List.of()));
        assertThrows(IllegalArgumentException.class, () -> OptionType.BOOLEAN.parse("yes", List.of()));
        assertThrows(IllegalArgumentException.class, () -> OptionType.DURATION.parse("5 fortnights", List.of()));
        assertThrows(IllegalArgumentException.class, () -> OptionType.MEMORY_SIZE.parse("99999999999 tb", List.of()));
    }

    @Test
    public void descriptorDefaultsAreTypeChecked() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        OptionDescriptor raw = OptionDescriptor.key("x").longType();
        assertThrows(IllegalArgumentException.class, () -> raw.defaultValue("not a long"));
        assertThrows(IllegalArgumentException.class, () -> OptionDescriptor.key("a.#.#"));
        assertTrue(OptionValidation.isValidKey("fields.#.kind"));
        assertFalse(OptionValidation.isValidKey("Fields Kind"));
        assertEquals("10 s", INTERVAL.defaultValueText());
    }
}
