package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.Decimals;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.plan.DataType;
import io.sabot.plan.Operator;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** ABS, CEIL, FLOOR, ROUND and the double functions (POWER, SQRT, EXP, LN, LOG10). */
final class MathFunctions {

    private MathFunctions() {}

    /** ABS, CEIL and FLOOR on any numeric representation. */
    static final class Unary extends Evaluator {
        private final Operator op;
        private final Evaluator operand;
        private final Column out;

        Unary(DataType type, String text, Operator op, Evaluator operand) {
            super(type, text);
            this.op = op;
            this.operand = operand;
            this.out = Physical.newColumn(type);
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a);
            if (out instanceof LongColumn o) {
                long[] v = ((LongColumn) a).values;
                for (int i = 0; i < n; i++) {
                    o.values[i] = op == Operator.ABS ? Math.abs(v[i]) : v[i];
                }
                Arithmetic.narrow(o.values, n, type.kind());
            } else if (out instanceof DoubleColumn o) {
                double[] v = ((DoubleColumn) a).values;
                switch (op) {
                    case ABS -> {
                        for (int i = 0; i < n; i++) {
                            o.values[i] = Math.abs(v[i]);
                        }
                    }
                    case CEIL -> {
                        for (int i = 0; i < n; i++) {
                            o.values[i] = Math.ceil(v[i]);
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++) {
                            o.values[i] = Math.floor(v[i]);
                        }
                    }
                }
            } else {
                DecimalColumn o = (DecimalColumn) out;
                DecimalColumn d = (DecimalColumn) a;
                long p = Decimals.pow10(d.scale);
                for (int i = 0; i < n; i++) {
                    long v = d.values[i];
                    long r =
                            switch (op) {
                                case ABS -> Decimals.rescale(Math.abs(v), d.scale, o.scale);
                                case CEIL -> Decimals.rescale(-Math.floorDiv(-v, p), 0, o.scale);
                                default -> Decimals.rescale(Math.floorDiv(v, p), 0, o.scale);
                            };
                    o.values[i] = r;
                }
            }
            return out;
        }
    }

    /** {@code ROUND(x [, digits])}, half away from zero. */
    static final class Round extends Evaluator {
        private final Evaluator operand;
        private final Evaluator digits;
        private final Column out;

        Round(DataType type, String text, Evaluator operand, Evaluator digits) {
            super(type, text);
            this.operand = operand;
            this.digits = digits;
            this.out = Physical.newColumn(type);
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            LongColumn d = digits == null ? null : (LongColumn) digits.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            if (d == null) {
                out.copyNulls(a);
            } else {
                out.copyNulls(a, d);
            }
            for (int i = 0; i < n; i++) {
                int places = d == null ? 0 : (int) d.values[i];
                if (out.isNull(i)) {
                    continue;
                }
                if (out instanceof LongColumn o) {
                    long v = ((LongColumn) a).values[i];
                    o.values[i] = places >= 0 ? v : Decimals.rescale(v, -places, 0) * Decimals.pow10(-places);
                } else if (out instanceof DoubleColumn o) {
                    double v = ((DoubleColumn) a).values[i];
                    o.values[i] = Double.isFinite(v)
                            ? BigDecimal.valueOf(v)
                                    .setScale(places, RoundingMode.HALF_UP)
                                    .doubleValue()
                            : v;
                } else {
                    DecimalColumn o = (DecimalColumn) out;
                    DecimalColumn x = (DecimalColumn) a;
                    int keep = Math.min(places, x.scale);
                    long rounded = keep >= 0
                            ? Decimals.rescale(x.values[i], x.scale, keep)
                            : Decimals.rescale(x.values[i], x.scale - keep, 0) * Decimals.pow10(-keep);
                    o.values[i] = Decimals.rescale(rounded, Math.max(keep, 0), o.scale);
                }
            }
            if (out instanceof LongColumn o) {
                Arithmetic.narrow(o.values, n, type.kind());
            }
            return out;
        }
    }

    /** Functions of doubles. */
    static final class DoubleFunction extends Evaluator {
        private final Operator op;
        private final Evaluator left;
        private final Evaluator right;
        private final DoubleColumn out = new DoubleColumn();

        DoubleFunction(DataType type, String text, Operator op, Evaluator left, Evaluator right) {
            super(type, text);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            DoubleColumn a = (DoubleColumn) left.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            double[] x = a.values;
            double[] o = out.values;
            switch (op) {
                case POWER -> {
                    DoubleColumn b = (DoubleColumn) right.evaluate(input, active);
                    double[] y = b.values;
                    for (int i = 0; i < n; i++) {
                        o[i] = Math.pow(x[i], y[i]);
                    }
                    out.copyNulls(a, b);
                    return out;
                }
                case SQRT -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = Math.sqrt(x[i]);
                    }
                }
                case EXP -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = Math.exp(x[i]);
                    }
                }
                case LN -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = Math.log(x[i]);
                    }
                }
                case LOG10 -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = Math.log10(x[i]);
                    }
                }
                default -> throw new IllegalStateException(op.name());
            }
            out.copyNulls(a);
            return out;
        }
    }
}
