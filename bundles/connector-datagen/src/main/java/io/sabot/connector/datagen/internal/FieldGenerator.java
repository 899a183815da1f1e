package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Fills one column of a batch. A generator is an immutable description of the column's values (type, bounds, null
 * rate); one instance is shared by every reader of a source, and {@link #fill} keeps all its state in locals.
 *
 * <p>The runtime calls {@link #fill} once per column per batch; subclasses run one typed loop over the rows that
 * writes straight into the vector's buffers.
 */
abstract class FieldGenerator {

    private static final long NULL_SALT = 0x6E756C6C73L; // "nulls"

    /** The column name, for messages. */
    final String column;

    private final long salt;
    /** A row is null when the top 53 bits of its null-stream value are below this; 0 means never, 2^53 always. */
    private final long nullThreshold;

    FieldGenerator(String column, double nullRate) {
        this.column = column;
        this.salt = SplitMix.hash(column);
        this.nullThreshold = (long) (nullRate * 0x1.0p53);
    }

    /**
     * Replaces the vector's content with rows {@code first … first + rows - 1} of the stream seeded with {@code seed}.
     *
     * @param nowMillis the wall-clock time of this batch, for columns relative to "now"
     */
    final void fill(FieldVector vector, long seed, long first, int rows, long nowMillis) {
        vector.clear();
        allocate(vector, rows);
        writeValidity(vector.getValidityBuffer(), SplitMix.stream(seed, salt ^ NULL_SALT), first, rows);
        fillValues(vector, SplitMix.stream(seed, salt), first, rows, nowMillis);
        vector.setValueCount(rows);
    }

    /** An upper bound of the bytes one row of this column takes, to size batches. */
    long bytesPerRow() {
        return 16;
    }

    /** Allocates zeroed buffers for {@code rows} values. */
    void allocate(FieldVector vector, int rows) {
        ((BaseFixedWidthVector) vector).allocateNew(rows);
    }

    /**
     * Writes the values of the rows; the validity bits are already set (a subclass may read them to skip nulls).
     *
     * @param stream the column's random stream under the split's seed, for {@link SplitMix#at}
     */
    abstract void fillValues(FieldVector vector, long stream, long first, int rows, long nowMillis);

    private void writeValidity(ArrowBuf validity, long nullStream, long first, int rows) {
        int fullBytes = rows >>> 3;
        int tailBits = rows & 7;
        if (nullThreshold == 0) {
            validity.setOne(0L, fullBytes);
            if (tailBits != 0) {
                validity.setByte(fullBytes, (1 << tailBits) - 1);
            }
            return;
        }
        long threshold = nullThreshold;
        int bytes = fullBytes + (tailBits != 0 ? 1 : 0);
        for (int b = 0; b < bytes; b++) {
            int base = b << 3;
            int end = Math.min(8, rows - base);
            int bits = 0;
            for (int j = 0; j < end; j++) {
                if ((SplitMix.at(nullStream, first + base + j) >>> 11) >= threshold) {
                    bits |= 1 << j;
                }
            }
            validity.setByte(b, bits);
        }
    }
}
