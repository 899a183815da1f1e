package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.Decimals;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.plan.DataType;
import io.sabot.plan.Operator;
import io.sabot.plan.TypeKind;

/** +, -, *, /, MOD and unary minus, one loop per operator and representation. */
final class Arithmetic {

    private Arithmetic() {}

    /** Wraps integer results to the width of their SQL type, as Java's int arithmetic does. */
    static void narrow(long[] v, int n, TypeKind kind) {
        switch (kind) {
            case TINYINT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (byte) v[i];
                }
            }
            case SMALLINT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (short) v[i];
                }
            }
            case INTEGER, INTERVAL_YEAR_MONTH, DATE, TIME -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (int) v[i];
                }
            }
            default -> {}
        }
    }

    /** Rounds results to float precision for FLOAT. */
    static void narrow(double[] v, int n, TypeKind kind) {
        if (kind == TypeKind.FLOAT) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) v[i];
            }
        }
    }

    static final class LongBinary extends Evaluator {
        private final Operator op;
        private final Evaluator left;
        private final Evaluator right;
        private final LongColumn out = new LongColumn();

        LongBinary(DataType type, String text, Operator op, Evaluator left, Evaluator right) {
            super(type, text);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn a = (LongColumn) left.evaluate(input, active);
            LongColumn b = (LongColumn) right.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, b);
            long[] x = a.values;
            long[] y = b.values;
            long[] o = out.values;
            switch (op) {
                case PLUS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] + y[i];
                    }
                }
                case MINUS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] - y[i];
                    }
                }
                case MULTIPLY -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] * y[i];
                    }
                }
                case DIVIDE, MOD -> {
                    boolean divide = op == Operator.DIVIDE;
                    for (int i = 0; i < n; i++) {
                        long d = y[i];
                        if (d == 0) {
                            if (on(active, i) && !out.isNull(i)) {
                                throw error("division by zero", i);
                            }
                            o[i] = 0;
                        } else {
                            o[i] = divide ? x[i] / d : x[i] % d;
                        }
                    }
                }
                default -> throw new IllegalStateException(op.name());
            }
            narrow(o, n, type.kind());
            return out;
        }
    }

    static final class DoubleBinary extends Evaluator {
        private final Operator op;
        private final Evaluator left;
        private final Evaluator right;
        private final DoubleColumn out = new DoubleColumn();

        DoubleBinary(DataType type, String text, Operator op, Evaluator left, Evaluator right) {
            super(type, text);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            DoubleColumn a = (DoubleColumn) left.evaluate(input, active);
            DoubleColumn b = (DoubleColumn) right.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, b);
            double[] x = a.values;
            double[] y = b.values;
            double[] o = out.values;
            switch (op) {
                case PLUS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] + y[i];
                    }
                }
                case MINUS -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] - y[i];
                    }
                }
                case MULTIPLY -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] * y[i];
                    }
                }
                case DIVIDE -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] / y[i];
                    }
                }
                case MOD -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] % y[i];
                    }
                }
                default -> throw new IllegalStateException(op.name());
            }
            narrow(o, n, type.kind());
            return out;
        }
    }

    /** Decimal arithmetic at the result's scale; a result beyond the result's precision is NULL (as in Flink). */
    static final class DecimalBinary extends Evaluator {
        private final Operator op;
        private final Evaluator left;
        private final Evaluator right;
        private final DecimalColumn out;

        DecimalBinary(DataType type, String text, Operator op, Evaluator left, Evaluator right) {
            super(type, text);
            this.op = op;
            this.left = left;
            this.right = right;
            this.out = new DecimalColumn(type.scale());
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            DecimalColumn a = (DecimalColumn) left.evaluate(input, active);
            DecimalColumn b = (DecimalColumn) right.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, b);
            long[] x = a.values;
            long[] y = b.values;
            long[] o = out.values;
            int s1 = a.scale;
            int s2 = b.scale;
            int s = out.scale;
            int at = 0; // the row an ArithmeticException is about
            try {
                switch (op) {
                    case PLUS, MINUS -> {
                        boolean minus = op == Operator.MINUS;
                        for (at = 0; at < n; at++) {
                            int i = at;
                            if (!out.isNull(i) && on(active, i)) {
                                long l = Decimals.rescale(x[i], s1, s);
                                long r = Decimals.rescale(y[i], s2, s);
                                o[i] = minus ? Math.subtractExact(l, r) : Math.addExact(l, r);
                            }
                        }
                    }
                    case MULTIPLY -> {
                        for (at = 0; at < n; at++) {
                            int i = at;
                            if (!out.isNull(i) && on(active, i)) {
                                o[i] = Decimals.multiply(x[i], s1, y[i], s2, s);
                            }
                        }
                    }
                    case DIVIDE, MOD -> {
                        for (at = 0; at < n; at++) {
                            int i = at;
                            if (out.isNull(i) || !on(active, i)) {
                                continue;
                            }
                            if (y[i] == 0) {
                                throw error("division by zero", i);
                            }
                            if (op == Operator.DIVIDE) {
                                o[i] = Decimals.divide(x[i], s1, y[i], s2, s);
                            } else {
                                int common = Math.max(s1, s2);
                                long l = Decimals.rescale(x[i], s1, common);
                                long r = Decimals.rescale(y[i], s2, common);
                                o[i] = Decimals.rescale(l % r, common, s);
                            }
                        }
                    }
                    default -> throw new IllegalStateException(op.name());
                }
            } catch (ExpressionException e) {
                throw e;
            } catch (ArithmeticException e) {
                throw error(e.getMessage(), at);
            }
            int precision = type.precision();
            for (int i = 0; i < n; i++) {
                if (!Decimals.fits(o[i], precision) && !out.isNull(i)) {
                    out.setNull(i);
                }
            }
            return out;
        }
    }

    static final class Negate extends Evaluator {
        private final Evaluator operand;
        private final Column out;

        Negate(DataType type, String text, Evaluator operand) {
            super(type, text);
            this.operand = operand;
            this.out = io.sabot.engine.internal.column.Physical.newColumn(type);
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a);
            if (out instanceof LongColumn o) {
                long[] x = ((LongColumn) a).values;
                for (int i = 0; i < n; i++) {
                    o.values[i] = -x[i];
                }
                narrow(o.values, n, type.kind());
            } else if (out instanceof DoubleColumn o) {
                double[] x = ((DoubleColumn) a).values;
                for (int i = 0; i < n; i++) {
                    o.values[i] = -x[i];
                }
            } else {
                DecimalColumn o = (DecimalColumn) out;
                DecimalColumn d = (DecimalColumn) a;
                for (int i = 0; i < n; i++) {
                    o.values[i] = -Decimals.rescale(d.values[i], d.scale, o.scale);
                }
            }
            return out;
        }
    }

    /** {@code DATETIME_PLUS/MINUS(datetime, interval)}: milliseconds or months onto dates, times and timestamps. */
    static final class DateTimePlus extends Evaluator {
        private final Evaluator datetime;
        private final Evaluator interval;
        private final TypeKind datetimeKind;
        private final boolean months;
        private final int sign;
        private final LongColumn out = new LongColumn();

        DateTimePlus(DataType type, String text, Evaluator datetime, Evaluator interval, boolean minus) {
            super(type, text);
            this.datetime = datetime;
            this.interval = interval;
            this.datetimeKind = datetime.type().kind();
            this.months = interval.type().kind() == TypeKind.INTERVAL_YEAR_MONTH;
            this.sign = minus ? -1 : 1;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn a = (LongColumn) datetime.evaluate(input, active);
            LongColumn b = (LongColumn) interval.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, b);
            long[] x = a.values;
            long[] y = b.values;
            long[] o = out.values;
            TypeKind result = type.kind();
            switch (datetimeKind) {
                case TIMESTAMP, TIMESTAMP_LTZ -> {
                    if (months) {
                        for (int i = 0; i < n; i++) {
                            o[i] = DateTimes.addMonthsToMillis(x[i], sign * y[i]);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            o[i] = x[i] + sign * y[i];
                        }
                    }
                }
                case DATE -> {
                    boolean toTimestamp = result == TypeKind.TIMESTAMP || result == TypeKind.TIMESTAMP_LTZ;
                    for (int i = 0; i < n; i++) {
                        long days = months ? DateTimes.addMonthsToDays(x[i], sign * y[i]) : x[i];
                        long millis = months ? 0 : sign * y[i];
                        o[i] = toTimestamp
                                ? days * DateTimes.MILLIS_PER_DAY + millis
                                : days + Math.floorDiv(millis, DateTimes.MILLIS_PER_DAY);
                    }
                }
                case TIME -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = months ? x[i] : Math.floorMod(x[i] + sign * y[i], DateTimes.MILLIS_PER_DAY);
                    }
                }
                default -> {
                    // interval +/- interval
                    for (int i = 0; i < n; i++) {
                        o[i] = x[i] + sign * y[i];
                    }
                }
            }
            return out;
        }
    }
}
