package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.engine.internal.expr.DateTimes.Unit;
import io.sabot.plan.DataType;
import io.sabot.plan.TypeKind;

/** EXTRACT, FLOOR/CEIL to a unit, DATE_FORMAT, TIMESTAMPADD, TIMESTAMPDIFF and the current time. */
final class DateTimeFunctions {

    private DateTimeFunctions() {}

    /** Epoch milliseconds of a date/time value of {@code kind} (dates at midnight, times on day 0). */
    static long toMillis(TypeKind kind, long value) {
        return kind == TypeKind.DATE ? value * DateTimes.MILLIS_PER_DAY : value;
    }

    static long fromMillis(TypeKind kind, long millis) {
        return switch (kind) {
            case DATE -> Math.floorDiv(millis, DateTimes.MILLIS_PER_DAY);
            case TIME -> Math.floorMod(millis, DateTimes.MILLIS_PER_DAY);
            default -> millis;
        };
    }

    static final class Extract extends Evaluator {
        private final Unit unit;
        private final Evaluator operand;
        private final TypeKind kind;
        private final LongColumn out = new LongColumn();

        Extract(DataType type, String text, Unit unit, Evaluator operand) {
            super(type, text);
            this.unit = unit;
            this.operand = operand;
            this.kind = operand.type().kind();
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn a = (LongColumn) operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a);
            long[] v = a.values;
            long[] o = out.values;
            if (kind == TypeKind.INTERVAL_DAY_TIME) {
                for (int i = 0; i < n; i++) {
                    long ms = v[i];
                    o[i] = switch (unit) {
                        case DAY -> ms / DateTimes.MILLIS_PER_DAY;
                        case HOUR -> ms / 3_600_000L % 24;
                        case MINUTE -> ms / 60_000L % 60;
                        case SECOND -> ms / 1000 % 60;
                        case MILLISECOND -> ms % 60_000L;
                        default -> ms;
                    };
                }
            } else if (kind == TypeKind.INTERVAL_YEAR_MONTH) {
                for (int i = 0; i < n; i++) {
                    o[i] = unit == Unit.YEAR ? v[i] / 12 : unit == Unit.MONTH ? v[i] % 12 : v[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    o[i] = DateTimes.extract(unit, toMillis(kind, v[i]));
                }
            }
            Arithmetic.narrow(o, n, type.kind());
            return out;
        }
    }

    static final class FloorCeil extends Evaluator {
        private final Unit unit;
        private final Evaluator operand;
        private final boolean ceil;
        private final TypeKind kind;
        private final LongColumn out = new LongColumn();

        FloorCeil(DataType type, String text, Unit unit, Evaluator operand, boolean ceil) {
            super(type, text);
            this.unit = unit;
            this.operand = operand;
            this.ceil = ceil;
            this.kind = operand.type().kind();
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn a = (LongColumn) operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a);
            long[] v = a.values;
            long[] o = out.values;
            for (int i = 0; i < n; i++) {
                long ms = toMillis(kind, v[i]);
                o[i] = fromMillis(kind, ceil ? DateTimes.ceil(unit, ms) : DateTimes.floor(unit, ms));
            }
            return out;
        }
    }

    static final class DateFormat extends Evaluator {
        private final Evaluator operand;
        private final DateFormatter formatter;
        private final TypeKind kind;
        private final StringColumn out = new StringColumn();

        DateFormat(DataType type, String text, Evaluator operand, String pattern) {
            super(type, text);
            this.operand = operand;
            this.formatter = new DateFormatter(pattern);
            this.kind = operand.type().kind();
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (a.isNull(i)) {
                    out.addNull();
                    continue;
                }
                long millis;
                if (a instanceof StringColumn s) {
                    millis = DateTimes.parseTimestamp(s.bytes, s.offsets[i], s.offsets[i + 1]);
                    if (millis == DateTimes.INVALID) {
                        out.addNull();
                        continue;
                    }
                } else {
                    millis = toMillis(kind, ((LongColumn) a).values[i]);
                }
                formatter.append(out, millis);
                out.endRow();
            }
            return out;
        }
    }

    /** {@code TIMESTAMPADD(unit, count, datetime)}. */
    static final class TimestampAdd extends Evaluator {
        private final Unit unit;
        private final Evaluator count;
        private final Evaluator datetime;
        private final TypeKind kind;
        private final LongColumn out = new LongColumn();

        TimestampAdd(DataType type, String text, Unit unit, Evaluator count, Evaluator datetime) {
            super(type, text);
            this.unit = unit;
            this.count = count;
            this.datetime = datetime;
            this.kind = datetime.type().kind();
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn c = (LongColumn) count.evaluate(input, active);
            LongColumn d = (LongColumn) datetime.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(c, d);
            TypeKind result = type.kind();
            for (int i = 0; i < n; i++) {
                long ms = DateTimes.add(unit, c.values[i], toMillis(kind, d.values[i]));
                out.values[i] = fromMillis(result, ms);
            }
            return out;
        }
    }

    /** {@code TIMESTAMPDIFF(unit, from, to)}: whole units from {@code from} to {@code to}. */
    static final class TimestampDiff extends Evaluator {
        private final Unit unit;
        private final Evaluator from;
        private final Evaluator to;
        private final LongColumn out = new LongColumn();

        TimestampDiff(DataType type, String text, Unit unit, Evaluator from, Evaluator to) {
            super(type, text);
            this.unit = unit;
            this.from = from;
            this.to = to;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            LongColumn a = (LongColumn) from.evaluate(input, active);
            LongColumn b = (LongColumn) to.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, b);
            TypeKind ka = from.type().kind();
            TypeKind kb = to.type().kind();
            for (int i = 0; i < n; i++) {
                out.values[i] = DateTimes.diff(unit, toMillis(ka, a.values[i]), toMillis(kb, b.values[i]));
            }
            Arithmetic.narrow(out.values, n, type.kind());
            return out;
        }
    }

    /** PROCTIME() and CURRENT_TIMESTAMP: the wall clock, read once per batch. */
    static final class Now extends Evaluator {
        private final LongColumn out = new LongColumn();

        Now(DataType type, String text) {
            super(type, text);
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            int n = input.rowCount();
            out.reset(n);
            java.util.Arrays.fill(out.values, 0, n, System.currentTimeMillis());
            return out;
        }
    }
}
