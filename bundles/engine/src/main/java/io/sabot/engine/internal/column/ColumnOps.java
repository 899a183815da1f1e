package io.sabot.engine.internal.column;

import java.util.Arrays;

/** Bulk operations between working columns, one type-specialised loop each. */
public final class ColumnOps {

    private ColumnOps() {}

    /**
     * Row {@code row} of a working column as a Java value in the plan's literal representation, as {@link
     * ArrowColumns#value} reads it from a vector (messages and dead letters, never the data path).
     */
    public static Object value(Column column, io.sabot.plan.TypeKind kind, int row) {
        if (column.isNull(row)) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN -> ((BoolColumn) column).values[row];
            case INTERVAL_YEAR_MONTH, DATE, TIME -> (int) ((LongColumn) column).values[row];
            case FLOAT, DOUBLE -> ((DoubleColumn) column).values[row];
            case DECIMAL -> Decimals.toBigDecimal(((DecimalColumn) column).values[row], ((DecimalColumn) column).scale);
            case VARCHAR -> ((StringColumn) column).toString(row);
            case NULL -> null;
            default -> ((LongColumn) column).values[row];
        };
    }

    /**
     * {@code out[i] = (which[i] == 0 ? a : b)[index[i]]} for {@code i < n}; {@code a}, {@code b} and {@code out} of
     * the same class. With {@code which} null every row comes from {@code a}.
     */
    public static void interleave(Column a, Column b, int[] which, int[] index, int n, Column out) {
        if (b == null) {
            b = a;
        }
        if (out instanceof StringColumn o) {
            o.beginWrite(n);
            for (int i = 0; i < n; i++) {
                StringColumn s = (StringColumn) (which == null || which[i] == 0 ? a : b);
                int r = index[i];
                if (s.isNull(r)) {
                    o.addNull();
                } else {
                    o.add(s.bytes, s.offsets[r], s.offsets[r + 1] - s.offsets[r]);
                }
            }
            return;
        }
        out.reset(n);
        if (out instanceof LongColumn o) {
            long[] x = ((LongColumn) a).values;
            long[] y = ((LongColumn) b).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = (which == null || which[i] == 0 ? x : y)[index[i]];
            }
        } else if (out instanceof DoubleColumn o) {
            double[] x = ((DoubleColumn) a).values;
            double[] y = ((DoubleColumn) b).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = (which == null || which[i] == 0 ? x : y)[index[i]];
            }
        } else if (out instanceof DecimalColumn o) {
            long[] x = ((DecimalColumn) a).values;
            long[] y = ((DecimalColumn) b).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = (which == null || which[i] == 0 ? x : y)[index[i]];
            }
        } else {
            BoolColumn o = (BoolColumn) out;
            boolean[] x = ((BoolColumn) a).values;
            boolean[] y = ((BoolColumn) b).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = (which == null || which[i] == 0 ? x : y)[index[i]];
            }
        }
        if (a.hasNulls() || b.hasNulls()) {
            boolean[] nulls = out.nullsForWrite();
            for (int i = 0; i < n; i++) {
                nulls[i] = (which == null || which[i] == 0 ? a : b).isNull(index[i]);
            }
        }
    }

    /** {@code out[i] = source[index[i]]}. */
    public static void gather(Column source, int[] index, int n, Column out) {
        interleave(source, source, null, index, n, out);
    }

    /** Sets {@code different[i]} where rows {@code i} of {@code a} and {@code b} differ (NULL equals NULL). */
    public static void markDifferent(Column a, Column b, int n, boolean[] different) {
        if (a instanceof LongColumn x) {
            long[] u = x.values;
            long[] v = ((LongColumn) b).values;
            for (int i = 0; i < n; i++) {
                boolean an = a.isNull(i);
                different[i] |= an != b.isNull(i) || (!an && u[i] != v[i]);
            }
        } else if (a instanceof DecimalColumn x) {
            long[] u = x.values;
            long[] v = ((DecimalColumn) b).values;
            for (int i = 0; i < n; i++) {
                boolean an = a.isNull(i);
                different[i] |= an != b.isNull(i) || (!an && u[i] != v[i]);
            }
        } else if (a instanceof DoubleColumn x) {
            double[] u = x.values;
            double[] v = ((DoubleColumn) b).values;
            for (int i = 0; i < n; i++) {
                boolean an = a.isNull(i);
                different[i] |=
                        an != b.isNull(i) || (!an && Double.doubleToLongBits(u[i]) != Double.doubleToLongBits(v[i]));
            }
        } else if (a instanceof BoolColumn x) {
            boolean[] u = x.values;
            boolean[] v = ((BoolColumn) b).values;
            for (int i = 0; i < n; i++) {
                boolean an = a.isNull(i);
                different[i] |= an != b.isNull(i) || (!an && u[i] != v[i]);
            }
        } else {
            StringColumn x = (StringColumn) a;
            StringColumn y = (StringColumn) b;
            for (int i = 0; i < n; i++) {
                boolean an = a.isNull(i);
                different[i] |= an != b.isNull(i)
                        || (!an
                                && !Arrays.equals(
                                        x.bytes,
                                        x.offsets[i],
                                        x.offsets[i + 1],
                                        y.bytes,
                                        y.offsets[i],
                                        y.offsets[i + 1]));
            }
        }
    }

    /** {@code out[i] = source[index[i]]}, NULL where {@code index[i] < 0} (the padding of outer joins). */
    public static void gatherOrNull(Column source, int[] index, int n, Column out) {
        if (out instanceof StringColumn o) {
            StringColumn s = (StringColumn) source;
            o.beginWrite(n);
            for (int i = 0; i < n; i++) {
                int r = index[i];
                if (r < 0 || s.isNull(r)) {
                    o.addNull();
                } else {
                    o.add(s.bytes, s.offsets[r], s.offsets[r + 1] - s.offsets[r]);
                }
            }
            return;
        }
        out.reset(n);
        if (out instanceof LongColumn o) {
            long[] x = ((LongColumn) source).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = index[i] < 0 ? 0 : x[index[i]];
            }
        } else if (out instanceof DoubleColumn o) {
            double[] x = ((DoubleColumn) source).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = index[i] < 0 ? 0 : x[index[i]];
            }
        } else if (out instanceof DecimalColumn o) {
            long[] x = ((DecimalColumn) source).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = index[i] < 0 ? 0 : x[index[i]];
            }
        } else {
            BoolColumn o = (BoolColumn) out;
            boolean[] x = ((BoolColumn) source).values;
            for (int i = 0; i < n; i++) {
                o.values[i] = index[i] >= 0 && x[index[i]];
            }
        }
        boolean anyNull = source.hasNulls();
        for (int i = 0; i < n && !anyNull; i++) {
            anyNull = index[i] < 0;
        }
        if (anyNull) {
            boolean[] nulls = out.nullsForWrite();
            for (int i = 0; i < n; i++) {
                nulls[i] = index[i] < 0 || source.isNull(index[i]);
            }
        }
    }

    /** Whether row {@code i} of {@code a} equals row {@code j} of {@code b} (same class; NULL equals NULL). */
    public static boolean rowEquals(Column a, int i, Column b, int j) {
        boolean an = a.isNull(i);
        if (an || b.isNull(j)) {
            return an == b.isNull(j);
        }
        if (a instanceof LongColumn x) {
            return x.values[i] == ((LongColumn) b).values[j];
        }
        if (a instanceof DecimalColumn x) {
            return x.values[i] == ((DecimalColumn) b).values[j];
        }
        if (a instanceof DoubleColumn x) {
            return Double.compare(x.values[i], ((DoubleColumn) b).values[j]) == 0;
        }
        if (a instanceof BoolColumn x) {
            return x.values[i] == ((BoolColumn) b).values[j];
        }
        StringColumn x = (StringColumn) a;
        StringColumn y = (StringColumn) b;
        return Arrays.equals(x.bytes, x.offsets[i], x.offsets[i + 1], y.bytes, y.offsets[j], y.offsets[j + 1]);
    }
}
