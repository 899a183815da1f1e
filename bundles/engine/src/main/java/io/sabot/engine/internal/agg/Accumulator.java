package io.sabot.engine.internal.agg;

import io.sabot.engine.internal.column.Column;

/**
 * The state of one aggregate function for many groups, in primitive arrays indexed by group id. Every method works
 * on a whole batch of (row, group) pairs with one type-specialised loop: no call per row.
 *
 * <p>Argument values come from {@code arg} at positions {@code rows[i]}; the group of pair {@code i} is {@code
 * groups[i]}. NULL arguments are ignored, as SQL aggregates do.
 */
public abstract class Accumulator {

    /** Groups {@code from … to-1} are new: make room and set their initial state. */
    public abstract void init(int from, int to);

    public abstract void accumulate(Column arg, int[] rows, int[] groups, int n);

    /** Removes rows (a changelog's -U/-D); only for functions that can. */
    public abstract void retract(Column arg, int[] rows, int[] groups, int n);

    /** Writes the results of {@code groups[0…n)} into {@code out} (rows 0…n-1). */
    public abstract void result(int[] groups, int n, Column out);

    /** Folds group {@code source}'s state into {@code target} (merging session windows). */
    public abstract void merge(int target, int source);

    /** Forgets all groups (the state is reused for another window); {@link #init} follows for new groups. */
    public void clear() {}

    /** Whether {@link #retract} is supported. */
    public boolean canRetract() {
        return true;
    }

    static long[] grow(long[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    static double[] grow(double[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    static boolean[] grow(boolean[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    static int[] grow(int[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}
