package io.sabot.format.json.internal;

import static io.sabot.format.json.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** Encoding then decoding gives back every value of every type, with every option. */
public class JsonRoundTripTest {

    static final Schema ALL_TYPES = TestFormat.schema(
            "tiny", TestFormat.TINYINT,
            "small", TestFormat.SMALLINT,
            "i", TestFormat.INT,
            "big", TestFormat.BIGINT,
            "f", TestFormat.FLOAT,
            "d", TestFormat.DOUBLE,
            "dec", TestFormat.decimal(10, 2),
            "wide", TestFormat.decimal(38, 10),
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
                new BigDecimal("1234567890123456789012345678.0123456789"),
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
                new BigDecimal("0.0000000001"),
                false,
                "quotes \" backslash \\ tab \t newline \n control \u0001 and ünïcødé ✓ 😀",
                LocalDate.of(1, 1, 1),
                LocalTime.of(0, 0, 0, 1_000_000),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)));
        rows.add(row(
                Byte.MAX_VALUE,
                Short.MAX_VALUE,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                Float.NaN,
                Double.NEGATIVE_INFINITY,
                new BigDecimal("0.00"),
                new BigDecimal("0E-10"),
                true,
                "",
                LocalDate.of(9999, 12, 31),
                LocalTime.of(23, 59, 59, 999_000_000),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000)));
        rows.add(row(null, null, null, null, null, null, null, null, null, null, null, null, null));
        rows.add(
                row((byte) 0, (short) 0, 0, 0L, 0.0f, -0.0, null, null, null, "{\"not\": \"json\"}", null, null, null));
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
    public void everyTypeRoundTripsWithEveryOption() {
        assertRoundTrip(ALL_TYPES, allTypesRows());
        assertRoundTrip(ALL_TYPES, allTypesRows(), "timestamp-format.standard", "ISO-8601");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "encode.decimal-as-plain-number", "true");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "encode.ignore-null-fields", "true");
        assertRoundTrip(ALL_TYPES, allTypesRows(), "fail-on-missing-field", "true");
    }

    @Test
    public void objectsAreWrittenAsFlinkWritesThem() {
        Schema schema = TestFormat.schema(
                "id", TestFormat.BIGINT,
                "price", TestFormat.DOUBLE,
                "amount", TestFormat.decimal(20, 10),
                "name", TestFormat.VARCHAR,
                "ts", TestFormat.TIMESTAMP,
                "day", TestFormat.DATE,
                "ok", TestFormat.BOOLEAN);
        List<List<Object>> rows = List.of(
                row(
                        1L,
                        154.69,
                        new BigDecimal("0.0000000270"),
                        "a\"b",
                        LocalDateTime.of(2020, 12, 30, 12, 13, 14, 123_000_000),
                        LocalDate.of(2020, 12, 30),
                        true),
                row(2L, null, null, null, null, null, null));
        try (TestFormat format = new TestFormat(schema)) {
            assertEquals(
                    List.of(
                            "{\"id\":1,\"price\":154.69,\"amount\":2.70E-8,\"name\":\"a\\\"b\","
                                    + "\"ts\":\"2020-12-30 12:13:14.123\",\"day\":\"2020-12-30\",\"ok\":true}",
                            "{\"id\":2,\"price\":null,\"amount\":null,\"name\":null,\"ts\":null,\"day\":null,"
                                    + "\"ok\":null}"),
                    format.encode(rows));
        }
        try (TestFormat format = new TestFormat(
                schema,
                "timestamp-format.standard",
                "ISO-8601",
                "encode.decimal-as-plain-number",
                "true",
                "encode.ignore-null-fields",
                "true")) {
            assertEquals(
                    List.of(
                            "{\"id\":1,\"price\":154.69,\"amount\":0.0000000270,\"name\":\"a\\\"b\","
                                    + "\"ts\":\"2020-12-30T12:13:14.123\",\"day\":\"2020-12-30\",\"ok\":true}",
                            "{\"id\":2}"),
                    format.encode(rows));
        }
    }

    @Test
    public void doublesAndFloatsRoundTripExactly() {
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double d = i % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong())
                    : Math.round(random.nextDouble() * 1e6) / 100.0;
            float f = i % 3 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) d;
            rows.add(row(f, d));
        }
        assertRoundTrip(TestFormat.schema("f", TestFormat.FLOAT, "d", TestFormat.DOUBLE), rows);
    }

    @Test
    public void largeBatchesReuseOneBuffer() {
        Schema schema = TestFormat.schema("id", TestFormat.BIGINT, "text", TestFormat.VARCHAR);
        List<List<Object>> rows = new ArrayList<>();
        char[] filler = new char[300];
        Arrays.fill(filler, 'x');
        for (int i = 0; i < 5000; i++) {
            rows.add(row((long) i, i + new String(filler)));
        }
        assertRoundTrip(schema, rows);
    }
}
