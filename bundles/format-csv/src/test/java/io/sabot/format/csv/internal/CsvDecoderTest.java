package io.sabot.format.csv.internal;

import static io.sabot.format.csv.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.PluginException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** What the decoder accepts, what it rejects and how it says so. */
public class CsvDecoderTest {

    static final Schema ORDERS = TestFormat.schema(
            "id", TestFormat.BIGINT,
            "price", TestFormat.decimal(10, 2),
            "name", TestFormat.VARCHAR,
            "ts", TestFormat.TIMESTAMP);

    @Test
    public void timestampsInEveryAcceptedSpelling() {
        Schema schema = TestFormat.schema("ts", TestFormat.TIMESTAMP);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "2024-01-02 03:04:05.678",
                    "2024-01-02 03:04:05",
                    "2024-01-02 03:04",
                    "2024-01-02 03:04:05.6",
                    "2024-01-02 03:04:05.67",
                    "2024-01-02T03:04:05.678",
                    "2024-01-02 03:04:05.678999999",
                    " 2024-01-02 03:04:05.678 ",
                    "1900-02-28 23:59:59.999"));
            assertEquals(List.of(), format.errors);
            LocalDateTime base = LocalDateTime.of(2024, 1, 2, 3, 4, 5);
            assertEquals(
                    List.of(
                            row(base.withNano(678_000_000)),
                            row(base),
                            row(base.withSecond(0)),
                            row(base.withNano(600_000_000)),
                            row(base.withNano(670_000_000)),
                            row(base.withNano(678_000_000)),
                            row(base.withNano(678_000_000)),
                            row(base.withNano(678_000_000)),
                            row(LocalDateTime.of(1900, 2, 28, 23, 59, 59, 999_000_000))),
                    rows);
        }
    }

    @Test
    public void malformedTemporalValuesAreErrors() {
        Schema schema = TestFormat.schema("d", TestFormat.DATE, "t", TestFormat.TIME, "ts", TestFormat.TIMESTAMP);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "2024-02-29,23:59:59.5,2024-12-31 00:00:00",
                    "2023-02-29,,",
                    ",24:00:00,",
                    ",,2024-13-01 00:00:00",
                    ",,2024-01-01 00:00:00.",
                    ",,2024-01-01 00:00:00Z",
                    "2024-1-01,,"));
            assertEquals(
                    List.of(row(
                            LocalDate.of(2024, 2, 29),
                            LocalTime.of(23, 59, 59, 500_000_000),
                            LocalDateTime.of(2024, 12, 31, 0, 0))),
                    rows);
            assertEquals(
                    List.of(
                            "1: column 'd' (field 1): expected a date yyyy-MM-dd, got '2023-02-29'",
                            "2: column 't' (field 2): expected a time HH:mm:ss[.SSS], got '24:00:00'",
                            "3: column 'ts' (field 3): expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS], got "
                                    + "'2024-13-01 00:00:00'",
                            "4: column 'ts' (field 3): expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS], got "
                                    + "'2024-01-01 00:00:00.'",
                            "5: column 'ts' (field 3): expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS], got "
                                    + "'2024-01-01 00:00:00Z'",
                            "6: column 'd' (field 1): expected a date yyyy-MM-dd, got '2024-1-01'"),
                    format.errors);
        }
    }

    @Test
    public void numbersParseWithSignsBlanksAndExponents() {
        Schema schema = TestFormat.schema(
                "i", TestFormat.INT, "d", TestFormat.DOUBLE, "dec", TestFormat.decimal(6, 2), "b", TestFormat.BOOLEAN);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "+7, 1e3 ,1.005,TRUE",
                    " -0 ,-.5,-0.004,False",
                    "2147483647,1.7976931348623157E308,9999.994,true",
                    "-2147483648,4.9e-324,.5,false",
                    "1,123456789012345678901234567890,1e2,true",
                    "1,-Infinity,0.00000000000000000000000001,true"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row(7, 1000.0, new BigDecimal("1.01"), true),
                            row(0, -0.5, new BigDecimal("0.00"), false),
                            row(Integer.MAX_VALUE, Double.MAX_VALUE, new BigDecimal("9999.99"), true),
                            row(Integer.MIN_VALUE, Double.MIN_VALUE, new BigDecimal("0.50"), false),
                            row(1, 1.2345678901234568E29, new BigDecimal("100.00"), true),
                            row(1, Double.NEGATIVE_INFINITY, new BigDecimal("0.00"), true)),
                    rows);
        }
    }

    @Test
    public void badNumbersNameColumnFieldAndValue() {
        Schema schema = TestFormat.schema(
                "tiny",
                TestFormat.TINYINT,
                "d",
                TestFormat.DOUBLE,
                "dec",
                TestFormat.decimal(6, 2),
                "b",
                TestFormat.BOOLEAN);
        try (TestFormat format = new TestFormat(schema)) {
            List<List<Object>> rows = format.decode(List.of(
                    "128,,,",
                    "1x,,,",
                    ",1.2.3,,",
                    ",,10000,",
                    ",,,yes",
                    "99999999999999999999999,,,",
                    ",,1e99999,",
                    ",0x10,,",
                    "1,2,3,true"));
            assertEquals(List.of(row((byte) 1, 2.0, new BigDecimal("3.00"), true)), rows);
            assertEquals(
                    List.of(
                            "0: column 'tiny' (field 1): out of range for TINYINT, got '128'",
                            "1: column 'tiny' (field 1): expected an integer, got '1x'",
                            "2: column 'd' (field 2): expected a number, got '1.2.3'",
                            "3: column 'dec' (field 3): out of range for DECIMAL(6, 2), got '10000'",
                            "4: column 'b' (field 4): expected true or false, got 'yes'",
                            "5: column 'tiny' (field 1): out of range for TINYINT, got '99999999999999999999999'",
                            "6: column 'dec' (field 3): out of range for DECIMAL(6, 2), got '1e99999'",
                            "7: column 'd' (field 2): expected a number, got '0x10'"),
                    format.errors);
        }
    }

    @Test
    public void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        try (TestFormat format = new TestFormat(ORDERS)) {
            List<List<Object>> rows = format.decode(List.of(
                    "1,\"2.50\",\"a, b\",\"2024-01-01 00:00:00\"",
                    "2,3,\"say \"\"hi\"\"\",",
                    "3,4,\"two\nlines\r\nhere\",",
                    "4,5,\"\",",
                    "5,6,,",
                    "6,7,'single',"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row(1L, new BigDecimal("2.50"), "a, b", LocalDateTime.of(2024, 1, 1, 0, 0)),
                            row(2L, new BigDecimal("3.00"), "say \"hi\"", null),
                            row(3L, new BigDecimal("4.00"), "two\nlines\r\nhere", null),
                            row(4L, new BigDecimal("5.00"), "", null),
                            row(5L, new BigDecimal("6.00"), null, null),
                            row(6L, new BigDecimal("7.00"), "'single'", null)),
                    rows);
        }
    }

    @Test
    public void recordsThatAreNotCsvAreReportedWithTheField() {
        try (TestFormat format = new TestFormat(ORDERS)) {
            List<List<Object>> rows =
                    format.decode(List.of("1,2,\"open,", "2,3,\"closed\"x,", "3,4,x", "4,5,x,,", "", "5,6,ok,"));
            assertEquals(List.of(row(5L, new BigDecimal("6.00"), "ok", null)), rows);
            assertEquals(
                    List.of(
                            "0: field 3: unterminated quoted field",
                            "1: field 3: unexpected character after the closing quote",
                            "2: expected 4 fields, found 3",
                            "3: expected 4 fields, found 5",
                            "4: expected 4 fields, found 1"),
                    format.errors);
        }
    }

    @Test
    public void ignoreParseErrorsNullsBadFieldsAndKeepsTheRecord() {
        try (TestFormat format = new TestFormat(ORDERS, "ignore-parse-errors", "true")) {
            List<List<Object>> rows = format.decode(List.of(
                    "x,2.5,a,2024-01-01 00:00:00",
                    "1,abc,b,never",
                    "2,3",
                    "3,4,c,,extra,fields",
                    "4,5,\"unterminated",
                    "5,6,d,"));
            assertEquals(List.of(), format.errors);
            assertEquals(
                    List.of(
                            row(null, new BigDecimal("2.50"), "a", LocalDateTime.of(2024, 1, 1, 0, 0)),
                            row(1L, null, "b", null),
                            row(2L, new BigDecimal("3.00"), null, null),
                            row(3L, new BigDecimal("4.00"), "c", null),
                            row(5L, new BigDecimal("6.00"), "d", null)),
                    rows);
        }
    }

    @Test
    public void aFailedRecordLeavesNoTraceInTheNextRow() {
        // the second record fails after its string was written; the third reuses the row
        try (TestFormat format = new TestFormat(ORDERS)) {
            List<List<Object>> rows =
                    format.decode(List.of("1,1,first,", "2,2,a much longer string,bad", "3,3,,", "4,4,fourth,"));
            assertEquals(1, format.errors.size());
            assertEquals(
                    List.of(
                            row(1L, new BigDecimal("1.00"), "first", null),
                            row(3L, new BigDecimal("3.00"), null, null),
                            row(4L, new BigDecimal("4.00"), "fourth", null)),
                    rows);
        }
    }

    @Test
    public void commentsNullLiteralsAndEscapes() {
        Schema schema = TestFormat.schema("n", TestFormat.INT, "s", TestFormat.VARCHAR);
        try (TestFormat format = new TestFormat(schema, "allow-comments", "true")) {
            assertEquals(
                    List.of(row(1, "a"), row(null, "#b")), format.decode(List.of("# header", "1,a", "#x,y", ",#b")));
            assertEquals(List.of(), format.errors);
        }
        try (TestFormat format = new TestFormat(schema)) {
            format.decode(List.of("# not skipped,a"));
            assertEquals(List.of("0: column 'n' (field 1): expected an integer, got '# not skipped'"), format.errors);
        }
        try (TestFormat format = new TestFormat(schema, "null-literal", "\\N")) {
            assertEquals(
                    List.of(row(null, null), row(null, ""), row(1, "\\N"), row(null, "NULL")),
                    format.decode(List.of("\\N,\\N", ",", "1,\"\\N\"", ",NULL")));
        }
        try (TestFormat format = new TestFormat(schema, "escape-character", "\\")) {
            assertEquals(
                    List.of(row(1, "a,b"), row(2, "q\"q"), row(3, "back\\slash")),
                    format.decode(List.of("1,a\\,b", "2,\"q\\\"q\"", "3,back\\\\slash")));
        }
        try (TestFormat format = new TestFormat(schema, "disable-quote-character", "true", "field-delimiter", "|")) {
            assertEquals(List.of(row(1, "\"quoted\""), row(2, "a,b")), format.decode(List.of("1|\"quoted\"", "2|a,b")));
        }
    }

    @Test
    public void appendsAfterRowsAlreadyInTheBatch() {
        try (TestFormat format = new TestFormat(ORDERS);
                VectorSchemaRoot root = VectorSchemaRoot.create(ORDERS, format.allocator)) {
            List<String> errors = new ArrayList<>();
            BinaryRecords first = TestFormat.records(List.of("1,1,a,", "2,2,b,"));
            assertEquals(2, format.decoder.decode(first, root, (i, m) -> errors.add(m)));
            BinaryRecords second = TestFormat.records(List.of("3,3,c,", "oops,4,d,", "5,5,e,"));
            assertEquals(2, format.decoder.decode(second, root, (i, m) -> errors.add(m)));
            assertEquals(1, errors.size());
            List<Object> ids = new ArrayList<>();
            List<Object> names = new ArrayList<>();
            for (List<Object> row : TestFormat.read(root)) {
                ids.add(row.get(0));
                names.add(row.get(2));
            }
            assertEquals(List.of(1L, 2L, 3L, 5L), ids);
            assertEquals(List.of("a", "b", "c", "e"), names);
        }
    }

    @Test
    public void aFailingPolicyStopsDecoding() {
        try (TestFormat format = new TestFormat(ORDERS);
                VectorSchemaRoot root = VectorSchemaRoot.create(ORDERS, format.allocator)) {
            BinaryRecords records = TestFormat.records(List.of("1,1,a,", "x,2,b,", "3,3,c,"));
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> format.decoder.decode(records, root, (i, m) -> {
                        throw new IllegalStateException("line " + records.position(i) + ": " + m);
                    }));
            assertEquals("line 2: column 'id' (field 1): expected an integer, got 'x'", e.getMessage());
        }
    }

    @Test
    public void conflictingOptionsAreRejectedTogether() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> new TestFormat(ORDERS, "field-delimiter", "'", "quote-character", "'", "escape-character", "'"));
        assertEquals(2, e.errors().size());
        assertTrue(e.getMessage(), e.getMessage().contains("'quote-character' must differ from 'field-delimiter'"));
        e = assertThrows(
                OptionValidationException.class,
                () -> new TestFormat(ORDERS, "disable-quote-character", "true", "quote-character", "'"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot be set when 'disable-quote-character' is true"));
        OptionValidationException invalid = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.options("field-delimiter", "::", "quote-character", ""));
        assertEquals(2, invalid.errors().size());
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("must be a single ASCII character"));
    }

    @Test
    public void unsupportedColumnsAreNamedAtOnce() {
        Schema schema = new Schema(List.of(
                Field.nullable("ok", TestFormat.BIGINT),
                Field.nullable("u", new ArrowType.Int(32, false)),
                new Field(
                        "tags",
                        FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(Field.nullable("item", TestFormat.VARCHAR))),
                Field.nullable(
                        "tz", new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, "UTC"))));
        PluginException e = assertThrows(PluginException.class, () -> new TestFormat(schema));
        assertTrue(
                e.getMessage(),
                e.getMessage().startsWith("format 'csv' cannot handle column 'u' (Int(32, false)), 'tags'"));
        assertTrue(e.getMessage(), e.getMessage().contains("'tz' (Timestamp(MILLISECOND, UTC))"));
    }
}
