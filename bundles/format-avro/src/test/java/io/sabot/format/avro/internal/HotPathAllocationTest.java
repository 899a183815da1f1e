package io.sabot.format.avro.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.format.BinaryRecords;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * Guards the hot paths: once buffers have grown, decoding and encoding a batch allocate nothing per row on the Java
 * heap (measured with the JVM's per-thread allocation counter). A single object per row would cost at least 16 bytes
 * a row; the bound is 2.
 */
public class HotPathAllocationTest {

    static final Schema BID = TestFormat.schema(
            "auction", TestFormat.BIGINT,
            "bidder", TestFormat.BIGINT,
            "price", TestFormat.BIGINT,
            "channel", TestFormat.STRING,
            "url", TestFormat.STRING,
            "dateTime", TestFormat.TIMESTAMP,
            "extra", TestFormat.STRING,
            "rate", TestFormat.DOUBLE,
            "amount", TestFormat.decimal(12, 2),
            "day", TestFormat.DATE,
            "flag", TestFormat.BOOLEAN,
            "payload", TestFormat.BYTES);

    static final int ROWS = 4096;
    static final int ROUNDS = 20;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    public void decodingAndEncodingAllocateNothingPerRow() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(TestFormat.row(
                    1000L + i % 97,
                    2000L + i,
                    i * 37L % 100_000,
                    "Channel " + (i % 5),
                    "https://www.nexmark.com/item.htm?query=" + i,
                    TestFormat.dateTime(1_700_000_000_000L + i * 17L),
                    i % 7 == 0 ? null : "extra\u00e9" + i,
                    i * 0.25,
                    BigDecimal.valueOf(i * 1001L, 2),
                    LocalDate.ofEpochDay(19_000 + i % 20),
                    i % 2 == 0,
                    new byte[] {(byte) i, 1, 2}));
        }
        try (TestFormat format = new TestFormat(BID)) {
            BinaryRecords records = TestFormat.records(format.encode(rows));
            BinaryRecords encoded = new BinaryRecords(ROWS);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(BID, format.allocator)) {
                List<String> errors = new ArrayList<>();
                long decodeBytes = 0;
                long encodeBytes = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    root.setRowCount(0);
                    long before = allocatedBytes();
                    int decoded = format.decoder().decode(records, root, (i, m) -> errors.add(m));
                    long between = allocatedBytes();
                    encoded.clear();
                    format.encoder().encode(root, encoded);
                    long after = allocatedBytes();
                    assertEquals(errors.toString(), ROWS, decoded);
                    assertEquals(ROWS, encoded.count());
                    if (round >= ROUNDS / 2) {
                        decodeBytes += between - before;
                        encodeBytes += after - between;
                    }
                }
                int measured = ROUNDS - ROUNDS / 2;
                System.out.println("heap bytes per batch of " + ROWS + " rows: decode " + decodeBytes / measured
                        + ", encode " + encodeBytes / measured);
                assertTrue(
                        "decode allocated " + decodeBytes / measured + " bytes per batch",
                        decodeBytes / measured < 2 * ROWS);
                assertTrue(
                        "encode allocated " + encodeBytes / measured + " bytes per batch",
                        encodeBytes / measured < 2 * ROWS);
                // and the rows are the ones written
                assertEquals(TestFormat.comparable(rows), TestFormat.comparable(TestFormat.read(root)));
            }
        }
    }
}
