package io.sabot.connector.datagen.internal;

import java.math.BigInteger;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * DECIMAL columns (Arrow Decimal128): unscaled values uniform in {@code [min, max]}, computed in 128-bit two's
 * complement held in two longs, so a row costs no {@link BigInteger} and no allocation whatever the precision.
 */
final class DecimalGenerator extends FieldGenerator {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final BigInteger LOW_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final long minHigh;
    private final long minLow;
    /** max - min, unsigned 128 bits. */
    private final long spanHigh;

    private final long spanLow;
    /** The smallest all-ones mask covering the span: a masked draw is accepted with probability above 1/2. */
    private final long maskHigh;

    private final long maskLow;

    /** Unscaled bounds, both inclusive; {@code max - min} must fit in 128 unsigned bits. */
    DecimalGenerator(String column, double nullRate, BigInteger minUnscaled, BigInteger maxUnscaled) {
        super(column, nullRate);
        BigInteger span = maxUnscaled.subtract(minUnscaled);
        if (span.signum() < 0 || span.bitLength() > 128) {
            throw new IllegalArgumentException("decimal range [" + minUnscaled + ", " + maxUnscaled + "]");
        }
        this.minLow = minUnscaled.longValue();
        this.minHigh = minUnscaled.shiftRight(64).longValue();
        this.spanLow = span.and(LOW_64).longValue();
        this.spanHigh = span.shiftRight(64).longValue();
        int bits = span.bitLength();
        this.maskLow = bits >= 64 ? -1L : (1L << bits) - 1;
        this.maskHigh = bits <= 64 ? 0L : bits >= 128 ? -1L : (1L << (bits - 64)) - 1;
    }

    @Override
    void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis) {
        ArrowBuf data = vector.getDataBuffer();
        long mLow = maskLow;
        long mHigh = maskHigh;
        long sLow = spanLow;
        long sHigh = spanHigh;
        for (int i = 0; i < rows; i++) {
            long row = SplitMix.at(stream, first + i);
            long low;
            long high;
            long k = 1;
            do { // rejection sampling: deterministic, as the draws come from the row's own stream
                low = SplitMix.next(row, k) & mLow;
                high = SplitMix.next(row, k + 1) & mHigh;
                k += 2;
            } while (Long.compareUnsigned(high, sHigh) > 0 || (high == sHigh && Long.compareUnsigned(low, sLow) > 0));
            long sumLow = minLow + low;
            long carry = Long.compareUnsigned(sumLow, minLow) < 0 ? 1 : 0;
            long sumHigh = minHigh + high + carry;
            long index = (long) (at + i) << 4;
            // Arrow Java keeps a Decimal128 in native byte order, as DecimalUtility does: low word first on x86/ARM
            data.setLong(index, LITTLE_ENDIAN ? sumLow : sumHigh);
            data.setLong(index + 8, LITTLE_ENDIAN ? sumHigh : sumLow);
        }
    }
}
