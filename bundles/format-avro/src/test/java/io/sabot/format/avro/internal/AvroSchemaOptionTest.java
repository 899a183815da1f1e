package io.sabot.format.avro.internal;

import static io.sabot.format.avro.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.PluginException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.Test;

/** {@code avro.schema}: a writer schema given inline, matched to the columns by name, accepted or refused naming why. */
public class AvroSchemaOptionTest {

    static final Schema TABLE = TestFormat.schema(
            "id", TestFormat.BIGINT,
            "name", TestFormat.STRING,
            "price", TestFormat.DOUBLE,
            "ts", TestFormat.TIMESTAMP);

    /**
     * Another producer's schema: fields in another order, a field that is no column (a nested record with an array and
     * a map, skipped), Avro promotions (int read as BIGINT, float as DOUBLE) and microsecond timestamps.
     */
    static final String PRODUCER_SCHEMA =
            """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"extra","type":["null",{"type":"record","name":"Extra","fields":[
                 {"name":"tags","type":{"type":"array","items":"string"}},
                 {"name":"attrs","type":{"type":"map","values":["int","string"]}},
                 {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
                 {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}}]}],"default":null},
              {"name":"price","type":"float"},
              {"name":"name","type":["string","null"]},
              {"name":"id","type":"int"}]}
            """;

    @Test
    public void readsAnotherProducersSchemaSkippingFieldsThatAreNoColumns() {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(PRODUCER_SCHEMA);
        org.apache.avro.Schema extraSchema =
                schema.getField("extra").schema().getTypes().get(1);
        GenericData.Record extra = new GenericData.Record(extraSchema);
        extra.put("tags", List.of("a", "b", "c"));
        extra.put("attrs", Map.of("x", 1, "y", "z"));
        extra.put(
                "kind", new GenericData.EnumSymbol(extraSchema.getField("kind").schema(), "B"));
        extra.put("hash", new GenericData.Fixed(extraSchema.getField("hash").schema(), new byte[] {1, 2, 3, 4}));
        List<byte[]> records = new ArrayList<>();
        records.add(TestFormat.avroWrite(schema, order(schema, 1_700_000_000_123_456L, extra, 2.5f, "a", 7)));
        records.add(TestFormat.avroWrite(schema, order(schema, -1L, null, -0.5f, null, -3)));
        try (TestFormat format = new TestFormat(TABLE, "schema", PRODUCER_SCHEMA)) {
            assertEquals(
                    List.of(
                            row(7L, "a", 2.5, TestFormat.dateTime(1_700_000_000_123L)),
                            row(-3L, null, -0.5, TestFormat.dateTime(-1L))),
                    format.decode(records));
            assertEquals(List.of(), format.errors);
        }
    }

    private static GenericRecord order(
            org.apache.avro.Schema schema, long tsMicros, GenericRecord extra, float price, String name, int id) {
        GenericData.Record r = new GenericData.Record(schema);
        r.put("ts", tsMicros);
        r.put("extra", extra);
        r.put("price", price);
        r.put("name", name);
        r.put("id", id);
        return r;
    }

    /** Written with the user's schema (field order, null branch second, micros) and read back by Avro itself. */
    @Test
    public void writesWithTheGivenSchema() {
        String schemaText =
                """
                {"type":"record","name":"Out","fields":[
                  {"name":"name","type":["string","null"]},
                  {"name":"id","type":"long"},
                  {"name":"note","type":["null","string"],"default":null},
                  {"name":"price","type":"double"},
                  {"name":"ts","type":{"type":"long","logicalType":"local-timestamp-micros"}}]}
                """;
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(schemaText);
        LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 12, 0, 0, 5_000_000);
        try (TestFormat format = new TestFormat(TABLE, "schema", schemaText)) {
            List<byte[]> records = format.encode(List.of(row(1L, "x", 1.25, ts), row(2L, null, 0.0, ts)));
            assertEquals(
                    Arrays.asList("x", 1L, null, 1.25, ts),
                    TestFormat.values(TestFormat.avroRead(schema, records.get(0))));
            assertEquals(
                    Arrays.asList(null, 2L, null, 0.0, ts),
                    TestFormat.values(TestFormat.avroRead(schema, records.get(1))));
            assertEquals(List.of(row(1L, "x", 1.25, ts), row(2L, null, 0.0, ts)), format.decode(records));
        }
    }

    @Test
    public void aNullForAFieldThatIsNotNullableFailsNamingColumnAndRow() {
        String schemaText =
                """
                {"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},
                  {"name":"price","type":"double"},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}
                """;
        try (TestFormat format = new TestFormat(TABLE, "schema", schemaText)) {
            PluginException e = assertThrows(
                    PluginException.class,
                    () -> format.encode(List.of(row(1L, "a", 1.0, null), row(2L, null, 1.0, null))));
            assertTrue(e.getMessage(), e.getMessage().contains("column 'ts' is NULL in row 0"));
            assertTrue(e.getMessage(), e.getMessage().contains("field 'ts' of 'avro.schema' is not nullable"));
        }
    }

    @Test
    public void aSchemaThatDoesNotFitIsRefusedNamingEveryFieldAndMismatch() {
        String schemaText =
                """
                {"type":"record","name":"R","fields":[
                  {"name":"id","type":"string"},
                  {"name":"price","type":["null","double","string"]},
                  {"name":"ts","type":"long"},
                  {"name":"other","type":"int"}]}
                """;
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.FACTORY.createDecoder(
                        TestFormat.table(TABLE), TestFormat.options("schema", schemaText)));
        String m = e.getMessage();
        assertTrue(
                m,
                m.contains("option 'avro.schema' does not fit the table: field 'id' is \"string\", which cannot "
                        + "be read into column 'id' BIGINT"));
        assertTrue(
                m,
                m.contains("field 'price' is the union [\"null\",\"double\",\"string\"]: only a union of null and "
                        + "one type is supported"));
        assertTrue(m, m.contains("field 'ts' is \"long\", which cannot be read into column 'ts' TIMESTAMP(3)"));
        assertTrue(m, m.contains("column 'name' STRING has no field of that name"));
        assertEquals(4, e.errors().size());
        e.errors().forEach(error -> assertEquals("schema", error.key()));

        // writing is stricter: an int field cannot hold BIGINT, and a field that is no column must be nullable
        String narrow =
                """
                {"type":"record","name":"R","fields":[
                  {"name":"id","type":"int"},{"name":"name","type":"string"},{"name":"price","type":"float"},
                  {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"other","type":"int"}]}
                """;
        TestFormat.FACTORY.createDecoder(TestFormat.table(TABLE), TestFormat.options("schema", narrow)); // reads fine
        e = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.FACTORY.createEncoder(TestFormat.table(TABLE), TestFormat.options("schema", narrow)));
        m = e.getMessage();
        assertTrue(m, m.contains("field 'id' is \"int\", which cannot hold column 'id' BIGINT"));
        assertTrue(m, m.contains("field 'price' is \"float\", which cannot hold column 'price' DOUBLE"));
        assertTrue(m, m.contains("field 'other' is no column of the table and not nullable: it cannot be written"));
    }

    @Test
    public void aSchemaThatIsNoRecordOrDoesNotParseIsRefused() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.FACTORY.createDecoder(
                        TestFormat.table(TABLE), TestFormat.options("schema", "\"long\"")));
        assertTrue(
                e.getMessage(), e.getMessage().contains("option 'avro.schema' must be a record schema, got \"long\""));
        e = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.FACTORY.createDecoder(
                        TestFormat.table(TABLE), TestFormat.options("schema", "{\"type\":\"record\",\"fields\":[")));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'avro.schema' does not parse: "));
        // a blank schema is refused by the option's own check, with the other options
        assertThrows(OptionValidationException.class, () -> TestFormat.options("schema", " "));
    }

    @Test
    public void decimalsMustAgreeInPrecisionAndScale_fixedDecimalsWork() {
        Schema table = TestFormat.schema("amount", TestFormat.decimal(9, 3), "t", TestFormat.TIME);
        String wrongScale =
                """
                {"type":"record","name":"R","fields":[
                  {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
                  {"name":"t","type":{"type":"int","logicalType":"time-millis"}}]}
                """;
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> TestFormat.FACTORY.createDecoder(
                        TestFormat.table(table), TestFormat.options("schema", wrongScale)));
        assertTrue(e.getMessage(), e.getMessage().contains("column 'amount' DECIMAL(9, 3)"));
        String fixed =
                """
                {"type":"record","name":"R","fields":[
                  {"name":"amount","type":["null",{"type":"fixed","name":"D","size":5,"logicalType":"decimal",
                    "precision":9,"scale":3}]},
                  {"name":"t","type":{"type":"long","logicalType":"time-micros"}}]}
                """;
        List<List<Object>> rows = List.of(
                row(new BigDecimal("-999999.999"), LocalTime.of(23, 59, 59, 999_000_000)),
                row(new BigDecimal("0.001"), LocalTime.MIDNIGHT),
                row(null, LocalTime.NOON));
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(fixed);
        try (TestFormat format = new TestFormat(table, "schema", fixed)) {
            List<byte[]> records = format.encode(rows);
            assertEquals(rows, format.decode(records));
            // Avro reads the fixed, sign-extended decimals and the microseconds
            assertEquals(
                    List.of(new BigDecimal("-999999.999"), LocalTime.of(23, 59, 59, 999_000_000)),
                    TestFormat.values(TestFormat.avroRead(schema, records.get(0))));
        }
    }

    @Test
    public void timestampsReadFromEitherLogicalType() {
        Schema table = TestFormat.schema("ts", TestFormat.TIMESTAMP, "ltz", TestFormat.TIMESTAMP_LTZ);
        String schemaText =
                """
                {"type":"record","name":"R","fields":[
                  {"name":"ts","type":{"type":"long","logicalType":"local-timestamp-millis"}},
                  {"name":"ltz","type":{"type":"long","logicalType":"timestamp-micros"}}]}
                """;
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(schemaText);
        GenericData.Record r = new GenericData.Record(schema);
        r.put("ts", LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6_000_000));
        r.put("ltz", Instant.parse("1960-01-02T03:04:05.006999Z"));
        try (TestFormat format = new TestFormat(table, "schema", schemaText)) {
            assertEquals(
                    List.of(row(
                            LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6_000_000),
                            LocalDateTime.of(1960, 1, 2, 3, 4, 5, 6_000_000))), // microseconds floored
                    format.decode(List.of(TestFormat.avroWrite(schema, r))));
        }
    }

    @Test
    public void aColumnNameThatIsNoAvroNameNeedsTheSchemaOption() {
        Schema table = TestFormat.schema("user-id", TestFormat.BIGINT);
        PluginException e = assertThrows(
                PluginException.class,
                () -> TestFormat.FACTORY.createDecoder(TestFormat.table(table), TestFormat.options()));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot name a field after column 'user-id'"));
    }
}
