package io.sabot.engine.internal.column;

import java.util.Arrays;

/** FLOAT and DOUBLE values as {@code double} (FLOAT results are rounded to float precision after each step). */
public final class DoubleColumn extends Column {
    public double[] values = new double[0];

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
        values[size++] = ((DoubleColumn) source).values[row];
    }

    @Override
    public void appendRows(Column source, int[] rows, int n) {
        ensureValueCapacity(size + n);
        appendNullFlags(source, rows, n);
        double[] from = ((DoubleColumn) source).values;
        for (int i = 0; i < n; i++) {
            values[size + i] = from[rows[i]];
        }
        size += n;
    }
}
