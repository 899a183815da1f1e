package io.sabot.engine.internal.agg;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.Decimals;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.StringColumn;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The accumulators: counts, sums, averages, minima and maxima per representation. */
final class Accumulators {

    private Accumulators() {}

    /** COUNT(*) (arg null) and COUNT(x): a long per group. */
    static final class Count extends Accumulator {
        long[] counts = new long[0];

        @Override
        public void init(int from, int to) {
            counts = grow(counts, to);
            Arrays.fill(counts, from, to, 0);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            add(arg, rows, groups, n, 1);
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            add(arg, rows, groups, n, -1);
        }

        private void add(Column arg, int[] rows, int[] groups, int n, long delta) {
            long[] c = counts;
            if (arg == null || !arg.hasNulls()) {
                for (int i = 0; i < n; i++) {
                    c[groups[i]] += delta;
                }
            } else {
                boolean[] nulls = arg.nulls();
                for (int i = 0; i < n; i++) {
                    if (!nulls[rows[i]]) {
                        c[groups[i]] += delta;
                    }
                }
            }
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            LongColumn o = (LongColumn) out;
            o.reset(n);
            for (int i = 0; i < n; i++) {
                o.values[i] = counts[groups[i]];
            }
        }

        @Override
        public void merge(int target, int source) {
            counts[target] += counts[source];
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(longField(prefix + "_count"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveLongs(counts, groups, n, v[at]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadLongs(counts, rows, groups, n, v[at]);
        }
    }

    /** The count of non-null values, shared by sums and averages to tell "no value" from zero. */
    abstract static class Counted extends Accumulator {
        long[] counts = new long[0];

        @Override
        public void init(int from, int to) {
            counts = grow(counts, to);
            Arrays.fill(counts, from, to, 0);
        }

        @Override
        public void merge(int target, int source) {
            counts[target] += counts[source];
        }
    }

    /**
     * SUM, SUM0 and AVG over integers (long arithmetic, wrapping as the result type does), with results written as
     * the result representation (long, double or decimal).
     */
    static final class LongSum extends Counted {
        private final boolean average;
        private final boolean zeroWhenEmpty;
        long[] sums = new long[0];

        LongSum(boolean average, boolean zeroWhenEmpty) {
            this.average = average;
            this.zeroWhenEmpty = zeroWhenEmpty;
        }

        @Override
        public void init(int from, int to) {
            super.init(from, to);
            sums = grow(sums, to);
            Arrays.fill(sums, from, to, 0);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            add((LongColumn) arg, rows, groups, n, 1);
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            add((LongColumn) arg, rows, groups, n, -1);
        }

        private void add(LongColumn arg, int[] rows, int[] groups, int n, int sign) {
            long[] v = arg.values;
            long[] s = sums;
            long[] c = counts;
            if (!arg.hasNulls()) {
                for (int i = 0; i < n; i++) {
                    int g = groups[i];
                    s[g] += sign * v[rows[i]];
                    c[g] += sign;
                }
            } else {
                boolean[] nulls = arg.nulls();
                for (int i = 0; i < n; i++) {
                    int r = rows[i];
                    if (!nulls[r]) {
                        int g = groups[i];
                        s[g] += sign * v[r];
                        c[g] += sign;
                    }
                }
            }
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            out.reset(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                long count = counts[g];
                if (count == 0 && !(zeroWhenEmpty && !average)) {
                    out.setNull(i);
                    continue;
                }
                long sum = sums[g];
                if (out instanceof LongColumn o) {
                    o.values[i] = average ? sum / count : sum;
                } else if (out instanceof DoubleColumn o) {
                    o.values[i] = average ? (double) sum / count : sum;
                } else {
                    DecimalColumn o = (DecimalColumn) out;
                    o.values[i] =
                            average ? Decimals.divide(sum, 0, count, 0, o.scale) : Decimals.rescale(sum, 0, o.scale);
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            super.merge(target, source);
            sums[target] += sums[source];
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(longField(prefix + "_count"), longField(prefix + "_sum"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveLongs(counts, groups, n, v[at]);
            saveLongs(sums, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadLongs(counts, rows, groups, n, v[at]);
            loadLongs(sums, rows, groups, n, v[at + 1]);
        }
    }

    /** SUM, SUM0 and AVG over doubles. */
    static final class DoubleSum extends Counted {
        private final boolean average;
        private final boolean zeroWhenEmpty;
        double[] sums = new double[0];

        DoubleSum(boolean average, boolean zeroWhenEmpty) {
            this.average = average;
            this.zeroWhenEmpty = zeroWhenEmpty;
        }

        @Override
        public void init(int from, int to) {
            super.init(from, to);
            sums = grow(sums, to);
            Arrays.fill(sums, from, to, 0);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            add((DoubleColumn) arg, rows, groups, n, 1);
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            add((DoubleColumn) arg, rows, groups, n, -1);
        }

        private void add(DoubleColumn arg, int[] rows, int[] groups, int n, int sign) {
            double[] v = arg.values;
            double[] s = sums;
            long[] c = counts;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (!arg.isNull(r)) {
                    int g = groups[i];
                    s[g] += sign * v[r];
                    c[g] += sign;
                }
            }
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            out.reset(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                long count = counts[g];
                if (count == 0 && !(zeroWhenEmpty && !average)) {
                    out.setNull(i);
                    continue;
                }
                double value = average ? sums[g] / count : sums[g];
                if (out instanceof DoubleColumn o) {
                    o.values[i] = value;
                } else if (out instanceof LongColumn o) {
                    o.values[i] = (long) value;
                } else {
                    DecimalColumn o = (DecimalColumn) out;
                    o.values[i] = Decimals.fromDouble(value, o.scale);
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            super.merge(target, source);
            sums[target] += sums[source];
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(longField(prefix + "_count"), doubleField(prefix + "_sum"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveLongs(counts, groups, n, v[at]);
            saveDoubles(sums, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadLongs(counts, rows, groups, n, v[at]);
            loadDoubles(sums, rows, groups, n, v[at + 1]);
        }
    }

    /** SUM, SUM0 and AVG over decimals: exact sums of unscaled values at the input's scale. */
    static final class DecimalSum extends Counted {
        private final boolean average;
        private final boolean zeroWhenEmpty;
        private final int scale;
        long[] sums = new long[0];

        DecimalSum(boolean average, boolean zeroWhenEmpty, int scale) {
            this.average = average;
            this.zeroWhenEmpty = zeroWhenEmpty;
            this.scale = scale;
        }

        @Override
        public void init(int from, int to) {
            super.init(from, to);
            sums = grow(sums, to);
            Arrays.fill(sums, from, to, 0);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            add((DecimalColumn) arg, rows, groups, n, 1);
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            add((DecimalColumn) arg, rows, groups, n, -1);
        }

        private void add(DecimalColumn arg, int[] rows, int[] groups, int n, int sign) {
            long[] v = arg.values;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (!arg.isNull(r)) {
                    int g = groups[i];
                    long x = arg.scale == scale ? v[r] : Decimals.rescale(v[r], arg.scale, scale);
                    sums[g] = Math.addExact(sums[g], sign * x);
                    counts[g] += sign;
                }
            }
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            out.reset(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                long count = counts[g];
                if (count == 0 && !(zeroWhenEmpty && !average)) {
                    out.setNull(i);
                    continue;
                }
                long sum = sums[g];
                if (out instanceof DecimalColumn o) {
                    o.values[i] = average
                            ? Decimals.divide(sum, scale, count, 0, o.scale)
                            : Decimals.rescale(sum, scale, o.scale);
                } else if (out instanceof DoubleColumn o) {
                    o.values[i] = Decimals.toDouble(sum, scale) / (average ? count : 1);
                } else {
                    LongColumn o = (LongColumn) out;
                    o.values[i] = Decimals.rescale(sum, scale, 0) / (average ? count : 1);
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            super.merge(target, source);
            sums[target] += sums[source];
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(longField(prefix + "_count"), longField(prefix + "_sum_unscaled"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveLongs(counts, groups, n, v[at]);
            saveLongs(sums, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadLongs(counts, rows, groups, n, v[at]);
            loadLongs(sums, rows, groups, n, v[at + 1]);
        }
    }

    /** MIN/MAX over longs, decimals (same scale) and booleans (as 0/1). */
    static final class LongExtreme extends Accumulator {
        private final boolean max;
        long[] values = new long[0];
        boolean[] seen = new boolean[0];

        LongExtreme(boolean max) {
            this.max = max;
        }

        @Override
        public void init(int from, int to) {
            values = grow(values, to);
            seen = grow(seen, to);
            Arrays.fill(seen, from, to, false);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            long[] v = arg instanceof LongColumn l ? l.values : ((DecimalColumn) arg).values;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (arg.isNull(r)) {
                    continue;
                }
                int g = groups[i];
                long x = v[r];
                if (!seen[g] || (max ? x > values[g] : x < values[g])) {
                    values[g] = x;
                    seen[g] = true;
                }
            }
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            throw new UnsupportedOperationException("MIN/MAX cannot retract");
        }

        @Override
        public boolean canRetract() {
            return false;
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            out.reset(n);
            long[] o = out instanceof LongColumn l ? l.values : ((DecimalColumn) out).values;
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                if (!seen[g]) {
                    out.setNull(i);
                } else {
                    o[i] = values[g];
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            if (seen[source]
                    && (!seen[target] || (max ? values[source] > values[target] : values[source] < values[target]))) {
                values[target] = values[source];
                seen[target] = true;
            }
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(longField(prefix + "_value"), boolField(prefix + "_seen"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveLongs(values, groups, n, v[at]);
            saveBools(seen, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadLongs(values, rows, groups, n, v[at]);
            loadBools(seen, rows, groups, n, v[at + 1]);
        }
    }

    static final class DoubleExtreme extends Accumulator {
        private final boolean max;
        double[] values = new double[0];
        boolean[] seen = new boolean[0];

        DoubleExtreme(boolean max) {
            this.max = max;
        }

        @Override
        public void init(int from, int to) {
            values = grow(values, to);
            seen = grow(seen, to);
            Arrays.fill(seen, from, to, false);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            double[] v = ((DoubleColumn) arg).values;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (arg.isNull(r)) {
                    continue;
                }
                int g = groups[i];
                double x = v[r];
                if (!seen[g] || (max ? x > values[g] : x < values[g])) {
                    values[g] = x;
                    seen[g] = true;
                }
            }
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            throw new UnsupportedOperationException("MIN/MAX cannot retract");
        }

        @Override
        public boolean canRetract() {
            return false;
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            DoubleColumn o = (DoubleColumn) out;
            o.reset(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                if (!seen[g]) {
                    o.setNull(i);
                } else {
                    o.values[i] = values[g];
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            if (seen[source]
                    && (!seen[target] || (max ? values[source] > values[target] : values[source] < values[target]))) {
                values[target] = values[source];
                seen[target] = true;
            }
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(doubleField(prefix + "_value"), boolField(prefix + "_seen"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveDoubles(values, groups, n, v[at]);
            saveBools(seen, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadDoubles(values, rows, groups, n, v[at]);
            loadBools(seen, rows, groups, n, v[at + 1]);
        }
    }

    static final class BoolExtreme extends Accumulator {
        private final boolean max;
        boolean[] values = new boolean[0];
        boolean[] seen = new boolean[0];

        BoolExtreme(boolean max) {
            this.max = max;
        }

        @Override
        public void init(int from, int to) {
            values = grow(values, to);
            seen = grow(seen, to);
            Arrays.fill(seen, from, to, false);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            boolean[] v = ((BoolColumn) arg).values;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (arg.isNull(r)) {
                    continue;
                }
                int g = groups[i];
                values[g] = seen[g] ? (max ? values[g] | v[r] : values[g] & v[r]) : v[r];
                seen[g] = true;
            }
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            throw new UnsupportedOperationException("MIN/MAX cannot retract");
        }

        @Override
        public boolean canRetract() {
            return false;
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            BoolColumn o = (BoolColumn) out;
            o.reset(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                if (!seen[g]) {
                    o.setNull(i);
                } else {
                    o.values[i] = values[g];
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            if (seen[source]) {
                values[target] = seen[target]
                        ? (max ? values[target] | values[source] : values[target] & values[source])
                        : values[source];
                seen[target] = true;
            }
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(boolField(prefix + "_value"), boolField(prefix + "_seen"));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            saveBools(values, groups, n, v[at]);
            saveBools(seen, groups, n, v[at + 1]);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            loadBools(values, rows, groups, n, v[at]);
            loadBools(seen, rows, groups, n, v[at + 1]);
        }
    }

    /** MIN/MAX over strings (unsigned byte order), values kept in a byte arena compacted when half garbage. */
    static final class StringExtreme extends Accumulator {
        private final boolean max;
        private byte[] arena = new byte[256];
        private int used;
        private int live;
        int[] offsets = new int[0];
        int[] lengths = new int[0];

        StringExtreme(boolean max) {
            this.max = max;
        }

        @Override
        public void clear() {
            used = 0;
            live = 0;
        }

        @Override
        public void init(int from, int to) {
            offsets = grow(offsets, to);
            lengths = grow(lengths, to);
            Arrays.fill(lengths, from, to, -1);
        }

        @Override
        public void accumulate(Column arg, int[] rows, int[] groups, int n) {
            StringColumn s = (StringColumn) arg;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (s.isNull(r)) {
                    continue;
                }
                int g = groups[i];
                int from = s.offsets[r];
                int len = s.offsets[r + 1] - from;
                if (lengths[g] >= 0) {
                    int cmp = Arrays.compareUnsigned(
                            s.bytes, from, from + len, arena, offsets[g], offsets[g] + lengths[g]);
                    if (max ? cmp <= 0 : cmp >= 0) {
                        continue;
                    }
                }
                store(g, s.bytes, from, len);
            }
        }

        private void store(int g, byte[] b, int from, int len) {
            if (lengths[g] >= 0) {
                live -= lengths[g];
            }
            if (used + len > arena.length) {
                compact(len);
            }
            System.arraycopy(b, from, arena, used, len);
            offsets[g] = used;
            lengths[g] = len;
            used += len;
            live += len;
        }

        private void compact(int extra) {
            byte[] fresh = new byte[Math.max(256, Math.max(live + extra, 2 * live) * 2)];
            int at = 0;
            for (int g = 0; g < lengths.length; g++) {
                if (lengths[g] > 0) {
                    System.arraycopy(arena, offsets[g], fresh, at, lengths[g]);
                    offsets[g] = at;
                    at += lengths[g];
                }
            }
            arena = fresh;
            used = at;
        }

        @Override
        public void retract(Column arg, int[] rows, int[] groups, int n) {
            throw new UnsupportedOperationException("MIN/MAX cannot retract");
        }

        @Override
        public boolean canRetract() {
            return false;
        }

        @Override
        public void result(int[] groups, int n, Column out) {
            StringColumn o = (StringColumn) out;
            o.beginWrite(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                if (lengths[g] < 0) {
                    o.addNull();
                } else {
                    o.add(arena, offsets[g], lengths[g]);
                }
            }
        }

        @Override
        public void merge(int target, int source) {
            if (lengths[source] < 0) {
                return;
            }
            if (lengths[target] >= 0) {
                int cmp = Arrays.compareUnsigned(
                        arena,
                        offsets[source],
                        offsets[source] + lengths[source],
                        arena,
                        offsets[target],
                        offsets[target] + lengths[target]);
                if (max ? cmp <= 0 : cmp >= 0) {
                    return;
                }
            }
            byte[] copy = Arrays.copyOfRange(arena, offsets[source], offsets[source] + lengths[source]);
            store(target, copy, 0, copy.length);
        }

        @Override
        public List<Field> stateFields(String prefix) {
            return List.of(Field.nullable(prefix + "_value", ArrowType.Binary.INSTANCE));
        }

        @Override
        public void save(int[] groups, int n, FieldVector[] v, int at) {
            VarBinaryVector out = (VarBinaryVector) v[at];
            out.allocateNew(n);
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                if (lengths[g] < 0) {
                    out.setNull(i);
                } else {
                    out.setSafe(i, arena, offsets[g], lengths[g]);
                }
            }
            out.setValueCount(n);
        }

        @Override
        public void load(FieldVector[] v, int at, int[] rows, int[] groups, int n) {
            VarBinaryVector in = (VarBinaryVector) v[at];
            for (int i = 0; i < n; i++) {
                if (!in.isNull(rows[i])) {
                    byte[] b = in.get(rows[i]);
                    store(groups[i], b, 0, b.length);
                }
            }
        }
    }
}
