package io.sabot.connector.datagen.internal;

import static io.sabot.connector.datagen.internal.DatagenSourceTest.BIGINT;
import static io.sabot.connector.datagen.internal.DatagenSourceTest.ORDERS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** Option descriptors, the runtime's central validation of them, and the checks against the table at createSource. */
public class DatagenOptionsTest {

    private static PluginException createFails(Schema schema, String... options) {
        PluginException e = assertThrows(
                PluginException.class, () -> TestRuntime.FACTORY.createSource(TestRuntime.table(schema, 1, options)));
        assertFalse("a configuration error is not retriable", e.isRetriable());
        assertTrue(e.getMessage(), e.getMessage().contains("table 'orders'"));
        return e;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue("'" + part + "' in: " + message, message.contains(part));
        }
    }

    @Test
    public void everyKeyIsValidAndDescribed() {
        assertEquals(11, TestRuntime.FACTORY.options().size());
        for (OptionDescriptor<?> option : TestRuntime.FACTORY.options()) {
            assertTrue(option.key(), OptionValidation.isValidKey(option.key()));
            assertFalse(option.key(), option.description().isEmpty());
            assertFalse(option.key(), option.isSecret());
            assertFalse("datagen works without options: " + option.key(), option.isRequired());
        }
        assertEquals(10_000L, (long) DatagenOptions.ROWS_PER_SECOND.defaultValue());
        assertEquals("random", DatagenOptions.FIELD_KIND.defaultValue());
        assertEquals(100, (int) DatagenOptions.FIELD_LENGTH.defaultValue());
    }

    @Test
    public void invalidValuesAreAllReportedWithTheirKeys() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("rows-per-second", "-1");
        options.put("number-of-rows", "many");
        options.put("seed", "1.5");
        options.put("fields.id.kind", "counter");
        options.put("fields.price.null-rate", "1.5");
        options.put("fields.name.length", "-3");
        options.put("fields.ts.max-past", "soon");
        options.put("rows-per-secnd", "5");
        ValidationResult result = TestRuntime.FACTORY.validate("connector 'datagen' of table 'orders'", options);
        assertFalse(result.isValid());
        Set<String> keys = result.errors().stream().map(OptionError::key).collect(Collectors.toSet());
        assertEquals(options.keySet(), keys);
        assertMentions(
                result.message(),
                "option 'rows-per-second': must be positive, got '-1'",
                "expected one of [random, sequence], got 'counter'",
                "option 'fields.price.null-rate': must be between 0 and 1",
                "unknown option 'rows-per-secnd' (did you mean 'rows-per-second'?)",
                "Supported options: fields.#.end");
    }

    @Test
    public void fieldOptionsMustNameAColumn() {
        PluginException e = createFails(ORDERS, "fields.nope.kind", "random", "fields.Price.min", "1");
        assertMentions(
                e.getMessage(),
                "option 'fields.nope.kind' names no column of the table; its columns are [id, price, name, ts]",
                "option 'fields.Price.min' names no column");
    }

    @Test
    public void aSequenceNeedsStartAndEnd() {
        PluginException e = createFails(ORDERS, "fields.id.kind", "sequence", "fields.id.start", "1");
        assertMentions(e.getMessage(), "option 'fields.id.end' is required: column 'id' is a sequence");
        e = createFails(ORDERS, "fields.id.kind", "sequence");
        assertMentions(e.getMessage(), "'fields.id.start' is required", "'fields.id.end' is required");
        e = createFails(ORDERS, "fields.id.kind", "sequence", "fields.id.start", "10", "fields.id.end", "9");
        assertMentions(e.getMessage(), "option 'fields.id.start': the start 10 is after the end 9");
    }

    @Test
    public void aSequenceNeedsAnIntegerColumn() {
        PluginException e = createFails(
                ORDERS, "fields.price.kind", "sequence", "fields.price.start", "1", "fields.price.end", "5");
        assertMentions(
                e.getMessage(),
                "option 'fields.price.kind': a sequence needs an integer column (TINYINT, SMALLINT, INT or BIGINT);"
                        + " 'price' is DOUBLE");
        e = createFails(ORDERS, "fields.ts.kind", "sequence", "fields.ts.start", "1", "fields.ts.end", "5");
        assertMentions(e.getMessage(), "'ts' is TIMESTAMP(3)");
    }

    @Test
    public void unsupportedTypesNameTheColumnAndType() {
        Schema schema = new Schema(List.of(
                Field.nullable("id", BIGINT),
                Field.nullable("payload", ArrowType.Binary.INSTANCE),
                Field.nullable("micros", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                Field.nullable("zoned", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
                Field.nullable("unsigned", new ArrowType.Int(32, false))));
        PluginException e = createFails(schema);
        assertMentions(
                e.getMessage(),
                "column 'payload' has type Binary, which datagen cannot generate; supported types: TINYINT",
                "column 'micros' has type Timestamp(MICROSECOND, null)",
                "column 'zoned' has type Timestamp(MILLISECOND, UTC)",
                "column 'unsigned' has type Int(32, false)");
    }

    @Test
    public void optionsThatDoNotApplyToTheColumnAreRejected() {
        PluginException e = createFails(
                ORDERS,
                "fields.id.length",
                "5",
                "fields.name.min",
                "1",
                "fields.price.max-past",
                "1 h",
                "fields.id.kind",
                "random",
                "fields.id.start",
                "1");
        assertMentions(
                e.getMessage(),
                "option 'fields.id.length': does not apply to random BIGINT column 'id'",
                "option 'fields.id.start': does not apply to random BIGINT column 'id'",
                "option 'fields.name.min': does not apply to random STRING column 'name'",
                "option 'fields.price.max-past': does not apply to random DOUBLE column 'price'");
        e = createFails(
                ORDERS,
                "fields.id.kind",
                "sequence",
                "fields.id.start",
                "1",
                "fields.id.end",
                "2",
                "fields.id.max",
                "3");
        assertMentions(e.getMessage(), "option 'fields.id.max': does not apply to sequence BIGINT column 'id'");
    }

    @Test
    public void boundsMustParseAndFitTheColumnType() {
        Schema schema = new Schema(List.of(
                Field.nullable("tiny", new ArrowType.Int(8, true)),
                Field.nullable("price", new ArrowType.Decimal(5, 2, 128)),
                Field.nullable(
                        "f", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE)),
                Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                Field.nullable("seq", new ArrowType.Int(16, true))));
        PluginException e = createFails(
                schema,
                "fields.tiny.max",
                "1000",
                "fields.price.min",
                "0.001",
                "fields.price.max",
                "1000",
                "fields.f.min",
                "1e39",
                "fields.f.max",
                "abc",
                "fields.ts.min",
                "yesterday",
                "fields.ts.max",
                "2024-01-01",
                "fields.seq.kind",
                "sequence",
                "fields.seq.start",
                "0",
                "fields.seq.end",
                "40000");
        assertMentions(
                e.getMessage(),
                "option 'fields.tiny.max': must be between -128 and 127 for TINYINT column 'tiny', got 1000",
                "option 'fields.price.min': has more than 2 digits after the point for DECIMAL(5, 2) column 'price'",
                "option 'fields.price.max': does not fit DECIMAL(5, 2) column 'price', got '1000'",
                "option 'fields.f.min': must be a finite FLOAT value, got '1e39'",
                "option 'fields.f.max': expected a number for FLOAT column 'f', got 'abc'",
                "option 'fields.ts.min': expected a timestamp such as '2024-01-31 12:00:00' for TIMESTAMP(3) column"
                        + " 'ts', got 'yesterday'",
                "option 'fields.seq.end': must be between -32768 and 32767 for a SMALLINT column, got 40000");
    }

    @Test
    public void minimumAboveMaximumIsReported() {
        PluginException e = createFails(ORDERS, "fields.price.min", "10", "fields.price.max", "5");
        assertMentions(e.getMessage(), "option 'fields.price.min': the minimum '10' is above the maximum '5'");
        e = createFails(ORDERS, "fields.price.max", "-5");
        assertMentions(e.getMessage(), "option 'fields.price.max': the minimum 4.9E-324 (default) is above");
    }

    @Test
    public void timestampsTakeEitherMaxPastOrMinAndMax() {
        PluginException e = createFails(ORDERS, "fields.ts.min", "2024-01-01", "fields.ts.max-past", "1 h");
        assertMentions(e.getMessage(), "option 'fields.ts.max-past': give either max-past or min and max");
        e = createFails(ORDERS, "fields.ts.min", "2024-01-01");
        assertMentions(e.getMessage(), "option 'fields.ts.max' is required with 'fields.ts.min'");
    }

    @Test
    public void aNotNullColumnCannotHaveNulls() {
        Schema schema = new Schema(List.of(new Field("id", FieldType.notNullable(BIGINT), null)));
        PluginException e = createFails(schema, "fields.id.null-rate", "0.5");
        assertMentions(e.getMessage(), "option 'fields.id.null-rate': column 'id' is NOT NULL");
    }

    @Test
    public void everyProblemIsReportedAtOnce() {
        Schema schema = new Schema(List.of(
                Field.nullable("id", BIGINT),
                Field.nullable("price", DatagenSourceTest.DOUBLE),
                Field.nullable("blob", ArrowType.Binary.INSTANCE)));
        PluginException e = createFails(
                schema, "fields.x.kind", "random", "fields.id.kind", "sequence", "fields.price.length", "3");
        String[] lines = e.getMessage().split("\n");
        assertEquals(e.getMessage(), 6, lines.length); // the title, then x, id start, id end, price length, blob
    }
}
