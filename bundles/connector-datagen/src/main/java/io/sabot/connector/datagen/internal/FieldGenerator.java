package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Fills one column of a batch. A generator is an immutable description of the column's values (type, bounds, null
 * rate); one instance is shared by every reader of a source, and {@link #fill} keeps all its state in locals.
 *
 * <p>The reader allocates each column once per batch ({@link #allocateBatch}), fills it slice by slice ({@link
 * #fillSlice}: a slice is a run of rows starting at a multiple of 8, so bitmaps are written whole bytes at a time),
 * and sets the row count ({@link #finish}); subclasses run one typed loop over a slice's rows that writes straight
 * into the vector's buffers. Slices let the reader stop between two of them when a checkpoint barrier is pending.
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

    /** Empties the vector and allocates room for up to {@code rows} rows. */
    final void allocateBatch(FieldVector vector, int rows) {
        vector.clear();
        allocate(vector, rows);
    }

    /**
     * Writes rows {@code first … first + rows - 1} of the stream seeded with {@code seed} at vector positions {@code
     * at … at + rows - 1}; {@code at} is a multiple of 8 and the slices of a batch are filled in order.
     */
    final void fillSlice(FieldVector vector, long seed, long first, int at, int rows, long nowMillis) {
        writeValidity(vector.getValidityBuffer(), SplitMix.stream(seed, salt ^ NULL_SALT), first, at, rows);
        fillValues(vector, SplitMix.stream(seed, salt), first, at, rows, nowMillis);
    }

    /** Sets the vector's row count once its first {@code rows} rows are filled. */
    final void finish(FieldVector vector, int rows) {
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
     * Writes the values of rows {@code first …} at vector positions {@code at …}; the validity bits are already set
     * (a subclass may read them to skip nulls).
     *
     * @param stream the column's random stream under the split's seed, for {@link SplitMix#at}
     * @param at the vector position of row {@code first}, a multiple of 8
     */
    abstract void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis);

    private void writeValidity(ArrowBuf validity, long nullStream, long first, int at, int rows) {
        int fullBytes = rows >>> 3;
        int tailBits = rows & 7;
        long start = at >>> 3;
        if (nullThreshold == 0) {
            validity.setOne(start, fullBytes);
            if (tailBits != 0) {
                validity.setByte(start + fullBytes, (1 << tailBits) - 1);
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
            validity.setByte(start + b, bits);
        }
    }
}
