package io.sabot.format.csv.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.format.BinaryRecords;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * Guards the hot paths: once buffers have grown, decoding and encoding a batch allocate nothing per row on the Java
 * heap (measured with the JVM's per-thread allocation counter, so other threads do not disturb it). A single object
 * per row would cost at least 16 bytes a row; the bound is 2.
 */
public class HotPathAllocationTest {

    static final Schema BID = TestFormat.schema(
            "auction", TestFormat.BIGINT,
            "bidder", TestFormat.BIGINT,
            "price", TestFormat.BIGINT,
            "channel", TestFormat.VARCHAR,
            "url", TestFormat.VARCHAR,
            "dateTime", TestFormat.TIMESTAMP,
            "extra", TestFormat.VARCHAR,
            "rate", TestFormat.DOUBLE,
            "amount", TestFormat.decimal(12, 2),
            "day", TestFormat.DATE,
            "flag", TestFormat.BOOLEAN);

    static final int ROWS = 4096;
    static final int ROUNDS = 20;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    public void decodingAndEncodingAllocateNothingPerRow() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            lines.add((1000 + i % 97) + "," + (2000 + i) + "," + (i * 37 % 100_000) + ",\"Channel, " + (i % 5)
                    + "\",https://www.nexmark.com/item.htm?query=" + i + ",2023-12-31 23:59:" + (10 + i % 50) + "."
                    + (100 + i % 900) + ",extra" + i + "," + (i * 0.25) + "," + (i % 1000) + "." + (i % 100)
                    + ",2024-01-" + (10 + i % 20) + "," + (i % 2 == 0));
        }
        BinaryRecords records = TestFormat.records(lines);
        BinaryRecords encoded = new BinaryRecords(ROWS);
        try (TestFormat format = new TestFormat(BID);
                VectorSchemaRoot root = VectorSchemaRoot.create(BID, format.allocator)) {
            List<String> errors = new ArrayList<>();
            long decodeBytes = 0;
            long encodeBytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                root.setRowCount(0);
                long before = allocatedBytes();
                int rows = format.decoder.decode(records, root, (i, m) -> errors.add(m));
                long between = allocatedBytes();
                encoded.clear();
                format.encoder.encode(root, encoded);
                long after = allocatedBytes();
                assertEquals(errors.toString(), ROWS, rows);
                assertEquals(ROWS, encoded.count());
                if (round >= ROUNDS / 2) { // after warm-up and buffer growth
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
        }
    }
}
