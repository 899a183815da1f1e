package io.sabot.engine.internal.column;

import java.util.Arrays;

/**
 * A column of values in primitive Java arrays: the engine's working representation between Arrow batches. Each
 * column is reused from batch to batch (arrays grow, never shrink), so evaluating an expression allocates nothing in
 * the steady state.
 *
 * <p>Nulls are a {@code boolean[]} consulted only when {@link #hasNulls()}; values at null positions are
 * unspecified. Not thread-safe: a column belongs to one operator of one task.
 */
public abstract sealed class Column permits BoolColumn, LongColumn, DoubleColumn, DecimalColumn, StringColumn {

    static final boolean[] NO_NULLS = new boolean[0];

    protected int size;
    protected boolean[] nulls = NO_NULLS;
    protected boolean hasNulls;

    /** The number of rows. */
    public final int size() {
        return size;
    }

    public final boolean hasNulls() {
        return hasNulls;
    }

    public final boolean isNull(int row) {
        return hasNulls && nulls[row];
    }

    /** The null flags; meaningful only when {@link #hasNulls()}. */
    public final boolean[] nulls() {
        return nulls;
    }

    /** Makes room for {@code n} rows, sets the size, and forgets nulls. Values are left as they were. */
    public void reset(int n) {
        ensureCapacity(n);
        size = n;
        hasNulls = false;
    }

    /** The null flags for writing, all false on the first call after {@link #reset}. */
    public final boolean[] nullsForWrite() {
        if (!hasNulls) {
            if (nulls.length < size) {
                nulls = new boolean[Math.max(size, nulls.length * 2)];
            } else {
                Arrays.fill(nulls, 0, size, false);
            }
            hasNulls = true;
        }
        return nulls;
    }

    public final void setNull(int row) {
        nullsForWrite()[row] = true;
    }

    /** Sets this column's nulls to those of {@code a} (size already set). */
    public final void copyNulls(Column a) {
        if (a.hasNulls) {
            System.arraycopy(a.nulls, 0, nullsForWrite(), 0, size);
        }
    }

    /** Sets this column's nulls to where {@code a} or {@code b} is null. */
    public final void copyNulls(Column a, Column b) {
        if (a.hasNulls && b.hasNulls) {
            boolean[] out = nullsForWrite();
            boolean[] x = a.nulls;
            boolean[] y = b.nulls;
            for (int i = 0; i < size; i++) {
                out[i] = x[i] | y[i];
            }
        } else if (a.hasNulls) {
            copyNulls(a);
        } else if (b.hasNulls) {
            copyNulls(b);
        }
    }

    /** Ensures room for {@code n} rows (keeps existing values). */
    public final void ensureCapacity(int n) {
        if (hasNulls && nulls.length < n) {
            nulls = Arrays.copyOf(nulls, Math.max(n, nulls.length * 2));
        }
        ensureValueCapacity(n);
    }

    protected abstract void ensureValueCapacity(int n);

    /** Appends row {@code row} of {@code source} (same class) after the last row; for growing stores. */
    public abstract void appendFrom(Column source, int row);

    /** Appends rows {@code rows[0…n)} of {@code source} (same class): one loop for a whole batch. */
    public abstract void appendRows(Column source, int[] rows, int n);

    /** Appends the null flags of {@code rows} of {@code source} for rows {@code size…size+n} (size not yet moved). */
    protected final void appendNullFlags(Column source, int[] rows, int n) {
        if (!source.hasNulls && !hasNulls) {
            return;
        }
        int need = size + n;
        if (!hasNulls) {
            nulls = nulls.length < need ? new boolean[Math.max(need, Math.max(16, size * 2))] : nulls;
            Arrays.fill(nulls, 0, size, false);
            hasNulls = true;
        } else if (nulls.length < need) {
            nulls = Arrays.copyOf(nulls, Math.max(need, nulls.length * 2));
        }
        for (int i = 0; i < n; i++) {
            nulls[size + i] = source.isNull(rows[i]);
        }
    }

    /** Sets the row count to zero, keeping the arrays (a store cleared for reuse). */
    public void clear() {
        size = 0;
        hasNulls = false;
    }

    /** Grows the null flags with the size of a store while appending. */
    protected final void appendNullFlag(boolean isNull) {
        if (isNull) {
            boolean[] n = nullsForWriteGrowing();
            n[size] = true;
        } else if (hasNulls) {
            if (nulls.length <= size) {
                nulls = Arrays.copyOf(nulls, Math.max(16, nulls.length * 2));
            }
            nulls[size] = false;
        }
    }

    private boolean[] nullsForWriteGrowing() {
        if (!hasNulls) {
            if (nulls.length <= size) {
                nulls = new boolean[Math.max(16, size * 2)];
            } else {
                Arrays.fill(nulls, 0, size, false);
            }
            hasNulls = true;
        } else if (nulls.length <= size) {
            nulls = Arrays.copyOf(nulls, Math.max(16, nulls.length * 2));
        }
        return nulls;
    }

    static int grow(int current, int needed) {
        return Math.max(needed, Math.max(16, current + (current >> 1)));
    }
}
