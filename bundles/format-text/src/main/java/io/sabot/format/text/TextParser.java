package io.sabot.format.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Parses field text straight from bytes, without a {@code String} per value: integers, floating point numbers,
 * decimals, booleans, dates, times and timestamps. Each method returns whether the text was valid and leaves the
 * value in a field ({@link #longValue} and so on) or the reason in {@link #problem}. One instance per decoder;
 * not thread-safe.
 *
 * <p>Callers pass text without surrounding blanks. Only the rare cases fall back to the JDK's parsers on a
 * {@code String}: doubles with more than 15 significant digits or large exponents, and decimals with more than 18
 * digits or an exponent.
 */
public final class TextParser {

    public static final String EXPECTED_INTEGER = "expected an integer";
    public static final String EXPECTED_NUMBER = "expected a number";
    public static final String EXPECTED_BOOLEAN = "expected true or false";
    public static final String EXPECTED_DATE = "expected a date yyyy-MM-dd";
    public static final String EXPECTED_TIME = "expected a time HH:mm:ss[.SSS]";
    public static final String EXPECTED_TIMESTAMP = "expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS]";
    public static final String OUT_OF_RANGE = "out of range";

    private static final double[] DOUBLE_POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    public static final long[] LONG_POW10 = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L,
        10_000_000_000L,
        100_000_000_000L,
        1_000_000_000_000L,
        10_000_000_000_000L,
        100_000_000_000_000L,
        1_000_000_000_000_000L,
        10_000_000_000_000_000L,
        100_000_000_000_000_000L,
        1_000_000_000_000_000_000L
    };
    private static final int[] DAYS_IN_MONTH = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** An integer, unscaled decimal, boolean (0/1), epoch day, millisecond of day or epoch millisecond. */
    public long longValue;

    public double doubleValue;
    public float floatValue;
    /** A decimal with more than 18 digits (then {@link #longValue} is meaningless), else null. */
    public BigDecimal bigValue;
    /** Why the last parse failed. */
    public String problem;

    // the pieces of a number, set by scanNumber
    private boolean negative;
    private long mantissa;
    private int significantDigits;
    private int fractionDigits;
    private boolean hasExponent;
    private int exponent;

    public static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    /** Parses a decimal integer in {@code [min, max]}; an optional sign, then digits. */
    public boolean parseLong(byte[] b, int from, int to, long min, long max) {
        int i = from;
        if (i == to) {
            return fail(EXPECTED_INTEGER);
        }
        boolean neg = false;
        byte first = b[i];
        if (first == '-' || first == '+') {
            neg = first == '-';
            if (++i == to) {
                return fail(EXPECTED_INTEGER);
            }
        }
        // accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE parses
        long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long result = 0;
        boolean overflow = false;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return fail(EXPECTED_INTEGER);
            }
            if (result < multmin || result * 10 < limit + d) {
                overflow = true;
                continue; // keep checking the syntax: a letter later on is the better message
            }
            result = result * 10 - d;
        }
        long value = neg ? result : -result;
        if (overflow || value < min || value > max) {
            return fail(OUT_OF_RANGE);
        }
        longValue = value;
        return true;
    }

    /**
     * Scans {@code [+-]digits[.digits][(e|E)[+-]digits]} (at least one digit in the mantissa) into the number
     * fields; false if the syntax is wrong. Mantissa digits beyond 18 significant ones are counted but not kept.
     */
    private boolean scanNumber(byte[] b, int from, int to) {
        int i = from;
        negative = false;
        mantissa = 0;
        significantDigits = 0;
        fractionDigits = 0;
        hasExponent = false;
        exponent = 0;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (point) {
                    fractionDigits++;
                }
                if (significantDigits > 0 || c != '0') {
                    if (significantDigits < 18) {
                        mantissa = mantissa * 10 + (c - '0');
                    }
                    significantDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            hasExponent = true;
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                negExp = b[i] == '-';
                i++;
            }
            int expDigits = 0;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
            if (negExp) {
                exponent = -exponent;
            }
        }
        return i == to;
    }

    /** Parses a double: decimal notation with optional exponent, or {@code NaN}, {@code [+-]Infinity}. */
    public boolean parseDouble(byte[] b, int from, int to) {
        if (!scanNumber(b, from, to)) {
            int special = special(b, from, to);
            if (special == 0) {
                return fail(EXPECTED_NUMBER);
            }
            doubleValue = special == 2 ? Double.NaN : special > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            return true;
        }
        int e10 = exponent - fractionDigits;
        if (significantDigits <= 15 && e10 >= -22 && e10 <= 22) {
            // Clinger's fast path: both operands exact, so the one rounding is the correct one
            double m = mantissa;
            double value = e10 < 0 ? m / DOUBLE_POW10[-e10] : m * DOUBLE_POW10[e10];
            doubleValue = negative ? -value : value;
            return true;
        }
        doubleValue = Double.parseDouble(ascii(b, from, to));
        return true;
    }

    /** Parses a float like {@link #parseDouble}. */
    public boolean parseFloat(byte[] b, int from, int to) {
        if (!scanNumber(b, from, to)) {
            int special = special(b, from, to);
            if (special == 0) {
                return fail(EXPECTED_NUMBER);
            }
            floatValue = special == 2 ? Float.NaN : special > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            return true;
        }
        int e10 = exponent - fractionDigits;
        if (significantDigits <= 7 && e10 >= -10 && e10 <= 10) {
            float m = mantissa;
            float value = e10 < 0 ? m / FLOAT_POW10[-e10] : m * FLOAT_POW10[e10];
            floatValue = negative ? -value : value;
            return true;
        }
        floatValue = Float.parseFloat(ascii(b, from, to));
        return true;
    }

    /** 2 for NaN, 1 for (+)Infinity, -1 for -Infinity, 0 otherwise. */
    private static int special(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 3 && b[from] == 'N' && b[from + 1] == 'a' && b[from + 2] == 'N') {
            return 2;
        }
        int sign = 1;
        int i = from;
        if (len == 9 && (b[i] == '-' || b[i] == '+')) {
            sign = b[i] == '-' ? -1 : 1;
            i++;
        } else if (len != 8) {
            return 0;
        }
        return regionEquals(b, i, "Infinity") ? sign : 0;
    }

    private static boolean regionEquals(byte[] b, int from, String ascii) {
        for (int k = 0; k < ascii.length(); k++) {
            if (b[from + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a decimal for a column of {@code DECIMAL(precision, scale)}: digits beyond the scale are rounded half
     * up, as Flink does; a value with more integer digits than the type allows is an error (Flink would silently
     * turn it into NULL). Sets {@link #longValue} to the unscaled value, or {@link #bigValue} when it needs more than
     * 18 digits.
     */
    public boolean parseDecimal(byte[] b, int from, int to, int precision, int scale) {
        bigValue = null;
        if (!scanNumber(b, from, to)) {
            return fail(EXPECTED_NUMBER);
        }
        int integerDigits = significantDigits - Math.min(fractionDigits, significantDigits);
        if (!hasExponent && significantDigits <= 18 && integerDigits + scale <= 18) {
            // mantissa holds every significant digit; rescale to the column's scale
            long unscaled = mantissa;
            if (fractionDigits <= scale) {
                unscaled *= LONG_POW10[scale - fractionDigits];
            } else {
                int drop = fractionDigits - scale;
                if (drop > 18) {
                    unscaled = 0;
                } else {
                    long divisor = LONG_POW10[drop];
                    long remainder = unscaled % divisor;
                    unscaled /= divisor;
                    if (remainder * 2 >= divisor) {
                        unscaled++;
                    }
                }
            }
            if (precision < 19 && unscaled >= LONG_POW10[precision]) {
                return fail(OUT_OF_RANGE);
            }
            longValue = negative ? -unscaled : unscaled;
            return true;
        }
        if (exponent > 1000 || exponent < -1000) {
            // refuse to build a number with a thousand digits just to find it does not fit
            return fail(OUT_OF_RANGE);
        }
        BigDecimal value = new BigDecimal(ascii(b, from, to)).setScale(scale, RoundingMode.HALF_UP);
        if (value.precision() - value.scale() > precision - scale) {
            return fail(OUT_OF_RANGE);
        }
        if (value.precision() <= 18) {
            longValue = value.unscaledValue().longValueExact();
        } else {
            bigValue = value;
        }
        return true;
    }

    /** {@code true} or {@code false}, in any case; sets {@link #longValue} to 1 or 0. */
    public boolean parseBoolean(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 4
                && lower(b[from]) == 't'
                && lower(b[from + 1]) == 'r'
                && lower(b[from + 2]) == 'u'
                && lower(b[from + 3]) == 'e') {
            longValue = 1;
            return true;
        }
        if (len == 5
                && lower(b[from]) == 'f'
                && lower(b[from + 1]) == 'a'
                && lower(b[from + 2]) == 'l'
                && lower(b[from + 3]) == 's'
                && lower(b[from + 4]) == 'e') {
            longValue = 0;
            return true;
        }
        return fail(EXPECTED_BOOLEAN);
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** {@code yyyy-MM-dd}; sets {@link #longValue} to the epoch day. */
    public boolean parseDate(byte[] b, int from, int to) {
        if (to - from != 10 || !date(b, from)) {
            return fail(EXPECTED_DATE);
        }
        return true;
    }

    /** {@code HH:mm[:ss[.fraction]]}; sets {@link #longValue} to the millisecond of the day. */
    public boolean parseTime(byte[] b, int from, int to) {
        long millis = time(b, from, to);
        if (millis < 0) {
            return fail(EXPECTED_TIME);
        }
        longValue = millis;
        return true;
    }

    /**
     * {@code yyyy-MM-dd HH:mm[:ss[.fraction]]}, or with {@code T} for the blank (ISO-8601); fraction digits beyond
     * the millisecond are truncated. Sets {@link #longValue} to the epoch millisecond (UTC, no zone).
     */
    public boolean parseTimestamp(byte[] b, int from, int to) {
        if (to - from < 16 || !date(b, from) || (b[from + 10] != ' ' && b[from + 10] != 'T')) {
            return fail(EXPECTED_TIMESTAMP);
        }
        long day = longValue;
        long millis = time(b, from + 11, to);
        if (millis < 0) {
            return fail(EXPECTED_TIMESTAMP);
        }
        longValue = day * MILLIS_PER_DAY + millis;
        return true;
    }

    /** Reads {@code yyyy-MM-dd} at {@code i} into {@link #longValue} as an epoch day. */
    private boolean date(byte[] b, int i) {
        int year = digits(b, i, 4);
        int month = digits(b, i + 5, 2);
        int day = digits(b, i + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || b[i + 4] != '-' || b[i + 7] != '-') {
            return false;
        }
        if (day > DAYS_IN_MONTH[month] || (month == 2 && day == 29 && !isLeap(year))) {
            return false;
        }
        longValue = epochDay(year, month, day);
        return true;
    }

    /** {@code HH:mm[:ss[.fraction]]} in {@code [from, to)} as milliseconds of the day, or -1. */
    private static long time(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 5 || b[from + 2] != ':') {
            return -1;
        }
        int hour = digits(b, from, 2);
        int minute = digits(b, from + 3, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return -1;
        }
        int second = 0;
        int millis = 0;
        if (len > 5) {
            if (len < 8 || b[from + 5] != ':') {
                return -1;
            }
            second = digits(b, from + 6, 2);
            if (second < 0 || second > 59) {
                return -1;
            }
            if (len > 8) {
                int fraction = len - 9;
                if (b[from + 8] != '.' || fraction < 1 || fraction > 9) {
                    return -1;
                }
                for (int k = 0; k < fraction; k++) {
                    int d = b[from + 9 + k] - '0';
                    if (d < 0 || d > 9) {
                        return -1;
                    }
                    if (k < 3) {
                        millis = millis * 10 + d;
                    }
                }
                for (int k = fraction; k < 3; k++) {
                    millis *= 10;
                }
            }
        }
        return hour * 3_600_000L + minute * 60_000L + second * 1000L + millis;
    }

    /** {@code count} decimal digits at {@code i} as a number, or -1. */
    private static int digits(byte[] b, int i, int count) {
        int value = 0;
        for (int k = 0; k < count; k++) {
            int d = b[i + k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    public static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    public static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
