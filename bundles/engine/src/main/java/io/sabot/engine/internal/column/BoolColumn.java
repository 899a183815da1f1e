package io.sabot.engine.internal.column;

import java.util.Arrays;

/** BOOLEAN values. */
public final class BoolColumn extends Column {
    public boolean[] values = new boolean[0];

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
        values[size++] = ((BoolColumn) source).values[row];
    }

    /** Whether row {@code i} is TRUE (not null, not false). */
    public boolean isTrue(int i) {
        return values[i] && !(hasNulls && nulls[i]);
    }

    @Override
    public void appendRows(Column source, int[] rows, int n) {
        ensureValueCapacity(size + n);
        appendNullFlags(source, rows, n);
        boolean[] from = ((BoolColumn) source).values;
        for (int i = 0; i < n; i++) {
            values[size + i] = from[rows[i]];
        }
        size += n;
    }
}
