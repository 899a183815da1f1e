package io.sabot.connector.datagen.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** End to end through the factory: enumerator, readers, batches, as the runtime drives them. */
public class DatagenSourceTest {

    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType STRING = ArrowType.Utf8.INSTANCE;
    static final ArrowType TIMESTAMP_3 = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);

    /** {@code orders (id BIGINT, price DOUBLE, name STRING, ts TIMESTAMP(3))} */
    static final Schema ORDERS = new Schema(List.of(
            Field.nullable("id", BIGINT),
            Field.nullable("price", DOUBLE),
            Field.nullable("name", STRING),
            Field.nullable("ts", TIMESTAMP_3)));

    /** Runs a source at the given parallelism to its end; returns the rows of each subtask. */
    static List<List<List<Object>>> runBounded(TableContext table, int batchSize) throws Exception {
        try (TestRuntime runtime = new TestRuntime()) {
            DatagenSource source = TestRuntime.source(table);
            assertEquals(Boundedness.BOUNDED, source.boundedness());
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(table.parallelism());
            List<SourceReader<DatagenSplit>> readers = new ArrayList<>();
            List<TestRuntime.Output> outputs = new ArrayList<>();
            for (int i = 0; i < table.parallelism(); i++) {
                readers.add(runtime.reader(source, table, i, batchSize));
                outputs.add(runtime.output());
            }
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, readers);
            TestRuntime.runAll(readers, outputs, 20_000);
            List<List<List<Object>>> rows = new ArrayList<>();
            for (int i = 0; i < readers.size(); i++) {
                assertEquals(
                        "subtask " + i + " ended",
                        InputStatus.END_OF_INPUT,
                        readers.get(i).pollNext(outputs.get(i)));
                rows.add(outputs.get(i).rows);
            }
            return rows;
        }
    }

    static List<List<Object>> all(List<List<List<Object>>> perSubtask) {
        return perSubtask.stream().flatMap(List::stream).collect(Collectors.toList());
    }

    @Test
    public void exactRowCountAcrossTwoSubtasksWithoutDuplicatesOrGaps() throws Exception {
        long before = System.currentTimeMillis();
        TableContext table = TestRuntime.table(
                ORDERS,
                2,
                "rows-per-second",
                "1000000",
                "number-of-rows",
                "1000",
                "fields.id.kind",
                "sequence",
                "fields.id.start",
                "1",
                "fields.id.end",
                "1000",
                "fields.price.min",
                "1",
                "fields.price.max",
                "100",
                "fields.name.length",
                "8");
        List<List<List<Object>>> perSubtask = runBounded(table, 128);
        long after = System.currentTimeMillis();

        assertEquals(500, perSubtask.get(0).size());
        assertEquals(500, perSubtask.get(1).size());
        List<List<Object>> rows = all(perSubtask);
        List<Long> ids = rows.stream().map(r -> (Long) r.get(0)).sorted().collect(Collectors.toList());
        for (int i = 0; i < 1000; i++) {
            assertEquals("no gap, no duplicate", Long.valueOf(i + 1), ids.get(i));
        }
        // each subtask reads one contiguous range of the sequence, in order
        assertEquals(1L, perSubtask.get(0).get(0).get(0));
        assertEquals(501L, perSubtask.get(1).get(0).get(0));
        for (List<Object> row : rows) {
            double price = (Double) row.get(1);
            assertTrue("price " + price, price >= 1 && price <= 100);
            String name = (String) row.get(2);
            assertEquals(8, name.length());
            assertTrue(name, name.matches("[0-9a-f]{8}"));
            long ts = ((LocalDateTime) row.get(3)).toInstant(ZoneOffset.UTC).toEpochMilli();
            assertTrue("max-past 0 means now", ts >= before && ts <= after);
        }
        assertTrue(
                "random names differ",
                rows.stream().map(r -> r.get(2)).distinct().count() > 990);
    }

    @Test
    public void aSequenceBoundsTheSourceAndNumberOfRowsCanCutItShorter() throws Exception {
        Schema schema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true))));
        TableContext sequenceOnly = TestRuntime.table(
                schema,
                3,
                "rows-per-second",
                "1000000",
                "fields.id.kind",
                "sequence",
                "fields.id.start",
                "-5",
                "fields.id.end",
                "4");
        assertEquals(10, TestRuntime.source(sequenceOnly).totalRows());
        List<Object> ids = all(runBounded(sequenceOnly, 4)).stream()
                .map(r -> r.get(0))
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(-5, -4, -3, -2, -1, 0, 1, 2, 3, 4), ids);

        TableContext shorter = TestRuntime.table(
                schema,
                2,
                "rows-per-second",
                "1000000",
                "number-of-rows",
                "3",
                "fields.id.kind",
                "sequence",
                "fields.id.start",
                "100",
                "fields.id.end",
                "200");
        assertEquals(
                List.of(100, 101, 102),
                all(runBounded(shorter, 64)).stream()
                        .map(r -> r.get(0))
                        .sorted()
                        .collect(Collectors.toList()));

        TableContext empty = TestRuntime.table(schema, 2, "number-of-rows", "0");
        assertEquals(0, all(runBounded(empty, 64)).size());
    }

    @Test
    public void withoutARowLimitTheSourceIsUnboundedAndKeepsGoing() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 2, "rows-per-second", "1000000", "fields.name.length", "3");
        DatagenSource source = TestRuntime.source(table);
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, source.boundedness());
        try (TestRuntime runtime = new TestRuntime()) {
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 1, 100);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(2);
            TestRuntime.assign(
                    source.createEnumerator(enumContext),
                    enumContext,
                    List.of(runtime.reader(source, table, 0, 100), reader));
            TestRuntime.Output output = runtime.output();
            TestRuntime.runAll(List.of(reader), List.of(output), 200);
            assertTrue(output.rows.size() > 1000);
            assertNotEquals(InputStatus.END_OF_INPUT, reader.pollNext(output));
            assertEquals(Set.of("datagen-1"), new HashSet<>(output.splitIds));
        }
    }

    @Test
    public void valuesStayWithinTheirBoundsForEveryType() throws Exception {
        Schema schema = new Schema(List.of(
                Field.nullable("t", new ArrowType.Int(8, true)),
                Field.nullable("s", new ArrowType.Int(16, true)),
                Field.nullable("i", new ArrowType.Int(32, true)),
                Field.nullable("b", BIGINT),
                Field.nullable("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                Field.nullable("d", DOUBLE),
                Field.nullable("flag", ArrowType.Bool.INSTANCE),
                Field.nullable("str", STRING),
                Field.nullable("amount", new ArrowType.Decimal(10, 2, 128)),
                Field.nullable("wide", new ArrowType.Decimal(38, 6, 128)),
                Field.nullable("ts", TIMESTAMP_3),
                Field.nullable("recent", TIMESTAMP_3),
                Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
                Field.nullable("lastmonth", new ArrowType.Date(DateUnit.DAY))));
        long before = System.currentTimeMillis();
        TableContext table = TestRuntime.table(
                schema,
                2,
                "rows-per-second",
                "10000000",
                "number-of-rows",
                "5000",
                "fields.t.min",
                "-5",
                "fields.t.max",
                "5",
                "fields.s.min",
                "1000",
                "fields.s.max",
                "1001",
                "fields.i.min",
                "-2147483648",
                "fields.i.max",
                "-2147483600",
                "fields.f.min",
                "0.5",
                "fields.f.max",
                "1.5",
                "fields.d.min",
                "-1e6",
                "fields.d.max",
                "1e6",
                "fields.str.length",
                "37",
                "fields.amount.min",
                "-99.99",
                "fields.amount.max",
                "99.99",
                "fields.ts.min",
                "2024-01-01 00:00:00",
                "fields.ts.max",
                "2024-01-01 00:00:01.500",
                "fields.recent.max-past",
                "1 h",
                "fields.day.min",
                "2024-02-28",
                "fields.day.max",
                "2024-03-01",
                "fields.lastmonth.max-past",
                "30 d");
        List<List<Object>> rows = all(runBounded(table, 1000));
        long after = System.currentTimeMillis();
        assertEquals(5000, rows.size());

        Set<Object> tinyints = new HashSet<>();
        Set<Object> flags = new HashSet<>();
        BigDecimal wideLimit = new BigDecimal("1e32");
        LocalDateTime tsMin = LocalDateTime.of(2024, 1, 1, 0, 0);
        int dayMin = (int) LocalDate.of(2024, 2, 28).toEpochDay();
        int today = (int) Math.floorDiv(after, 86_400_000L);
        for (List<Object> r : rows) {
            byte t = (Byte) r.get(0);
            assertTrue(t >= -5 && t <= 5);
            tinyints.add(t);
            short s = (Short) r.get(1);
            assertTrue(s == 1000 || s == 1001);
            int i = (Integer) r.get(2);
            assertTrue(i <= -2147483600);
            float f = (Float) r.get(4);
            assertTrue("float " + f, f >= 0.5f && f <= 1.5f);
            double d = (Double) r.get(5);
            assertTrue(d >= -1e6 && d <= 1e6);
            flags.add(r.get(6));
            assertTrue(((String) r.get(7)).matches("[0-9a-f]{37}"));
            BigDecimal amount = (BigDecimal) r.get(8);
            assertEquals(2, amount.scale());
            assertTrue(amount.abs().compareTo(new BigDecimal("99.99")) <= 0);
            BigDecimal wide = (BigDecimal) r.get(9);
            assertEquals(6, wide.scale());
            assertTrue(wide.abs().compareTo(wideLimit) < 0);
            LocalDateTime ts = (LocalDateTime) r.get(10);
            assertFalse(ts.isBefore(tsMin));
            assertFalse(ts.isAfter(tsMin.plusNanos(1_500_000_000L)));
            long recent = ((LocalDateTime) r.get(11)).toInstant(ZoneOffset.UTC).toEpochMilli();
            assertTrue(recent >= before - 3_600_000L && recent <= after);
            int day = (Integer) r.get(12);
            assertTrue(day >= dayMin && day <= dayMin + 2);
            int lastMonth = (Integer) r.get(13);
            assertTrue(lastMonth >= today - 31 && lastMonth <= today);
        }
        assertEquals("all of [-5, 5] appears", 11, tinyints.size());
        assertEquals(Set.of(true, false), flags);
        // uniform over the type's range: most wide decimals have 32 integer digits
        long big = rows.stream()
                .filter(r -> ((BigDecimal) r.get(9)).abs().compareTo(new BigDecimal("1e30")) > 0)
                .count();
        assertTrue(big > 4500);
        assertTrue("both signs", rows.stream().anyMatch(r -> ((BigDecimal) r.get(9)).signum() < 0));
        assertTrue("both signs", rows.stream().anyMatch(r -> ((BigDecimal) r.get(9)).signum() > 0));
        assertTrue("full BIGINT range", rows.stream().anyMatch(r -> (Long) r.get(3) < Long.MIN_VALUE / 2));
        assertTrue("full BIGINT range", rows.stream().anyMatch(r -> (Long) r.get(3) > Long.MAX_VALUE / 2));
    }

    @Test
    public void nullRateIsRoughlyRespected() throws Exception {
        TableContext table = TestRuntime.table(
                ORDERS,
                2,
                "rows-per-second",
                "10000000",
                "number-of-rows",
                "8000",
                "fields.name.null-rate",
                "0.25",
                "fields.name.length",
                "4",
                "fields.price.null-rate",
                "1",
                "fields.ts.null-rate",
                "0.0");
        List<List<Object>> rows = all(runBounded(table, 1000));
        assertEquals(8000, rows.size());
        long nullNames = rows.stream().filter(r -> r.get(2) == null).count();
        assertTrue("nulls: " + nullNames, nullNames > 8000 * 0.21 && nullNames < 8000 * 0.29);
        assertTrue(rows.stream().allMatch(r -> r.get(1) == null));
        assertTrue(rows.stream().allMatch(r -> r.get(0) != null && r.get(3) != null));
        assertTrue(rows.stream().filter(r -> r.get(2) != null).allMatch(r -> ((String) r.get(2)).length() == 4));
    }

    @Test
    public void sameSeedGivesIdenticalRowsAndAnotherSeedOthers() throws Exception {
        String[] options = {
            "rows-per-second", "10000000",
            "number-of-rows", "3000",
            "fields.price.null-rate", "0.1",
            "fields.name.length", "20",
            "fields.ts.min", "2020-01-01",
            "fields.ts.max", "2030-01-01"
        };
        List<List<Object>> first = all(runBounded(TestRuntime.table(ORDERS, 2, with(options, "seed", "42")), 256));
        // other batch sizes and parallelism, same seed: the same rows
        List<List<Object>> second = all(runBounded(TestRuntime.table(ORDERS, 3, with(options, "seed", "42")), 100));
        List<List<Object>> other = all(runBounded(TestRuntime.table(ORDERS, 2, with(options, "seed", "43")), 256));
        assertEquals(first, second);
        assertEquals(first.size(), other.size());
        long same = 0;
        for (int i = 0; i < first.size(); i++) {
            same += first.get(i).get(0).equals(other.get(i).get(0)) ? 1 : 0;
        }
        assertEquals("another seed, other values", 0, same);
    }

    static String[] with(String[] options, String... more) {
        String[] all = new String[options.length + more.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }

    @Test
    public void batchesRespectTheBatchSizeAndNameTheirSplit() throws Exception {
        TableContext table =
                TestRuntime.table(ORDERS, 1, "rows-per-second", "10000000", "number-of-rows", "1000", "seed", "7");
        try (TestRuntime runtime = new TestRuntime()) {
            DatagenSource source = TestRuntime.source(table);
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 0, 300);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, List.of(reader));
            TestRuntime.Output output = runtime.output();
            TestRuntime.runToEnd(reader, output);
            assertEquals(1000, output.rows.size());
            assertTrue(output.batchSizes.stream().allMatch(n -> n > 0 && n <= 300));
            assertEquals(Set.of("datagen-0"), new HashSet<>(output.splitIds));
            assertTrue(reader.snapshotState(1).isEmpty());
        }
    }

    @Test
    public void aReaderWithoutSplitsWaitsForThem() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 1, "rows-per-second", "10000000", "number-of-rows", "10");
        try (TestRuntime runtime = new TestRuntime()) {
            DatagenSource source = TestRuntime.source(table);
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 0, 100);
            TestRuntime.Output output = runtime.output();
            assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(output));
            assertFalse(reader.isAvailable().isDone());
            reader.addSplits(DatagenEnumerator.initialSplits(1, 10, 1));
            assertTrue(reader.isAvailable().isDone());
            reader.notifyNoMoreSplits();
            TestRuntime.runToEnd(reader, output);
            assertEquals(10, output.rows.size());
            assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(output));
        }
    }

    @Test
    public void theComponentIsRegisteredUnderTheFactoryIdentifier() throws Exception {
        String xml;
        try (var in = DatagenSourceFactory.class
                .getClassLoader()
                .getResourceAsStream("OSGI-INF/" + DatagenSourceFactory.class.getName() + ".xml")) {
            assertNotNull("bnd generated the component description", in);
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"io.sabot.connector.spi.SourceFactory\"/>"));
        assertTrue(
                xml,
                xml.contains("name=\"" + io.sabot.connector.spi.Connectors.CONNECTOR_PROPERTY
                        + "\" type=\"String\" value=\"" + TestRuntime.FACTORY.identifier() + "\""));
        assertEquals("datagen", TestRuntime.FACTORY.identifier());
    }
}
