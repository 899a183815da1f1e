package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.Decimals;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.plan.DataType;
import io.sabot.plan.TypeKind;
import java.nio.charset.StandardCharsets;

/**
 * CAST and TRY_CAST between every pair of supported types. A value that does not convert fails CAST with a message
 * naming the value, both types and the expression; TRY_CAST gives NULL instead.
 */
final class Casts {

    private Casts() {}

    /** Whether the engine can cast {@code from} to {@code to}. */
    static boolean supported(TypeKind from, TypeKind to) {
        if (from == to || from == TypeKind.NULL || from == TypeKind.VARCHAR || to == TypeKind.VARCHAR) {
            return true;
        }
        boolean fromNumber = from.isNumeric() || from == TypeKind.BOOLEAN;
        boolean toNumber = to.isNumeric() || to == TypeKind.BOOLEAN;
        if (fromNumber && toNumber) {
            return true;
        }
        if (from.isDateTime() || from == TypeKind.TIME) {
            return to.isDateTime() || (to == TypeKind.TIME && from != TypeKind.DATE);
        }
        boolean fromInterval = from == TypeKind.INTERVAL_DAY_TIME || from == TypeKind.INTERVAL_YEAR_MONTH;
        return fromInterval && (to.isIntegral() || to == from);
    }

    static final class Cast extends Evaluator {
        private final Evaluator operand;
        private final TypeKind from;
        private final TypeKind to;
        private final boolean orNull;
        private final Column out;
        private final NumberParser parser = new NumberParser();

        Cast(DataType type, String text, Evaluator operand, boolean orNull) {
            super(type, text);
            this.operand = operand;
            this.from = operand.type().kind();
            this.to = type.kind();
            this.orNull = orNull;
            this.out = Physical.newColumn(type);
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            int n = input.rowCount();
            if (from == TypeKind.NULL) {
                if (out instanceof StringColumn s) {
                    s.beginWrite(n);
                    for (int i = 0; i < n; i++) {
                        s.addNull();
                    }
                } else {
                    out.reset(n);
                    java.util.Arrays.fill(out.nullsForWrite(), 0, n, true);
                }
                return out;
            }
            if (to == TypeKind.VARCHAR) {
                toString(a, (StringColumn) out, n);
                return out;
            }
            out.reset(n);
            out.copyNulls(a);
            switch (Physical.of(to)) {
                case LONG -> toLong(a, (LongColumn) out, n, active);
                case DOUBLE -> toDouble(a, (DoubleColumn) out, n, active);
                case DECIMAL -> toDecimal(a, (DecimalColumn) out, n, active);
                case BOOL -> toBool(a, (BoolColumn) out, n, active);
                default -> throw new IllegalStateException();
            }
            return out;
        }

        private void fail(Column a, int i, boolean[] active) {
            if (orNull || !on(active, i)) {
                out.setNull(i);
                return;
            }
            throw error("cannot cast " + describe(a, i) + " of type " + operand.type() + " to " + type, i);
        }

        private String describe(Column a, int i) {
            if (a instanceof StringColumn s) {
                return "'" + s.toString(i) + "'";
            }
            if (a instanceof LongColumn l) {
                return Long.toString(l.values[i]);
            }
            if (a instanceof DoubleColumn d) {
                return Double.toString(d.values[i]);
            }
            if (a instanceof DecimalColumn d) {
                return Decimals.toBigDecimal(d.values[i], d.scale).toPlainString();
            }
            return Boolean.toString(((BoolColumn) a).values[i]).toUpperCase(java.util.Locale.ROOT);
        }

        private void toLong(Column a, LongColumn o, int n, boolean[] active) {
            long[] r = o.values;
            if (a instanceof LongColumn l) {
                long[] v = l.values;
                switch (from) {
                    case DATE -> {
                        for (int i = 0; i < n; i++) {
                            r[i] = v[i] * DateTimes.MILLIS_PER_DAY; // DATE -> TIMESTAMP
                        }
                    }
                    case TIMESTAMP, TIMESTAMP_LTZ -> {
                        for (int i = 0; i < n; i++) {
                            r[i] = to == TypeKind.DATE
                                    ? Math.floorDiv(v[i], DateTimes.MILLIS_PER_DAY)
                                    : to == TypeKind.TIME ? Math.floorMod(v[i], DateTimes.MILLIS_PER_DAY) : v[i];
                        }
                    }
                    default -> System.arraycopy(v, 0, r, 0, n);
                }
                if (from.isIntegral() && to.isIntegral()) {
                    checkRange(l, o, n, active);
                }
            } else if (a instanceof DoubleColumn d) {
                double[] v = d.values;
                for (int i = 0; i < n; i++) {
                    double x = v[i];
                    if ((Double.isNaN(x) || x >= 0x1p63 || x < -0x1p63) && !o.isNull(i)) {
                        fail(a, i, active);
                    }
                    r[i] = (long) x;
                }
                checkRange(o, o, n, active);
            } else if (a instanceof DecimalColumn d) {
                long p = Decimals.pow10(d.scale);
                for (int i = 0; i < n; i++) {
                    r[i] = d.values[i] / p;
                }
                checkRange(o, o, n, active);
            } else if (a instanceof BoolColumn b) {
                for (int i = 0; i < n; i++) {
                    r[i] = b.values[i] ? 1 : 0;
                }
            } else {
                StringColumn s = (StringColumn) a;
                for (int i = 0; i < n; i++) {
                    if (o.isNull(i)) {
                        continue;
                    }
                    long v = parseLong(s, i);
                    if (v == DateTimes.INVALID) {
                        fail(a, i, active);
                    } else {
                        r[i] = v;
                    }
                }
            }
        }

        /** Integers that do not fit the target width fail (CAST) or become NULL (TRY_CAST). */
        private void checkRange(LongColumn source, LongColumn o, int n, boolean[] active) {
            long min;
            long max;
            switch (to) {
                case TINYINT -> {
                    min = Byte.MIN_VALUE;
                    max = Byte.MAX_VALUE;
                }
                case SMALLINT -> {
                    min = Short.MIN_VALUE;
                    max = Short.MAX_VALUE;
                }
                case INTEGER -> {
                    min = Integer.MIN_VALUE;
                    max = Integer.MAX_VALUE;
                }
                default -> {
                    return;
                }
            }
            long[] r = o.values;
            for (int i = 0; i < n; i++) {
                if ((r[i] < min || r[i] > max) && !o.isNull(i)) {
                    if (orNull || !on(active, i)) {
                        o.setNull(i);
                    } else {
                        throw error(
                                "cannot cast " + r[i] + " of type " + operand.type() + " to " + type + ": out of range",
                                i);
                    }
                }
            }
        }

        private long parseLong(StringColumn s, int i) {
            byte[] b = s.bytes;
            int from = s.offsets[i];
            int end = s.offsets[i + 1];
            return switch (to) {
                case DATE -> DateTimes.parseDate(b, from, end);
                case TIME -> DateTimes.parseTime(b, from, end);
                case TIMESTAMP, TIMESTAMP_LTZ -> DateTimes.parseTimestamp(b, from, end);
                default -> {
                    if (!parser.parse(b, from, end, 0, true)) {
                        yield DateTimes.INVALID;
                    }
                    yield parser.unscaled;
                }
            };
        }

        private void toDouble(Column a, DoubleColumn o, int n, boolean[] active) {
            double[] r = o.values;
            if (a instanceof LongColumn l) {
                for (int i = 0; i < n; i++) {
                    r[i] = l.values[i];
                }
            } else if (a instanceof DoubleColumn d) {
                System.arraycopy(d.values, 0, r, 0, n);
            } else if (a instanceof DecimalColumn d) {
                for (int i = 0; i < n; i++) {
                    r[i] = Decimals.toDouble(d.values[i], d.scale);
                }
            } else if (a instanceof BoolColumn b) {
                for (int i = 0; i < n; i++) {
                    r[i] = b.values[i] ? 1 : 0;
                }
            } else {
                StringColumn s = (StringColumn) a;
                for (int i = 0; i < n; i++) {
                    if (o.isNull(i)) {
                        continue;
                    }
                    try {
                        r[i] = Double.parseDouble(s.toString(i).trim());
                    } catch (NumberFormatException e) {
                        fail(a, i, active);
                    }
                }
            }
            Arithmetic.narrow(r, n, to);
        }

        private void toDecimal(Column a, DecimalColumn o, int n, boolean[] active) {
            long[] r = o.values;
            int scale = o.scale;
            int precision = type.precision();
            for (int i = 0; i < n; i++) {
                if (o.isNull(i)) {
                    continue;
                }
                try {
                    if (a instanceof LongColumn l) {
                        r[i] = Decimals.rescale(l.values[i], 0, scale);
                    } else if (a instanceof DoubleColumn d) {
                        r[i] = Decimals.fromDouble(d.values[i], scale);
                    } else if (a instanceof DecimalColumn d) {
                        r[i] = Decimals.rescale(d.values[i], d.scale, scale);
                    } else if (a instanceof BoolColumn b) {
                        r[i] = Decimals.rescale(b.values[i] ? 1 : 0, 0, scale);
                    } else {
                        StringColumn s = (StringColumn) a;
                        if (!parser.parse(s.bytes, s.offsets[i], s.offsets[i + 1], scale, false)) {
                            fail(a, i, active);
                            continue;
                        }
                        r[i] = parser.unscaled;
                    }
                } catch (ArithmeticException e) {
                    fail(a, i, active);
                    continue;
                }
                if (!Decimals.fits(r[i], precision)) {
                    fail(a, i, active);
                }
            }
        }

        private void toBool(Column a, BoolColumn o, int n, boolean[] active) {
            boolean[] r = o.values;
            if (a instanceof LongColumn l) {
                for (int i = 0; i < n; i++) {
                    r[i] = l.values[i] != 0;
                }
            } else if (a instanceof DoubleColumn d) {
                for (int i = 0; i < n; i++) {
                    r[i] = d.values[i] != 0;
                }
            } else if (a instanceof DecimalColumn d) {
                for (int i = 0; i < n; i++) {
                    r[i] = d.values[i] != 0;
                }
            } else if (a instanceof BoolColumn b) {
                System.arraycopy(b.values, 0, r, 0, n);
            } else {
                StringColumn s = (StringColumn) a;
                for (int i = 0; i < n; i++) {
                    if (o.isNull(i)) {
                        continue;
                    }
                    String t = s.toString(i).trim().toLowerCase(java.util.Locale.ROOT);
                    switch (t) {
                        case "true", "t", "1", "yes", "y" -> r[i] = true;
                        case "false", "f", "0", "no", "n" -> r[i] = false;
                        default -> fail(a, i, active);
                    }
                }
            }
        }

        private void toString(Column a, StringColumn o, int n) {
            int maxLength = type.precision() > 0 && type.precision() < DataType.MAX_LENGTH ? type.precision() : -1;
            o.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (a.isNull(i)) {
                    o.addNull();
                    continue;
                }
                if (a instanceof StringColumn s) {
                    int len = s.length(i);
                    if (maxLength >= 0) {
                        len = Strings.prefixBytes(s.bytes, s.offsets[i], len, maxLength);
                    }
                    o.add(s.bytes, s.offsets[i], len);
                    continue;
                }
                if (a instanceof LongColumn l) {
                    long v = l.values[i];
                    switch (from) {
                        case DATE -> DateTimes.appendDate(o, v);
                        case TIME -> DateTimes.appendTime(o, v, v % 1000 != 0);
                        case TIMESTAMP, TIMESTAMP_LTZ -> DateTimes.appendTimestamp(o, v);
                        case INTERVAL_DAY_TIME -> appendDayTime(o, v);
                        case INTERVAL_YEAR_MONTH -> {
                            o.appendByte((byte) (v < 0 ? '-' : '+'));
                            DateTimes.appendDigits(o, Math.abs(v) / 12, 1);
                            o.appendByte((byte) '-');
                            DateTimes.appendDigits(o, Math.abs(v) % 12, 2);
                        }
                        default -> DateTimes.appendDigits(o, v, 1);
                    }
                } else if (a instanceof DoubleColumn d) {
                    o.appendString(
                            from == TypeKind.FLOAT
                                    ? Float.toString((float) d.values[i])
                                    : Double.toString(d.values[i]));
                } else if (a instanceof DecimalColumn d) {
                    appendDecimal(o, d.values[i], d.scale);
                } else {
                    o.appendString(((BoolColumn) a).values[i] ? "TRUE" : "FALSE");
                }
                o.endRow();
            }
        }

        private static void appendDayTime(StringColumn o, long millis) {
            o.appendByte((byte) (millis < 0 ? '-' : '+'));
            long v = Math.abs(millis);
            DateTimes.appendDigits(o, v / DateTimes.MILLIS_PER_DAY, 1);
            o.appendByte((byte) ' ');
            DateTimes.appendTime(o, v % DateTimes.MILLIS_PER_DAY, true);
        }
    }

    /** Writes an unscaled decimal as plain digits with {@code scale} decimals. */
    static void appendDecimal(StringColumn o, long unscaled, int scale) {
        if (scale == 0) {
            DateTimes.appendDigits(o, unscaled, 1);
            return;
        }
        if (unscaled < 0) {
            o.appendByte((byte) '-');
        }
        long p = Decimals.pow10(scale);
        long abs = Math.abs(unscaled);
        DateTimes.appendDigits(o, abs / p, 1);
        o.appendByte((byte) '.');
        DateTimes.appendDigits(o, abs % p, scale);
    }

    /** Parses trimmed decimal text ({@code [+-]digits[.digits]}, optional exponent) into an unscaled long. */
    static final class NumberParser {
        long unscaled;

        /**
         * @param scale the scale of the result; 0 with {@code integer} for integer types (then a fraction fails)
         * @return whether the text is a number that fits
         */
        boolean parse(byte[] b, int from, int to, int scale, boolean integer) {
            from = DateTimes.skipSpace(b, from, to);
            to = DateTimes.trimEnd(b, from, to);
            if (from >= to) {
                return false;
            }
            int start = from;
            boolean negative = false;
            if (b[from] == '-' || b[from] == '+') {
                negative = b[from] == '-';
                from++;
            }
            long value = 0;
            int digits = 0;
            int fraction = 0;
            boolean dot = false;
            int roundDigit = -1;
            int i = from;
            for (; i < to; i++) {
                byte c = b[i];
                if (c == '.' && !dot && !integer) {
                    dot = true;
                    continue;
                }
                if (c < '0' || c > '9') {
                    break;
                }
                digits++;
                if (dot && fraction == scale) {
                    if (roundDigit < 0) {
                        roundDigit = c - '0';
                    }
                    continue;
                }
                if (dot) {
                    fraction++;
                }
                if (value > (Long.MAX_VALUE - 9) / 10) {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (digits == 0) {
                return false;
            }
            if (i < to) {
                if (integer) {
                    return false;
                }
                try {
                    java.math.BigDecimal d =
                            new java.math.BigDecimal(new String(b, start, to - start, StandardCharsets.US_ASCII));
                    unscaled = Decimals.unscaled(d, scale);
                    return true;
                } catch (NumberFormatException | ArithmeticException e) {
                    return false;
                }
            }
            for (; fraction < scale; fraction++) {
                if (value > Long.MAX_VALUE / 10) {
                    return false;
                }
                value *= 10;
            }
            if (roundDigit >= 5) {
                value++;
            }
            unscaled = negative ? -value : value;
            return true;
        }
    }
}
