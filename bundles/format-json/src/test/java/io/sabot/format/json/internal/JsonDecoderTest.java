package io.sabot.format.json.internal;

import static io.sabot.format.json.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.PluginException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** What the decoder accepts, what it rejects and how it says so. */
public class JsonDecoderTest {

    static final Schema ORDERS = TestFormat.schema(
            "id", TestFormat.BIGINT,
            "price", TestFormat.decimal(10, 2),
            "name", TestFormat.VARCHAR,
            "ts", TestFormat.TIMESTAMP);

    @Test
    public void fieldsMatchColumnsByExactNameInAnyOrder() {
        try (TestFormat format = new TestFormat(ORDERS)) {
            List<List<Object>> rows = format.decode(List.of(
                    "{\"id\": 1, \"price\": 2.5, \"name\": \"a\", \"ts\": \"2024-01-01 00:00:00\"}",
                    "{\"ts\": \"2024-01-01T00:00:01.5\", \"name\": \"b\", \"price\": \"3\", \"id\": \"2\"}",
                    "{\"ID\": 3, \"Name\": \"c\", \"id\": 4, \"extra\": {\"deep\": [1, {\"x\": null}]}, \"more\": [], "
                            + "\"name\": null}",
                    "  {}  ",
                    "{\"id\": 5, \"id\": 6}"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row(1L, new BigDecimal("2.50"), "a", LocalDateTime.of(2024, 1, 1, 0, 0)),
                            row(2L, new BigDecimal("3.00"), "b", LocalDateTime.of(2024, 1, 1, 0, 0, 1, 500_000_000)),
                            row(4L, null, null, null),
                            row(null, null, null, null),
                            row(6L, null, null, null)),
                    rows);
        }
    }

    @Test
    public void everyScalarBecomesText() {
        Schema schema = TestFormat.schema("s", TestFormat.VARCHAR);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "{\"s\": 12.50}",
                    "{\"s\": true}",
                    "{\"s\": \"\"}",
                    "{\"s\": {\"a\": [1, 2], \"b\": \"}\"}}",
                    "{\"s\":[ ]}",
                    "{\"s\": \"\\u00e9\\ud83d\\ude00\"}"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row("12.50"),
                            row("true"),
                            row(""),
                            row("{\"a\": [1, 2], \"b\": \"}\"}"),
                            row("[ ]"),
                            row("é😀")),
                    rows);
        }
    }

    @Test
    public void numbersBooleansAndTemporalsFromNumbersOrStrings() {
        Schema schema = TestFormat.schema(
                "i", TestFormat.INT,
                "d", TestFormat.DOUBLE,
                "f", TestFormat.FLOAT,
                "b", TestFormat.BOOLEAN,
                "day", TestFormat.DATE,
                "t", TestFormat.TIME);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(
                    List.of(
                            "{\"i\": -7, \"d\": 1e3, \"f\": 0.1, \"b\": true, \"day\": \"2024-02-29\", \"t\": \"12:00\"}",
                            "{\"i\": \" 8 \", \"d\": \"NaN\", \"f\": \"-Infinity\", \"b\": \"FALSE\", \"day\": \"\", \"t\": null}"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row(-7, 1000.0, 0.1f, true, LocalDate.of(2024, 2, 29), LocalTime.NOON),
                            row(8, Double.NaN, Float.NEGATIVE_INFINITY, false, null, null)),
                    rows);
        }
    }

    @Test
    public void badValuesNameTheColumnAndTheValue() {
        Schema schema = TestFormat.schema(
                "tiny", TestFormat.TINYINT,
                "d", TestFormat.DOUBLE,
                "dec", TestFormat.decimal(4, 2),
                "b", TestFormat.BOOLEAN,
                "ts", TestFormat.TIMESTAMP);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "{\"tiny\": 300}",
                    "{\"tiny\": 1.5}",
                    "{\"tiny\": \"x\"}",
                    "{\"d\": {\"a\": 1}}",
                    "{\"d\": [1]}",
                    "{\"dec\": 100}",
                    "{\"b\": 1}",
                    "{\"ts\": 1700000000000}",
                    "{\"ts\": \"2024-01-01 25:00:00\"}",
                    "{\"tiny\": 1, \"d\": 2, \"dec\": 3, \"b\": false, \"ts\": \"2024-01-01 00:00:00\"}"));
            assertEquals(
                    List.of(row((byte) 1, 2.0, new BigDecimal("3.00"), false, LocalDateTime.of(2024, 1, 1, 0, 0))),
                    rows);
            assertEquals(
                    List.of(
                            "0: column 'tiny': out of range for TINYINT, got 300",
                            "1: column 'tiny': expected an integer, got 1.5",
                            "2: column 'tiny': expected an integer, got \"x\"",
                            "3: column 'd': expected a number, got an object",
                            "4: column 'd': expected a number, got an array",
                            "5: column 'dec': out of range for DECIMAL(4, 2), got 100",
                            "6: column 'b': expected true or false, got 1",
                            "7: column 'ts': expected a timestamp string yyyy-MM-dd HH:mm:ss[.SSS], got 1700000000000",
                            "8: column 'ts': expected a timestamp string yyyy-MM-dd HH:mm:ss[.SSS], got "
                                    + "\"2024-01-01 25:00:00\""),
                    format.errors);
        }
    }

    @Test
    public void recordsThatAreNotJsonObjectsAreReportedAndTheParserRecovers() {
        try (TestFormat format = new TestFormat(ORDERS)) {
            List<List<Object>> rows = format.decode(List.of(
                    "",
                    "   ",
                    "[1, 2]",
                    "42",
                    "{\"id\": 1",
                    "{\"id\": \"open",
                    "{\"id\": 2} {\"id\": 3}",
                    "{\"id\": 4} 5",
                    "{\"id\": 6} \"",
                    "{\"id\": 7,}",
                    "{id: 8}",
                    "{\"id\": 9}",
                    "{\"id\": 10}  \t "));
            assertEquals(List.of(row(9L, null, null, null), row(10L, null, null, null)), rows);
            assertEquals(13 - 2, format.errors.size());
            assertEquals("0: empty record, expected a JSON object", format.errors.get(0));
            assertEquals("1: empty record, expected a JSON object", format.errors.get(1));
            assertEquals("2: expected a JSON object, found '[1, 2]'", format.errors.get(2));
            assertEquals("3: expected a JSON object, found '42'", format.errors.get(3));
            assertEquals("4: truncated JSON object", format.errors.get(4));
            assertEquals("6: unexpected content after the JSON object: '{\"id\": 3}'", format.errors.get(6));
            assertEquals("7: unexpected content after the JSON object: '5'", format.errors.get(7));
            assertTrue(format.errors.get(9), format.errors.get(9).startsWith("9: Unexpected character ('}'"));
            assertTrue(format.errors.get(10), format.errors.get(10).startsWith("10: Unexpected character ('i'"));
        }
    }

    @Test
    public void manyBatchesWithEverNewFieldNamesDecodeAlike() {
        Schema schema = TestFormat.schema("id", TestFormat.BIGINT);
        try (TestFormat format = new TestFormat(schema)) {
            for (int batch = 0; batch < 5; batch++) {
                List<String> lines = new java.util.ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    lines.add("{\"key-" + batch + "-" + i + "\": " + i + ", \"id\": " + i + "}");
                }
                List<List<Object>> rows = format.decode(lines);
                assertEquals(List.of(), format.errors);
                assertEquals(20_000, rows.size());
                assertEquals(row(19_999L), rows.get(19_999));
            }
        }
    }

    @Test
    public void missingFieldsAreNullOrErrors() {
        try (TestFormat format = new TestFormat(ORDERS, "fail-on-missing-field", "true")) {
            List<List<Object>> rows = format.decode(List.of(
                    "{\"id\": 1, \"price\": null, \"name\": null, \"ts\": null}", "{\"id\": 2, \"name\": \"x\"}"));
            assertEquals(List.of(row(1L, null, null, null)), rows);
            assertEquals(List.of("1: missing field 'price'"), format.errors);
        }
    }

    @Test
    public void ignoreParseErrorsNullsBadFieldsAndSkipsWhatIsNotJson() {
        try (TestFormat format = new TestFormat(ORDERS, "ignore-parse-errors", "true")) {
            List<List<Object>> rows = format.decode(List.of(
                    "{\"id\": \"x\", \"price\": {\"a\": [1]}, \"name\": \"ok\", \"ts\": \"never\"}",
                    "not json",
                    "{\"id\": 1",
                    "",
                    "{\"id\": 2, \"price\": 1.234}"));
            assertEquals(List.of(), format.errors);
            assertEquals(List.of(row(null, null, "ok", null), row(2L, new BigDecimal("1.23"), null, null)), rows);
        }
    }

    @Test
    public void bothFailOnMissingFieldAndIgnoreParseErrorsIsRefused() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> new TestFormat(ORDERS, "fail-on-missing-field", "true", "ignore-parse-errors", "true"));
        assertEquals("fail-on-missing-field", e.errors().get(0).key());
        OptionValidationException invalid = assertThrows(
                OptionValidationException.class, () -> TestFormat.options("timestamp-format.standard", "RFC"));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("expected one of [SQL, ISO-8601]"));
        assertEquals(
                "ISO-8601",
                TestFormat.options("timestamp-format.standard", "iso-8601").get(JsonOptions.TIMESTAMP_FORMAT_STANDARD));
    }

    @Test
    public void unsupportedColumnsAreNamed() {
        Schema schema = TestFormat.schema("u", new ArrowType.Int(64, false), "b", ArrowType.Binary.INSTANCE);
        PluginException e = assertThrows(PluginException.class, () -> new TestFormat(schema));
        assertTrue(
                e.getMessage(),
                e.getMessage().startsWith("format 'json' cannot handle column 'u' (Int(64, false)), 'b' (Binary)"));
    }
}
