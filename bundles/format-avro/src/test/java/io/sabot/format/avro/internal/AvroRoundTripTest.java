package io.sabot.format.avro.internal;

import static io.sabot.format.avro.internal.TestFormat.comparable;
import static io.sabot.format.avro.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.Test;

/**
 * Every type, NULLs and edge values survive Sabot's encoder and decoder, and the bytes are Avro's: Apache Avro's own
 * generic reader reads what Sabot writes, and Sabot reads what Avro's generic writer writes, with the schema Sabot
 * derives from the columns (Flink's).
 */
public class AvroRoundTripTest {

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
            "name", TestFormat.STRING,
            "raw", TestFormat.BYTES,
            "day", TestFormat.DATE,
            "t", TestFormat.TIME,
            "ts", TestFormat.TIMESTAMP,
            "ltz", TestFormat.TIMESTAMP_LTZ);

    static List<List<Object>> allTypesRows() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
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
                new byte[] {1, 2, 3},
                LocalDate.of(2024, 1, 31),
                LocalTime.of(12, 13, 14),
                LocalDateTime.of(2023, 12, 31, 23, 59, 59, 240_000_000),
                LocalDateTime.of(2024, 6, 1, 8, 0)));
        rows.add(row(
                Byte.MIN_VALUE,
                Short.MIN_VALUE,
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                -Float.MAX_VALUE,
                -Double.MIN_VALUE,
                new BigDecimal("-99999999.99"),
                new BigDecimal("-9999999999999999999999999999.9999999999"),
                false,
                "",
                new byte[0],
                LocalDate.of(1, 1, 1),
                LocalTime.MIDNIGHT,
                LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1_000_000),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)));
        rows.add(row(
                Byte.MAX_VALUE,
                Short.MAX_VALUE,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                Float.NaN,
                Double.POSITIVE_INFINITY,
                new BigDecimal("99999999.99"),
                new BigDecimal("9999999999999999999999999999.9999999999"),
                true,
                "h\u00e9llo \u2713 \ud834\udd1e \"quoted\" \\ \n\u0000",
                everyByte,
                LocalDate.of(9999, 12, 31),
                LocalTime.of(23, 59, 59, 999_000_000),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000),
                LocalDateTime.of(1970, 1, 1, 0, 0)));
        rows.add(row(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        rows.add(row(
                (byte) -1,
                (short) -129,
                -65536,
                -(1L << 53),
                -0.0f,
                Double.NEGATIVE_INFINITY,
                new BigDecimal("0.00"),
                new BigDecimal("0E-10"),
                false,
                "x".repeat(10_000),
                null,
                LocalDate.of(1970, 1, 1),
                null,
                LocalDateTime.of(2038, 1, 19, 3, 14, 8),
                null));
        // a column of values with 1 to 16 bytes of unscaled decimal, both signs
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(126), random);
            if (random.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            rows.add(row(
                    (byte) random.nextInt(),
                    (short) random.nextInt(),
                    random.nextInt(),
                    random.nextLong(),
                    random.nextFloat() * 1e6f,
                    random.nextGaussian() * 1e12,
                    BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2),
                    new BigDecimal(unscaled, 10),
                    random.nextBoolean(),
                    "row " + i,
                    new byte[] {(byte) i},
                    LocalDate.ofEpochDay(random.nextInt(100_000) - 50_000),
                    LocalTime.ofNanoOfDay(random.nextInt(86_400_000) * 1_000_000L),
                    TestFormat.dateTime(random.nextLong() % 100_000_000_000_000L),
                    i % 3 == 0 ? null : TestFormat.dateTime(random.nextLong() % 100_000_000_000_000L)));
        }
        return rows;
    }

    @Test
    public void everyTypeNullAndEdgeValueRoundTrips() {
        List<List<Object>> rows = allTypesRows();
        try (TestFormat format = new TestFormat(ALL_TYPES)) {
            List<List<Object>> decoded = format.decode(format.encode(rows));
            assertEquals(List.of(), format.errors);
            assertEquals(comparable(rows), comparable(decoded));
        }
    }

    @Test
    public void everyTypeRoundTripsWithLocalTimestamps() {
        List<List<Object>> rows = allTypesRows();
        try (TestFormat format = new TestFormat(ALL_TYPES, "timestamp_mapping.legacy", "false")) {
            assertEquals(comparable(rows), comparable(format.decode(format.encode(rows))));
        }
    }

    @Test
    public void avrosGenericReaderReadsWhatSabotWrites() {
        List<List<Object>> rows = allTypesRows();
        for (boolean legacy : new boolean[] {true, false}) {
            org.apache.avro.Schema derived = AvroPlan.derive(ALL_TYPES, legacy);
            try (TestFormat format = new TestFormat(ALL_TYPES, "timestamp_mapping.legacy", String.valueOf(legacy))) {
                List<byte[]> records = format.encode(rows);
                List<List<Object>> read = new ArrayList<>();
                for (byte[] record : records) {
                    read.add(TestFormat.values(TestFormat.avroRead(derived, record)));
                }
                assertEquals(comparable(asAvroValues(rows)), comparable(read));
            }
        }
    }

    @Test
    public void sabotReadsWhatAvrosGenericWriterWrites() {
        List<List<Object>> rows = allTypesRows();
        for (boolean legacy : new boolean[] {true, false}) {
            org.apache.avro.Schema derived = AvroPlan.derive(ALL_TYPES, legacy);
            List<byte[]> records = new ArrayList<>();
            for (List<Object> row : rows) {
                records.add(TestFormat.avroWrite(derived, genericRecord(derived, row)));
            }
            try (TestFormat format = new TestFormat(ALL_TYPES, "timestamp_mapping.legacy", String.valueOf(legacy))) {
                List<List<Object>> decoded = format.decode(records);
                assertEquals(List.of(), format.errors);
                assertEquals(comparable(rows), comparable(decoded));
            }
        }
    }

    /** Flink's AvroSchemaConverter: record org.apache.flink.avro.generated.record, nullable columns as unions. */
    @Test
    public void theDerivedSchemaIsFlinks() {
        Schema table = new Schema(List.of(
                TestFormat.notNull("id", TestFormat.BIGINT),
                org.apache.arrow.vector.types.pojo.Field.nullable("name", TestFormat.STRING),
                org.apache.arrow.vector.types.pojo.Field.nullable("price", TestFormat.decimal(10, 2)),
                TestFormat.notNull("day", TestFormat.DATE),
                org.apache.arrow.vector.types.pojo.Field.nullable("ts", TestFormat.TIMESTAMP),
                org.apache.arrow.vector.types.pojo.Field.nullable("small", TestFormat.SMALLINT)));
        String expected =
                """
                {"type":"record","name":"record","namespace":"org.apache.flink.avro.generated","fields":[
                  {"name":"id","type":"long"},
                  {"name":"name","type":["null","string"],"default":null},
                  {"name":"price","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}],
                   "default":null},
                  {"name":"day","type":{"type":"int","logicalType":"date"}},
                  {"name":"ts","type":["null",{"type":"long","logicalType":"%s"}],"default":null},
                  {"name":"small","type":["null","int"],"default":null}]}
                """;
        assertEquals(
                new org.apache.avro.Schema.Parser().parse(expected.formatted("timestamp-millis")),
                AvroPlan.derive(table, true));
        assertEquals(
                new org.apache.avro.Schema.Parser().parse(expected.formatted("local-timestamp-millis")),
                AvroPlan.derive(table, false));
        // TIMESTAMP_LTZ is an instant either way
        Schema ltz = TestFormat.schema("at", TestFormat.TIMESTAMP_LTZ);
        LogicalType logical = AvroPlan.derive(ltz, false)
                .getField("at")
                .schema()
                .getTypes()
                .get(1)
                .getLogicalType();
        assertTrue(String.valueOf(logical), logical instanceof LogicalTypes.TimestampMillis);
    }

    /** The expected rows as Avro's generic model holds them after conversions: ints, instants for timestamp-millis. */
    static List<List<Object>> asAvroValues(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> copy = new ArrayList<>();
            for (Object v : row) {
                copy.add(v instanceof Byte || v instanceof Short ? ((Number) v).intValue() : v);
            }
            out.add(copy);
        }
        return out;
    }

    static GenericRecord genericRecord(org.apache.avro.Schema schema, List<Object> row) {
        GenericData.Record record = new GenericData.Record(schema);
        for (org.apache.avro.Schema.Field field : schema.getFields()) {
            Object v = row.get(field.pos());
            org.apache.avro.Schema type = field.schema().getType() == org.apache.avro.Schema.Type.UNION
                    ? field.schema().getTypes().get(1)
                    : field.schema();
            if (v instanceof Byte || v instanceof Short) {
                v = ((Number) v).intValue();
            } else if (v instanceof byte[] b) {
                v = ByteBuffer.wrap(b);
            } else if (v instanceof String s) {
                v = new org.apache.avro.util.Utf8(s.getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof LocalDateTime t && type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                v = t.toInstant(ZoneOffset.UTC);
            }
            record.put(field.pos(), v);
        }
        return record;
    }
}
