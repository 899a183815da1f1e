package io.sabot.state.memory.internal;

import io.sabot.state.spi.codec.RowCodec;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A batch of rows encoded into one reusable buffer: row {@code r} is {@code buf[starts[r], ends[r])}, its hash {@code
 * hashes[r]}. Encoding a batch allocates nothing once the buffers have grown to the batch's size.
 */
final class RowBuffer {

    byte[] buf = new byte[1024];
    int[] starts = new int[64];
    int[] ends = new int[64];
    int[] hashes = new int[64];
    private byte[][] outs = new byte[64][];

    /** Encodes rows {@code 0…rows)} of {@code vectors[from…)} with {@code codec}. */
    void encode(RowCodec codec, List<FieldVector> vectors, int from, int rows) {
        if (starts.length < rows) {
            int n = Math.max(rows, starts.length * 2);
            starts = new int[n];
            ends = new int[n];
            hashes = new int[n];
            outs = new byte[n][];
        }
        Arrays.fill(ends, 0, rows, 0);
        codec.addLengths(vectors, from, rows, ends);
        long total = 0;
        for (int r = 0; r < rows; r++) {
            int len = ends[r];
            starts[r] = (int) total;
            ends[r] = (int) total;
            total += len;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + rows + " rows encodes to " + total + " bytes, too many");
        }
        if (buf.length < total) {
            buf = new byte[(int) Math.max(total, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L))];
        }
        Arrays.fill(outs, 0, rows, buf);
        codec.encode(vectors, from, rows, outs, ends);
        for (int r = 0; r < rows; r++) {
            hashes[r] = BytesTable.hash(buf, starts[r], ends[r]);
        }
    }
}
