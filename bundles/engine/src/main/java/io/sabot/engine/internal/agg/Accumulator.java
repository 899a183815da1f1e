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

    /**
     * The Arrow fields of this accumulator's checkpointed state, named {@code prefix + "_" + part}: what {@link
     * #save} writes and {@link #load} reads, in order.
     */
    public abstract java.util.List<org.apache.arrow.vector.types.pojo.Field> stateFields(String prefix);

    /** Writes the state of groups {@code groups[0…n)} into rows {@code 0…n-1} of {@code v[at…]}. */
    public abstract void save(int[] groups, int n, org.apache.arrow.vector.FieldVector[] v, int at);

    /** Reads rows {@code rows[0…n)} of {@code v[at…]} into groups {@code groups[0…n)} (already initialised). */
    public abstract void load(org.apache.arrow.vector.FieldVector[] v, int at, int[] rows, int[] groups, int n);

    static org.apache.arrow.vector.types.pojo.Field longField(String name) {
        return org.apache.arrow.vector.types.pojo.Field.notNullable(
                name, new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true));
    }

    static org.apache.arrow.vector.types.pojo.Field doubleField(String name) {
        return org.apache.arrow.vector.types.pojo.Field.notNullable(
                name,
                new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE));
    }

    static org.apache.arrow.vector.types.pojo.Field boolField(String name) {
        return org.apache.arrow.vector.types.pojo.Field.notNullable(
                name, org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE);
    }

    static void saveLongs(long[] a, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.BigIntVector out = (org.apache.arrow.vector.BigIntVector) v;
        out.allocateNew(n);
        for (int i = 0; i < n; i++) {
            out.set(i, a[groups[i]]);
        }
        out.setValueCount(n);
    }

    static void loadLongs(long[] a, int[] rows, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.BigIntVector in = (org.apache.arrow.vector.BigIntVector) v;
        for (int i = 0; i < n; i++) {
            a[groups[i]] = in.get(rows[i]);
        }
    }

    static void saveDoubles(double[] a, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.Float8Vector out = (org.apache.arrow.vector.Float8Vector) v;
        out.allocateNew(n);
        for (int i = 0; i < n; i++) {
            out.set(i, a[groups[i]]);
        }
        out.setValueCount(n);
    }

    static void loadDoubles(double[] a, int[] rows, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.Float8Vector in = (org.apache.arrow.vector.Float8Vector) v;
        for (int i = 0; i < n; i++) {
            a[groups[i]] = in.get(rows[i]);
        }
    }

    static void saveBools(boolean[] a, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.BitVector out = (org.apache.arrow.vector.BitVector) v;
        out.allocateNew(n);
        for (int i = 0; i < n; i++) {
            out.set(i, a[groups[i]] ? 1 : 0);
        }
        out.setValueCount(n);
    }

    static void loadBools(boolean[] a, int[] rows, int[] groups, int n, org.apache.arrow.vector.FieldVector v) {
        org.apache.arrow.vector.BitVector in = (org.apache.arrow.vector.BitVector) v;
        for (int i = 0; i < n; i++) {
            a[groups[i]] = in.get(rows[i]) != 0;
        }
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
