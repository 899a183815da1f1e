package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** STRING / VARCHAR columns: random lower-case hexadecimal strings of a fixed length, as Flink's datagen makes. */
final class StringGenerator extends FieldGenerator {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final int length;

    StringGenerator(String column, double nullRate, int length) {
        super(column, nullRate);
        this.length = length;
    }

    @Override
    long bytesPerRow() {
        return length + 4L;
    }

    @Override
    void allocate(FieldVector vector, int rows) {
        ((VarCharVector) vector).allocateNew((long) rows * length, rows);
    }

    @Override
    void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis) {
        VarCharVector strings = (VarCharVector) vector;
        ArrowBuf validity = strings.getValidityBuffer();
        ArrowBuf offsets = strings.getOffsetBuffer();
        ArrowBuf data = strings.getDataBuffer();
        int len = length;
        byte[] scratch = new byte[len]; // one per batch, reused for every row
        if (at == 0) {
            offsets.setInt(0, 0);
        }
        int offset = offsets.getInt((long) at << 2); // where the slice before ended
        for (int i = 0; i < rows; i++) {
            if (BitVectorHelper.get(validity, at + i) != 0) {
                long row = SplitMix.at(stream, first + i);
                long word = row;
                for (int c = 0; c < len; c++) {
                    int nibble = c & 15;
                    if (nibble == 0 && c > 0) {
                        word = SplitMix.next(row, c >>> 4);
                    }
                    scratch[c] = HEX[(int) (word >>> (nibble << 2)) & 15];
                }
                data.setBytes(offset, scratch, 0, len);
                offset += len;
            }
            offsets.setInt((long) (at + i + 1) << 2, offset);
        }
        // the offsets are written: stop setValueCount from "filling holes" over them
        strings.setLastSet(at + rows - 1);
    }
}
