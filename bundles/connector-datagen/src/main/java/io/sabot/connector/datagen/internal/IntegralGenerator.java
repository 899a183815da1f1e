package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Columns stored as 1, 2, 4 or 8-byte integers: TINYINT, SMALLINT, INT, BIGINT, and also DATE (days, 4 bytes) and
 * TIMESTAMP(3) (milliseconds, 8 bytes). Values are a sequence ({@code start + row index}), uniform in a fixed range,
 * or uniform in a range that ends at the batch's current time.
 */
final class IntegralGenerator extends FieldGenerator {

    private enum Mode {
        SEQUENCE,
        RANGE,
        RECENT
    }

    private final int width;
    private final Mode mode;
    /** SEQUENCE: the start; RANGE: the minimum. */
    private final long min;
    /** RANGE: max - min + 1 read as unsigned (0 for all 2^64 values); RECENT: how many units back, plus one. */
    private final long span;
    /** RECENT: milliseconds per unit (1 for TIMESTAMP(3), a day for DATE). */
    private final long unitMillis;

    private IntegralGenerator(
            String column, double nullRate, int width, Mode mode, long min, long span, long unitMillis) {
        super(column, nullRate);
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width " + width);
        }
        this.width = width;
        this.mode = mode;
        this.min = min;
        this.span = span;
        this.unitMillis = unitMillis;
    }

    /** Row {@code i} of the source gets {@code start + i}. */
    static IntegralGenerator sequence(String column, double nullRate, int width, long start) {
        return new IntegralGenerator(column, nullRate, width, Mode.SEQUENCE, start, 0, 1);
    }

    /** Uniform in {@code [min, max]}, both inclusive. */
    static IntegralGenerator range(String column, double nullRate, int width, long min, long max) {
        return new IntegralGenerator(column, nullRate, width, Mode.RANGE, min, max - min + 1, 1);
    }

    /** Uniform in {@code [now - maxPast, now]}, in units of {@code unitMillis}, "now" taken once per batch. */
    static IntegralGenerator recent(String column, double nullRate, int width, long maxPast, long unitMillis) {
        return new IntegralGenerator(column, nullRate, width, Mode.RECENT, 0, maxPast + 1, unitMillis);
    }

    @Override
    void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis) {
        ArrowBuf data = vector.getDataBuffer();
        if (mode == Mode.SEQUENCE) {
            fillSequence(data, min + first, at, rows);
        } else {
            long low = mode == Mode.RANGE ? min : Math.floorDiv(nowMillis, unitMillis) - (span - 1);
            fillRandom(data, stream, first, at, rows, low, span);
        }
    }

    // One loop per width: the switch is outside, so each loop is a straight run of stores.

    private void fillSequence(ArrowBuf data, long base, int at, int rows) {
        switch (width) {
            case 1:
                for (int i = 0; i < rows; i++) {
                    data.setByte(at + i, (byte) (base + i));
                }
                break;
            case 2:
                for (int i = 0; i < rows; i++) {
                    data.setShort((long) (at + i) << 1, (short) (base + i));
                }
                break;
            case 4:
                for (int i = 0; i < rows; i++) {
                    data.setInt((long) (at + i) << 2, (int) (base + i));
                }
                break;
            default:
                for (int i = 0; i < rows; i++) {
                    data.setLong((long) (at + i) << 3, base + i);
                }
        }
    }

    private void fillRandom(ArrowBuf data, long stream, long first, int at, int rows, long low, long span) {
        switch (width) {
            case 1:
                for (int i = 0; i < rows; i++) {
                    data.setByte(at + i, (byte) (low + SplitMix.bounded(SplitMix.at(stream, first + i), span)));
                }
                break;
            case 2:
                for (int i = 0; i < rows; i++) {
                    data.setShort((long) (at + i) << 1, (short)
                            (low + SplitMix.bounded(SplitMix.at(stream, first + i), span)));
                }
                break;
            case 4:
                for (int i = 0; i < rows; i++) {
                    data.setInt(
                            (long) (at + i) << 2, (int) (low + SplitMix.bounded(SplitMix.at(stream, first + i), span)));
                }
                break;
            default:
                for (int i = 0; i < rows; i++) {
                    data.setLong((long) (at + i) << 3, low + SplitMix.bounded(SplitMix.at(stream, first + i), span));
                }
        }
    }
}
