package io.sabot.engine.internal.column;

import java.util.Arrays;

/** Integers, dates (days), times (ms of day), timestamps (ms), intervals (ms or months) as {@code long}. */
public final class LongColumn extends Column {
    public long[] values = new long[0];

    @Override
    protected void ensureValueCapacity(int n) {
        if (values.length < n) {
            values = Arrays.copyOf(values, grow(values.length, n));
        }
    }

    @Override
    public void appendFrom(Column source, int row) {
        ensureValueCapacity(size + 1);
        appendNullFlag(source.isNull(row));
        values[size++] = ((LongColumn) source).values[row];
    }

    public void append(long value) {
        ensureValueCapacity(size + 1);
        appendNullFlag(false);
        values[size++] = value;
    }

    @Override
    public void appendRows(Column source, int[] rows, int n) {
        ensureValueCapacity(size + n);
        appendNullFlags(source, rows, n);
        long[] from = ((LongColumn) source).values;
        for (int i = 0; i < n; i++) {
            values[size + i] = from[rows[i]];
        }
        size += n;
    }
}
