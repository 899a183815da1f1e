package io.sabot.format.csv.internal;

import static io.sabot.format.csv.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.plugin.PluginException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** Encoding then decoding gives back every value of every type, in every dialect. */
public class CsvRoundTripTest {

    static final Schema ALL_TYPES = TestFormat.schema(
            "tiny", TestFormat.TINYINT,
            "small", TestFormat.SMALLINT,
            "i", TestFormat.INT,
            "big", TestFormat.BIGINT,
            "f", TestFormat.FLOAT,
            "d", TestFormat.DOUBLE,
            "dec", TestFormat.decimal(10, 2),
            "wide", TestFormat.decimal(38, 6),
            "flag", TestFormat.BOOLEAN,
            "name", TestFormat.VARCHAR,
            "day", TestFormat.DATE,
            "t", TestFormat.TIME,
            "ts", TestFormat.TIMESTAMP);

    static List<List<Object>> allTypesRows() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row(
                (byte) 1,
                (short) 2,
                3,
                4L,
                1.5f,
                154.69,
                new BigDecimal("12.34"),
                new BigDecimal("123456789012345678901234567890.123456"),
                true,
                "plain",
                LocalDate.of(2024, 1, 31),
                LocalTime.of(12, 13, 14),
                LocalDateTime.of(2023, 12, 31, 23, 59, 59, 240_000_000)));
        rows.add(row(
                Byte.MIN_VALUE,
                Short.MIN_VALUE,
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                -Float.MAX_VALUE,
                -Double.MIN_VALUE,
                new BigDecimal("-99999999.99"),
                new BigDecimal("-0.000001"),
                false,
                "with, comma and \"quotes\"",
                LocalDate.of(1, 1, 1),
                LocalTime.of(0, 0, 0, 1_000_000),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)));
        rows.add(row(
                Byte.MAX_VALUE,
                Short.MAX_VALUE,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                Float.NaN,
                Double.POSITIVE_INFINITY,
                new BigDecimal("0.00"),
                new BigDecimal("0.000000"),
                true,
                "line\nbreak and\r\nCRLF, ünïcødé ✓ 😀",
                LocalDate.of(9999, 12, 31),
                LocalTime.of(23, 59, 59, 999_000_000),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000)));
        rows.add(row(null, null, null, null, null, null, null, null, null, null, null, null, null));
        rows.add(row((byte) 0, (short) 0, 0, 0L, 0.0f, -0.0, null, null, null, "", null, LocalTime.MIDNIGHT, null));
        rows.add(row(
                (byte) -1,
                (short) -1,
                -1,
                -1L,
                3.4e38f,
                1.0e-300,
                new BigDecimal("0.01"),
                null,
                false,
                " # ",
                null,
                null,
                LocalDateTime.of(1970, 1, 1, 0, 0)));
        return rows;
    }

    private static void assertRoundTrip(Schema schema, List<List<Object>> rows, String... options) {
        try (TestFormat format = new TestFormat(schema, options)) {
            List<String> lines = format.encode(rows);
            List<List<Object>> decoded = format.decode(lines);
            assertEquals("errors decoding " + lines, List.of(), format.errors);
            assertEquals("through " + lines, rows, decoded);
        }
    }

    @Test
    public void everyTypeRoundTripsInTheDefaultDialect() {
        assertRoundTrip(ALL_TYPES, allTypesRows());
    }

    @Test
    public void everyTypeRoundTripsWithOtherDelimitersQuotesAndEscapes() {
        assertRoundTrip(ALL_TYPES, allTypesRows(), "field-delimiter", "\\t");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "field-delimiter", ";", "quote-character", "'");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "escape-character", "\\");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "null-literal", "\\N", "escape-character", "\\");
        // without quotes an empty string needs a null literal to differ from NULL
        assertRoundTrip(
                ALL_TYPES,
                allTypesRows(),
                "disable-quote-character",
                "true",
                "escape-character",
                "\\",
                "null-literal",
                "\\N");
        // a blank delimiter: timestamps and times contain it and are quoted
        assertRoundTrip(ALL_TYPES, allTypesRows(), "field-delimiter", " ");
        // '-' as delimiter: negative numbers and dates are quoted
        assertRoundTrip(ALL_TYPES, allTypesRows(), "field-delimiter", "-");
        // '.' as the quote character: numbers holding it are escaped by doubling
        assertRoundTrip(ALL_TYPES, allTypesRows(), "quote-character", ".");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "allow-comments", "true", "null-literal", "null");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "write-bigdecimal-in-scientific-notation", "false");
    }

    @Test
    public void nullsAndEmptyStringsStayApart() {
        Schema schema = TestFormat.schema("a", TestFormat.VARCHAR, "b", TestFormat.VARCHAR);
        List<List<Object>> rows = List.of(row(null, ""), row("", null), row("null", "x"));
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(List.of(",\"\"", "\"\",", "null,x"), format.encode(rows));
        }
        try (TestFormat format = new TestFormat(schema, "null-literal", "null")) {
            assertEquals(List.of("null,", ",null", "\"null\",x"), format.encode(rows));
        }
        assertRoundTrip(schema, rows);
        assertRoundTrip(schema, rows, "null-literal", "null");
        assertRoundTrip(
                schema, rows, "null-literal", "null", "disable-quote-character", "true", "escape-character", "\\");
    }

    @Test
    public void aSingleColumnTableRoundTripsNullAsAnEmptyLine() {
        Schema schema = TestFormat.schema("n", TestFormat.BIGINT);
        List<List<Object>> rows = List.of(row(1L), row((Object) null), row(3L));
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(List.of("1", "", "3"), format.encode(rows));
        }
        assertRoundTrip(schema, rows);
    }

    @Test
    public void fieldsAreQuotedOnlyWhenNeeded() {
        Schema schema = TestFormat.schema("s", TestFormat.VARCHAR, "n", TestFormat.BIGINT);
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(
                    List.of(
                            "plain,1",
                            "\"a,b\",2",
                            "\"say \"\"hi\"\"\",3",
                            "\"two\nlines\",4",
                            "\"cr\r\",5",
                            "#not a comment,6",
                            " spaced ,7"),
                    format.encode(List.of(
                            row("plain", 1L),
                            row("a,b", 2L),
                            row("say \"hi\"", 3L),
                            row("two\nlines", 4L),
                            row("cr\r", 5L),
                            row("#not a comment", 6L),
                            row(" spaced ", 7L))));
        }
        try (TestFormat format = new TestFormat(schema, "allow-comments", "true", "escape-character", "\\")) {
            assertEquals(
                    List.of("\"#comment?\",1", "\"say \\\"hi\\\" \\\\o/\",2"),
                    format.encode(List.of(row("#comment?", 1L), row("say \"hi\" \\o/", 2L))));
        }
    }

    @Test
    public void aValueTheDialectCannotWriteIsReportedAndTheOtherRowsAreEncoded() {
        Schema schema = TestFormat.schema("s", TestFormat.VARCHAR, "n", TestFormat.BIGINT);
        try (TestFormat format = new TestFormat(schema, "disable-quote-character", "true");
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, format.allocator)) {
            TestFormat.fill(root, List.of(row("a", 1L), row("b,c", 2L), row("d", 3L), row("e\nf", 4L)));
            List<String> reported = new ArrayList<>();
            BinaryRecords records = new BinaryRecords(1);
            format.encoder.encode(root, records, (row, message) -> reported.add(row + ": " + message));
            assertEquals(
                    List.of(
                            "1: column 's': the value contains the field delimiter or a line break, and quoting is"
                                    + " disabled without an escape character (format 'csv')",
                            "3: column 's': the value contains the field delimiter or a line break, and quoting is"
                                    + " disabled without an escape character (format 'csv')"),
                    reported);
            List<String> lines = new ArrayList<>();
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < records.count(); i++) {
                lines.add(new String(records.data(i), records.offset(i), records.length(i), StandardCharsets.UTF_8));
                positions.add(records.position(i));
            }
            assertEquals(List.of("a,1", "d,3"), lines);
            assertEquals(List.of(0L, 2L), positions);
            PluginException whole =
                    assertThrows(PluginException.class, () -> format.encoder.encode(root, new BinaryRecords(1)));
            assertTrue(whole.getMessage(), whole.getMessage().startsWith("format 'csv' cannot write row 1: column"));
        }
    }

    @Test
    public void doublesAndFloatsRoundTripExactly() {
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double d;
            switch (i % 4) {
                case 0:
                    d = Double.longBitsToDouble(random.nextLong());
                    break;
                case 1:
                    d = Math.round(random.nextDouble() * 1e6) / 100.0;
                    break;
                case 2:
                    d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                    break;
                default:
                    d = random.nextInt(1000) / 1000.0;
            }
            float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) d;
            rows.add(row(f, d));
        }
        assertRoundTrip(TestFormat.schema("f", TestFormat.FLOAT, "d", TestFormat.DOUBLE), rows);
    }

    @Test
    public void shortDoublesAreWrittenShort() {
        try (TestFormat format = new TestFormat(TestFormat.schema("d", TestFormat.DOUBLE, "f", TestFormat.FLOAT))) {
            assertEquals(
                    List.of("154.69,0.1", "1.0,100.0", "0.001,1.0E7", "1.0E-4,-2.5", "1.2345678E7,NaN"),
                    format.encode(List.of(
                            row(154.69, 0.1f),
                            row(1.0, 100f),
                            row(0.001, 1e7f),
                            row(1e-4, -2.5f),
                            row(12345678.0, Float.NaN))));
        }
    }

    @Test
    public void timestampsAreWrittenWithMilliseconds() {
        Schema schema = TestFormat.schema("ts", TestFormat.TIMESTAMP, "day", TestFormat.DATE, "t", TestFormat.TIME);
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(
                    List.of(
                            "2024-01-01 00:00:01.500,2024-02-29,00:00:00",
                            "1969-12-31 23:59:59.999,1969-12-31,01:02:03.004"),
                    format.encode(List.of(
                            row(
                                    LocalDateTime.of(2024, 1, 1, 0, 0, 1, 500_000_000),
                                    LocalDate.of(2024, 2, 29),
                                    LocalTime.MIDNIGHT),
                            row(
                                    LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000),
                                    LocalDate.of(1969, 12, 31),
                                    LocalTime.of(1, 2, 3, 4_000_000)))));
        }
    }

    @Test
    public void decimalsFollowTheScientificNotationOption() {
        Schema schema = TestFormat.schema("d", TestFormat.decimal(20, 10));
        List<List<Object>> rows = List.of(row(new BigDecimal("0E-10")), row(new BigDecimal("1.5000000000")));
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(List.of("0E-10", "1.5000000000"), format.encode(rows));
        }
        try (TestFormat format = new TestFormat(schema, "write-bigdecimal-in-scientific-notation", "false")) {
            assertEquals(List.of("0.0000000000", "1.5000000000"), format.encode(rows));
        }
        assertRoundTrip(schema, rows);
    }
}
