package io.sabot.connector.print.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.After;
import org.junit.Test;

/** What the print sink writes, character for character, against Flink's print format. */
public class PrintSinkTest {

    private static final ArrowType INT = new ArrowType.Int(32, true);
    private static final ArrowType STRING = ArrowType.Utf8.INSTANCE;

    private final BufferAllocator allocator = new RootAllocator();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, UTF_8);

    @After
    public void noBuffersLeft() {
        assertEquals(0, allocator.getAllocatedMemory());
        allocator.close();
    }

    private List<String> lines() {
        String text = bytes.toString(UTF_8);
        String separator = System.lineSeparator();
        assertTrue("every line ends with the separator", text.isEmpty() || text.endsWith(separator));
        return text.isEmpty() ? List.of() : List.of(text.split(java.util.regex.Pattern.quote(separator)));
    }

    private static Field field(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    private SinkWriter<Void> writer(String identifier, int subtask, int parallelism, Schema schema) throws Exception {
        TableContext table = SinkTestSupport.table(schema, parallelism);
        return new PrintSink(identifier, false, stream).createWriter(SinkTestSupport.writer(table, subtask, allocator));
    }

    @Test
    public void everyTypePrintsAsFlinkPrintsItIncludingNulls() throws Exception {
        Schema schema = new Schema(List.of(
                field("b", ArrowType.Bool.INSTANCE),
                field("ti", new ArrowType.Int(8, true)),
                field("si", new ArrowType.Int(16, true)),
                field("i", INT),
                field("bi", new ArrowType.Int(64, true)),
                field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("dec", new ArrowType.Decimal(10, 2, 128)),
                field("s", STRING),
                field("bin", ArrowType.Binary.INSTANCE),
                field("dt", new ArrowType.Date(DateUnit.DAY)),
                field("t", new ArrowType.Time(TimeUnit.SECOND, 32)),
                field("t3", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                field("ts", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                field("ts6", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("ltz", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
                field("arr", ArrowType.List.INSTANCE, field("element", INT)),
                field("row", ArrowType.Struct.INSTANCE, field("a", INT), field("b", STRING)),
                new Field(
                        "m",
                        FieldType.nullable(new ArrowType.Map(false)),
                        List.of(new Field(
                                "entries",
                                FieldType.notNullable(ArrowType.Struct.INSTANCE),
                                List.of(
                                        new Field("key", FieldType.notNullable(STRING), null),
                                        new Field("value", FieldType.nullable(INT), null)))))));
        long midnight = LocalDate.of(2024, 1, 1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        long afternoon = LocalDateTime.of(2024, 1, 1, 12, 34, 56, 789_000_000)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            // row 0: ordinary values; row 1: every column NULL; row 2: edge values
            ((BitVector) root.getVector("b")).setSafe(0, 1);
            ((BitVector) root.getVector("b")).setSafe(2, 0);
            ((TinyIntVector) root.getVector("ti")).setSafe(0, -1);
            ((TinyIntVector) root.getVector("ti")).setSafe(2, 127);
            ((SmallIntVector) root.getVector("si")).setSafe(0, 300);
            ((SmallIntVector) root.getVector("si")).setSafe(2, -32768);
            ((IntVector) root.getVector("i")).setSafe(0, 7);
            ((IntVector) root.getVector("i")).setSafe(2, Integer.MIN_VALUE);
            ((BigIntVector) root.getVector("bi")).setSafe(0, 1234567890123L);
            ((BigIntVector) root.getVector("bi")).setSafe(2, Long.MAX_VALUE);
            ((Float4Vector) root.getVector("f")).setSafe(0, 1.5f);
            ((Float4Vector) root.getVector("f")).setSafe(2, Float.NaN);
            ((Float8Vector) root.getVector("d")).setSafe(0, 1e10);
            ((Float8Vector) root.getVector("d")).setSafe(2, 0.1);
            ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("12.30"));
            ((DecimalVector) root.getVector("dec")).setSafe(2, new BigDecimal("-0.05"));
            ((VarCharVector) root.getVector("s")).setSafe(0, "abc".getBytes(UTF_8));
            ((VarCharVector) root.getVector("s")).setSafe(2, "héllo, wörld ✓".getBytes(UTF_8));
            ((VarBinaryVector) root.getVector("bin")).setSafe(0, new byte[] {1, 2, -1});
            ((VarBinaryVector) root.getVector("bin")).setSafe(2, new byte[0]);
            ((DateDayVector) root.getVector("dt"))
                    .setSafe(0, (int) LocalDate.of(2024, 1, 1).toEpochDay());
            ((DateDayVector) root.getVector("dt")).setSafe(2, -1);
            ((TimeSecVector) root.getVector("t")).setSafe(0, 12 * 3600);
            ((TimeSecVector) root.getVector("t")).setSafe(2, 0);
            ((TimeMilliVector) root.getVector("t3")).setSafe(0, (12 * 3600 + 34 * 60 + 56) * 1000 + 789);
            ((TimeMilliVector) root.getVector("t3")).setSafe(2, 1);
            ((TimeStampMilliVector) root.getVector("ts")).setSafe(0, midnight);
            ((TimeStampMilliVector) root.getVector("ts")).setSafe(2, afternoon);
            ((TimeStampMicroVector) root.getVector("ts6")).setSafe(0, midnight * 1000 + 1);
            ((TimeStampMicroVector) root.getVector("ts6")).setSafe(2, -1);
            ((TimeStampMilliTZVector) root.getVector("ltz")).setSafe(0, midnight);
            ((TimeStampMilliTZVector) root.getVector("ltz")).setSafe(2, afternoon);

            ListVector arr = (ListVector) root.getVector("arr");
            IntVector elements = (IntVector) arr.getDataVector();
            arr.startNewValue(0);
            elements.setSafe(0, 1);
            elements.setNull(1);
            elements.setSafe(2, 3);
            arr.endValue(0, 3);
            arr.setNull(1);
            arr.startNewValue(2);
            arr.endValue(2, 0);
            elements.setValueCount(3);

            StructVector row = (StructVector) root.getVector("row");
            IntVector a = (IntVector) row.getChild("a");
            VarCharVector b = (VarCharVector) row.getChild("b");
            row.setIndexDefined(0);
            a.setSafe(0, 1);
            b.setSafe(0, "x".getBytes(UTF_8));
            row.setNull(1);
            row.setIndexDefined(2);
            a.setNull(2);
            b.setNull(2);

            MapVector map = (MapVector) root.getVector("m");
            StructVector entries = (StructVector) map.getDataVector();
            VarCharVector keys = (VarCharVector) entries.getChild("key");
            IntVector values = (IntVector) entries.getChild("value");
            map.startNewValue(0);
            entries.setIndexDefined(0);
            keys.setSafe(0, "a".getBytes(UTF_8));
            values.setSafe(0, 1);
            map.endValue(0, 1);
            map.setNull(1);
            map.startNewValue(2);
            entries.setIndexDefined(1);
            keys.setSafe(1, "b".getBytes(UTF_8));
            values.setNull(1);
            entries.setIndexDefined(2);
            keys.setSafe(2, "c".getBytes(UTF_8));
            values.setSafe(2, 3);
            map.endValue(2, 2);
            entries.setValueCount(3);

            root.setRowCount(3);
            for (String column : List.of("b", "ti", "si", "i", "bi", "f", "d", "dec", "s", "bin")) {
                root.getVector(column).setNull(1);
            }
            for (String column : List.of("dt", "t", "t3", "ts", "ts6", "ltz")) {
                root.getVector(column).setNull(1);
            }

            try (SinkWriter<Void> writer = writer(null, 0, 1, schema)) {
                writer.write(root);
                assertEquals(List.of(), writer.prepareCommit(1));
            }
        }
        assertEquals(
                List.of(
                        "+I[true, -1, 300, 7, 1234567890123, 1.5, 1.0E10, 12.30, abc, [1, 2, -1], 2024-01-01, 12:00, "
                                + "12:34:56.789, 2024-01-01T00:00, 2024-01-01T00:00:00.000001, 2024-01-01T00:00:00Z, "
                                + "[1, null, 3], +I[1, x], {a=1}]",
                        "+I[null, null, null, null, null, null, null, null, null, null, null, null, null, null, "
                                + "null, null, null, null, null]",
                        "+I[false, 127, -32768, -2147483648, 9223372036854775807, NaN, 0.1, -0.05, héllo, wörld ✓, "
                                + "[], 1969-12-31, 00:00, 00:00:00.001, 2024-01-01T12:34:56.789, "
                                + "1969-12-31T23:59:59.999999, 2024-01-01T12:34:56.789Z, [], +I[null, null], "
                                + "{b=null, c=3}]"),
                lines());
    }

    @Test
    public void theRowKindColumnGivesEachRowItsPrefixAndIsNotPrinted() throws Exception {
        Schema schema = new Schema(List.of(
                field("id", INT),
                field("name", STRING),
                new Field(RowKind.COLUMN_NAME, FieldType.notNullable(new ArrowType.Int(8, true)), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                SinkWriter<Void> writer = writer(null, 0, 1, schema)) {
            root.allocateNew();
            IntVector id = (IntVector) root.getVector(0);
            VarCharVector name = (VarCharVector) root.getVector(1);
            TinyIntVector kinds = (TinyIntVector) root.getVector(2);
            RowKind[] order = {RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE};
            for (int r = 0; r < 4; r++) {
                id.setSafe(r, r);
                name.setSafe(r, ("n" + r).getBytes(UTF_8));
                kinds.setSafe(r, order[r].code());
            }
            root.setRowCount(4);
            writer.write(root);

            kinds.setNull(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(root));
            assertTrue(e.getMessage(), e.getMessage().contains("row 0 of the batch has no row kind"));
        }
        assertEquals(List.of("+I[0, n0]", "-U[1, n1]", "+U[2, n2]", "-D[3, n3]"), lines());
    }

    @Test
    public void aColumnNamedLikeTheRowKindButOfAnotherTypeIsData() throws Exception {
        Schema schema = new Schema(List.of(field(RowKind.COLUMN_NAME, INT)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                SinkWriter<Void> writer = writer(null, 0, 1, schema)) {
            root.allocateNew();
            ((IntVector) root.getVector(0)).setSafe(0, 3);
            root.setRowCount(1);
            writer.write(root);
        }
        assertEquals(List.of("+I[3]"), lines());
    }

    @Test
    public void theIdentifierAndSubtaskPrefixFollowFlink() throws Exception {
        Schema schema = new Schema(List.of(field("v", INT)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            ((IntVector) root.getVector(0)).setSafe(0, 1);
            root.setRowCount(1);
            String[][] cases = {
                // identifier, subtask, parallelism
                {"out", "0", "1"}, {"out", "1", "2"}, {null, "0", "3"}, {null, "0", "1"}, {"", "2", "3"}
            };
            for (String[] c : cases) {
                try (SinkWriter<Void> writer = writer(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), schema)) {
                    writer.write(root);
                }
            }
        }
        assertEquals(List.of("out> +I[1]", "out:2> +I[1]", "1> +I[1]", "+I[1]", "3> +I[1]"), lines());
        assertEquals("", PrintSink.prefix("", 0, 1));
        assertEquals("id:10> ", PrintSink.prefix("id", 9, 12));
    }

    @Test
    public void aBatchIsWrittenInOneCallAndAnEmptyBatchWritesNothing() throws Exception {
        Schema schema = new Schema(List.of(field("v", INT)));
        List<String> writes = new ArrayList<>();
        PrintStream recording = new PrintStream(bytes, true, UTF_8) {
            @Override
            public void print(Object text) {
                writes.add(String.valueOf(text));
                super.print(text);
            }
        };
        TableContext table = SinkTestSupport.table(schema, 2);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                SinkWriter<Void> writer = new PrintSink("p", false, recording)
                        .createWriter(SinkTestSupport.writer(table, 0, allocator))) {
            root.allocateNew();
            for (int r = 0; r < 1000; r++) {
                ((IntVector) root.getVector(0)).setSafe(r, r);
            }
            root.setRowCount(1000);
            writer.write(root);
            root.setRowCount(0);
            writer.write(root);
            writer.endOfInput();
        }
        assertEquals(1, writes.size());
        assertEquals(1000, lines().size());
        assertEquals("p:1> +I[999]", lines().get(999));
    }

    @Test
    public void theFactoryMakesASinkForEveryChangelogThatPrintsToStandardOutputOrError() throws Exception {
        Schema schema = new Schema(List.of(field("v", INT)));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            ((IntVector) root.getVector(0)).setSafe(0, 42);
            root.setRowCount(1);
            System.setOut(new PrintStream(captured, true, UTF_8));
            System.setErr(new PrintStream(capturedErr, true, UTF_8));
            TableContext toOut = SinkTestSupport.table(schema, 1, "print-identifier", "debug");
            Sink<?> sink = SinkTestSupport.FACTORY.createSink(toOut);
            assertEquals(ChangelogMode.ALL, sink.changelogMode());
            assertFalse(sink.createCommitter().isPresent());
            try (SinkWriter<?> writer = sink.createWriter(SinkTestSupport.writer(toOut, 0, allocator))) {
                writer.write(root);
            }
            TableContext toErr = SinkTestSupport.table(schema, 1, "standard-error", "true");
            try (SinkWriter<?> writer = SinkTestSupport.FACTORY
                    .createSink(toErr)
                    .createWriter(SinkTestSupport.writer(toErr, 0, allocator))) {
                writer.write(root);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("debug> +I[42]" + System.lineSeparator(), captured.toString(UTF_8));
        assertEquals("+I[42]" + System.lineSeparator(), capturedErr.toString(UTF_8));
    }

    @Test
    public void optionsAreFlinksAndDocumented() throws Exception {
        assertEquals("print", SinkTestSupport.FACTORY.identifier());
        assertEquals(2, SinkTestSupport.FACTORY.options().size());
        for (OptionDescriptor<?> option : SinkTestSupport.FACTORY.options()) {
            assertTrue(option.key(), OptionValidation.isValidKey(option.key()));
            assertFalse(option.key(), option.description().isEmpty());
        }
        assertTrue(SinkTestSupport.FACTORY
                .validate("t", java.util.Map.of("standard-error", "maybe"))
                .message()
                .contains("option 'standard-error': expected true or false, got 'maybe'"));
        // the README's options table is the descriptors' own
        List<String> expected = SinkTestSupport.FACTORY.options().stream()
                .map(o -> "| `" + o.key() + "` | " + o.type().displayName() + " | "
                        + (o.defaultValueText().isEmpty() ? "" : "`" + o.defaultValueText() + "`") + " | "
                        + o.description() + " |")
                .collect(Collectors.toList());
        List<String> documented = Files.readAllLines(Path.of("README.md"), UTF_8).stream()
                .filter(line -> line.matches("\\| `[^`]+` \\| (string|boolean) \\|.*"))
                .collect(Collectors.toList());
        assertEquals(String.join("\n", expected), String.join("\n", documented));
    }

    @Test
    public void theComponentIsRegisteredUnderTheFactoryIdentifier() throws Exception {
        String xml;
        try (var in = PrintSinkFactory.class
                .getClassLoader()
                .getResourceAsStream("OSGI-INF/" + PrintSinkFactory.class.getName() + ".xml")) {
            assertNotNull("bnd generated the component description", in);
            xml = new String(in.readAllBytes(), UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"io.sabot.connector.spi.SinkFactory\"/>"));
        assertTrue(xml, xml.contains("name=\"sabot.connector\" type=\"String\" value=\"print\""));
    }
}
