package io.sabot.runtime.internal.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.sabot.connector.spi.sink.RowKind;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Test;

public class ResultRowsTest {

    private final BufferAllocator allocator = new RootAllocator();

    @After
    public void noLeaks() {
        assertEquals(0, allocator.getAllocatedMemory());
        allocator.close();
    }

    /** A batch of (name VARCHAR, cnt BIGINT) with optional row kinds. */
    private VectorSchemaRoot batch(String[] names, long[] counts, RowKind[] kinds) {
        VarCharVector name = new VarCharVector("name", allocator);
        BigIntVector cnt = new BigIntVector("cnt", allocator);
        TinyIntVector kind = kinds == null ? null : new TinyIntVector(RowKind.COLUMN_NAME, allocator);
        name.allocateNew();
        cnt.allocateNew();
        if (kind != null) {
            kind.allocateNew();
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                name.setNull(i);
            } else {
                name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            }
            cnt.setSafe(i, counts[i]);
            if (kind != null) {
                kind.setSafe(i, kinds[i].code());
            }
        }
        VectorSchemaRoot root = kind == null ? VectorSchemaRoot.of(name, cnt) : VectorSchemaRoot.of(name, cnt, kind);
        root.setRowCount(names.length);
        return root;
    }

    @Test
    public void changelogIsMaterialised() {
        ResultRows result = new ResultRows();
        try (VectorSchemaRoot b1 = batch(new String[] {"a", "b", null}, new long[] {1, 1, 1}, new RowKind[] {
                    RowKind.INSERT, RowKind.INSERT, RowKind.INSERT
                });
                VectorSchemaRoot b2 = batch(new String[] {"a", "a", "b"}, new long[] {1, 2, 1}, new RowKind[] {
                    RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE
                })) {
            result.add(b1);
            result.add(b2);
        }
        assertEquals(List.of("name", "cnt"), result.columns());
        assertEquals(List.of(false, true), result.unquoted());
        assertEquals(List.of(Arrays.asList(null, "1"), List.of("a", "2")), result.rows());
        assertEquals(6, result.changes());
    }

    @Test
    public void retractingAMissingRowIsAnError() {
        ResultRows result = new ResultRows();
        try (VectorSchemaRoot b = batch(new String[] {"x"}, new long[] {1}, new RowKind[] {RowKind.DELETE})) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> result.add(b));
            assertEquals("-D of a row that is not in the result: [x, 1]", e.getMessage());
        }
    }

    @Test
    public void cellsAreFormattedLikeFlinksCsv() throws Exception {
        try (TimeStampMilliVector ts = new TimeStampMilliVector("ts", allocator);
                Float8Vector avg = new Float8Vector("avg", allocator);
                DecimalVector dec = new DecimalVector("dec", allocator, 10, 2)) {
            ts.allocateNew(1);
            avg.allocateNew(1);
            dec.allocateNew(1);
            ts.set(0, 1_704_067_210_500L); // 2024-01-01 00:00:10.5 UTC
            avg.set(0, 7882044.678571428);
            dec.setSafe(0, new BigDecimal("12.30"));
            assertEquals("2024-01-01 00:00:10.500", CellFormatter.format(ts, 0));
            assertEquals("7882044.678571428", CellFormatter.format(avg, 0));
            assertEquals("12.30", CellFormatter.format(dec, 0));
        }
        StringWriter csv = new StringWriter();
        ResultFormats.writeCsv(List.of("a", "b"), List.of(Arrays.asList("Redmond, WY", null), List.of("x", "")), csv);
        assertEquals("a,b\n\"Redmond, WY\",\nx,\"\"\n", csv.toString());
        StringWriter json = new StringWriter();
        ResultFormats.writeJsonLines(
                List.of("a", "n"),
                List.of(false, true),
                List.of(Arrays.asList("q\"x", "12"), Arrays.asList(null, "1.5")),
                json);
        assertEquals("{\"a\":\"q\\\"x\",\"n\":12}\n{\"a\":null,\"n\":1.5}\n", json.toString());
        StringWriter digits = new StringWriter(); // a string column whose value looks like a number stays a string
        ResultFormats.writeJsonLines(List.of("symbol"), List.of(false), List.of(List.of("4")), digits);
        assertEquals("{\"symbol\":\"4\"}\n", digits.toString());
        assertEquals(
                "+--------+---+\n| a      | b |\n+--------+---+\n| <NULL> | 1 |\n+--------+---+\n1 row in set\n",
                ResultFormats.table(List.of("a", "b"), List.of(Arrays.asList(null, "1"))));
    }
}
