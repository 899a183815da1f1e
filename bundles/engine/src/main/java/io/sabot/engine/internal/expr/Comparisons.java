package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.plan.DataType;
import io.sabot.plan.Operator;
import java.util.Arrays;

/**
 * Comparisons: one loop computes the sign of {@code left - right} per row for the operands' representation, a
 * second maps the signs to the operator's result.
 */
final class Comparisons {

    private Comparisons() {}

    static int compareDoubles(double x, double y) {
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
    }

    /** Signs of {@code a[i] ⋚ b[i]} for rows {@code 0…n-1}; both columns of the same class (decimals: same scale). */
    static void compare(Column a, Column b, int n, int[] out) {
        if (a instanceof LongColumn x) {
            long[] l = x.values;
            long[] r = ((LongColumn) b).values;
            for (int i = 0; i < n; i++) {
                out[i] = Long.compare(l[i], r[i]);
            }
        } else if (a instanceof DecimalColumn x) {
            long[] l = x.values;
            long[] r = ((DecimalColumn) b).values;
            for (int i = 0; i < n; i++) {
                out[i] = Long.compare(l[i], r[i]);
            }
        } else if (a instanceof DoubleColumn x) {
            double[] l = x.values;
            double[] r = ((DoubleColumn) b).values;
            for (int i = 0; i < n; i++) {
                out[i] = compareDoubles(l[i], r[i]);
            }
        } else if (a instanceof StringColumn x) {
            StringColumn y = (StringColumn) b;
            byte[] lb = x.bytes;
            byte[] rb = y.bytes;
            int[] lo = x.offsets;
            int[] ro = y.offsets;
            for (int i = 0; i < n; i++) {
                out[i] = Integer.signum(Arrays.compareUnsigned(lb, lo[i], lo[i + 1], rb, ro[i], ro[i + 1]));
            }
        } else {
            boolean[] l = ((BoolColumn) a).values;
            boolean[] r = ((BoolColumn) b).values;
            for (int i = 0; i < n; i++) {
                out[i] = Boolean.compare(l[i], r[i]);
            }
        }
    }

    static final class Compare extends Evaluator {
        private final Operator op;
        private final Evaluator left;
        private final Evaluator right;
        private final BoolColumn out = new BoolColumn();
        private int[] signs = new int[0];

        Compare(DataType type, String text, Operator op, Evaluator left, Evaluator right) {
            super(type, text);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = left.evaluate(input, active);
            Column b = right.evaluate(input, active);
            int n = input.rowCount();
            if (signs.length < n) {
                signs = new int[Math.max(n, signs.length * 2)];
            }
            compare(a, b, n, signs);
            out.reset(n);
            boolean[] o = out.values;
            int[] s = signs;
            switch (op) {
                case EQUALS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] == 0;
                    }
                }
                case NOT_EQUALS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] != 0;
                    }
                }
                case LESS_THAN -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] < 0;
                    }
                }
                case LESS_THAN_OR_EQUAL -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] <= 0;
                    }
                }
                case GREATER_THAN -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] > 0;
                    }
                }
                case GREATER_THAN_OR_EQUAL -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = s[i] >= 0;
                    }
                }
                case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                    boolean distinct = op == Operator.IS_DISTINCT_FROM;
                    for (int i = 0; i < n; i++) {
                        boolean an = a.isNull(i);
                        boolean bn = b.isNull(i);
                        boolean same = an || bn ? an == bn : s[i] == 0;
                        o[i] = same != distinct;
                    }
                    return out; // never null
                }
                default -> throw new IllegalStateException(op.name());
            }
            out.copyNulls(a, b);
            return out;
        }
    }
}
