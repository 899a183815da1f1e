package io.sabot.engine.internal.column;

import java.util.Arrays;

/**
 * DECIMAL values as unscaled {@code long}s at a fixed scale: exact up to 18 digits. Wider values are refused with a
 * clear error where they would arise (the engine's documented limit).
 */
public final class DecimalColumn extends Column {
    public final int scale;
    public long[] values = new long[0];

    public DecimalColumn(int scale) {
        this.scale = scale;
    }

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
        values[size++] = ((DecimalColumn) source).values[row];
    }

    @Override
    public void appendRows(Column source, int[] rows, int n) {
        ensureValueCapacity(size + n);
        appendNullFlags(source, rows, n);
        long[] from = ((DecimalColumn) source).values;
        for (int i = 0; i < n; i++) {
            values[size + i] = from[rows[i]];
        }
        size += n;
    }
}
