package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.StringColumn;
import java.util.Locale;

/**
 * Calendar arithmetic on epoch days and epoch milliseconds (UTC, proleptic Gregorian), allocation-free: the civil
 * date algorithms of Howard Hinnant, digit writers and parsers for the SQL literal formats.
 */
public final class DateTimes {

    public static final long MILLIS_PER_DAY = 86_400_000L;

    private DateTimes() {}

    /** Epoch day of a civil date. */
    public static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** The civil date of an epoch day, packed: decode with {@link #year}, {@link #month}, {@link #day}. */
    public static long civil(long days) {
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return (y << 9) | (m << 5) | d;
    }

    public static long year(long packed) {
        return packed >> 9;
    }

    public static int month(long packed) {
        return (int) ((packed >> 5) & 15);
    }

    public static int day(long packed) {
        return (int) (packed & 31);
    }

    public static boolean isLeap(long y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    public static int monthLength(long y, int m) {
        return switch (m) {
            case 2 -> isLeap(y) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    public static long addMonthsToDays(long days, long months) {
        long c = civil(days);
        long total = year(c) * 12 + (month(c) - 1) + months;
        long y = Math.floorDiv(total, 12);
        int m = (int) Math.floorMod(total, 12L) + 1;
        int d = Math.min(day(c), monthLength(y, m));
        return daysFromCivil(y, m, d);
    }

    public static long addMonthsToMillis(long millis, long months) {
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        long time = Math.floorMod(millis, MILLIS_PER_DAY);
        return addMonthsToDays(days, months) * MILLIS_PER_DAY + time;
    }

    /** Units of EXTRACT, FLOOR/CEIL, TIMESTAMPADD and TIMESTAMPDIFF. */
    public enum Unit {
        MILLENNIUM,
        CENTURY,
        DECADE,
        YEAR,
        QUARTER,
        MONTH,
        WEEK,
        DAY,
        DOW,
        ISODOW,
        DOY,
        HOUR,
        MINUTE,
        SECOND,
        MILLISECOND,
        MICROSECOND,
        EPOCH;

        public static Unit parse(String text) {
            String t = text.toUpperCase(Locale.ROOT);
            if (t.startsWith("SQL_TSI_")) {
                t = t.substring(8);
            }
            t = switch (t) {
                case "FRAC_SECOND" -> "MICROSECOND";
                case "DAYOFWEEK" -> "DOW";
                case "DAYOFYEAR" -> "DOY";
                case "DAYOFMONTH" -> "DAY";
                default -> t;
            };
            try {
                return Unit.valueOf(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown time unit '" + text + "'");
            }
        }

        /** Milliseconds per unit for fixed-length units, 0 for calendar units. */
        public long millis() {
            return switch (this) {
                case WEEK -> 7 * MILLIS_PER_DAY;
                case DAY -> MILLIS_PER_DAY;
                case HOUR -> 3_600_000L;
                case MINUTE -> 60_000L;
                case SECOND -> 1000L;
                case MILLISECOND -> 1L;
                default -> 0L;
            };
        }

        /** Months per unit for calendar units, 0 otherwise. */
        public long months() {
            return switch (this) {
                case MILLENNIUM -> 12000;
                case CENTURY -> 1200;
                case DECADE -> 120;
                case YEAR -> 12;
                case QUARTER -> 3;
                case MONTH -> 1;
                default -> 0;
            };
        }
    }

    /** EXTRACT from epoch milliseconds (dates are passed as days * MILLIS_PER_DAY). */
    public static long extract(Unit unit, long millis) {
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        long time = Math.floorMod(millis, MILLIS_PER_DAY);
        return switch (unit) {
            case MILLENNIUM -> (year(civil(days)) + 999) / 1000;
            case CENTURY -> (year(civil(days)) + 99) / 100;
            case DECADE -> Math.floorDiv(year(civil(days)), 10);
            case YEAR -> year(civil(days));
            case QUARTER -> (month(civil(days)) - 1) / 3 + 1;
            case MONTH -> month(civil(days));
            case WEEK -> isoWeek(days);
            case DAY -> day(civil(days));
            case DOW -> Math.floorMod(days + 4, 7) + 1;
            case ISODOW -> Math.floorMod(days + 3, 7) + 1;
            case DOY -> days - daysFromCivil(year(civil(days)), 1, 1) + 1;
            case HOUR -> time / 3_600_000L;
            case MINUTE -> time / 60_000L % 60;
            case SECOND -> time / 1000 % 60;
            case MILLISECOND -> time % 60_000L;
            case MICROSECOND -> time % 60_000L * 1000;
            case EPOCH -> Math.floorDiv(millis, 1000L);
        };
    }

    private static long isoWeek(long days) {
        long isoDow = Math.floorMod(days + 3, 7) + 1;
        long thursday = days - (isoDow - 4);
        long y = year(civil(thursday));
        long doy = thursday - daysFromCivil(y, 1, 1);
        return doy / 7 + 1;
    }

    /** FLOOR(ts TO unit) on epoch milliseconds. Weeks start on Sunday, as in Calcite. */
    public static long floor(Unit unit, long millis) {
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        return switch (unit) {
            case MILLENNIUM, CENTURY, DECADE, YEAR, QUARTER, MONTH -> {
                long c = civil(days);
                long monthIndex = year(c) * 12 + month(c) - 1;
                long per = unit.months();
                long floored = Math.floorDiv(monthIndex, per) * per;
                if (unit == Unit.CENTURY || unit == Unit.MILLENNIUM) {
                    // centuries start at year 1, 101, …
                    long y = year(c);
                    long span = unit == Unit.CENTURY ? 100 : 1000;
                    long start = Math.floorDiv(y - 1, span) * span + 1;
                    floored = start * 12;
                }
                yield daysFromCivil(Math.floorDiv(floored, 12), Math.floorMod(floored, 12) + 1, 1) * MILLIS_PER_DAY;
            }
            case WEEK -> (days - Math.floorMod(days + 4, 7)) * MILLIS_PER_DAY;
            case DAY, HOUR, MINUTE, SECOND, MILLISECOND -> Math.floorDiv(millis, unit.millis()) * unit.millis();
            default -> throw new IllegalArgumentException("cannot FLOOR to " + unit);
        };
    }

    /** CEIL(ts TO unit): the floor, or the next boundary when not on one. */
    public static long ceil(Unit unit, long millis) {
        long f = floor(unit, millis);
        if (f == millis) {
            return f;
        }
        if (unit.months() > 0) {
            return addMonthsToMillis(f, unit.months());
        }
        return f + (unit == Unit.WEEK ? 7 * MILLIS_PER_DAY : unit.millis());
    }

    /** TIMESTAMPADD on epoch milliseconds. */
    public static long add(Unit unit, long count, long millis) {
        if (unit.months() > 0) {
            return addMonthsToMillis(millis, count * unit.months());
        }
        if (unit == Unit.MICROSECOND) {
            return millis + count / 1000;
        }
        if (unit.millis() == 0) {
            throw new IllegalArgumentException("cannot TIMESTAMPADD " + unit);
        }
        return millis + count * unit.millis();
    }

    /** TIMESTAMPDIFF(unit, from, to) on epoch milliseconds: whole units, truncated toward zero. */
    public static long diff(Unit unit, long from, long to) {
        if (unit.months() > 0) {
            return monthsBetween(from, to) / unit.months();
        }
        if (unit == Unit.MICROSECOND) {
            return (to - from) * 1000;
        }
        if (unit.millis() == 0) {
            throw new IllegalArgumentException("cannot TIMESTAMPDIFF " + unit);
        }
        return (to - from) / unit.millis();
    }

    private static long monthsBetween(long from, long to) {
        long fd = Math.floorDiv(from, MILLIS_PER_DAY);
        long td = Math.floorDiv(to, MILLIS_PER_DAY);
        long fc = civil(fd);
        long tc = civil(td);
        long months = (year(tc) - year(fc)) * 12 + (month(tc) - month(fc));
        long fRest = day(fc) * MILLIS_PER_DAY + Math.floorMod(from, MILLIS_PER_DAY);
        long tRest = day(tc) * MILLIS_PER_DAY + Math.floorMod(to, MILLIS_PER_DAY);
        if (months > 0 && tRest < fRest) {
            months--;
        } else if (months < 0 && tRest > fRest) {
            months++;
        }
        return months;
    }

    // ---- writing ----

    static void appendDigits(StringColumn out, long value, int width) {
        if (value < 0) {
            out.appendByte((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.appendByte((byte) '0');
        }
        out.ensureBytes(out.writePosition() + digits);
        int at = out.writePosition() + digits - 1;
        byte[] b = out.bytes;
        for (int i = 0; i < digits; i++) {
            b[at - i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out.advance(digits);
    }

    /** Appends {@code yyyy-MM-dd}. */
    public static void appendDate(StringColumn out, long days) {
        long c = civil(days);
        appendDigits(out, year(c), 4);
        out.appendByte((byte) '-');
        appendDigits(out, month(c), 2);
        out.appendByte((byte) '-');
        appendDigits(out, day(c), 2);
    }

    /** Appends {@code HH:mm:ss}, and {@code .SSS} when {@code millis} is set. */
    public static void appendTime(StringColumn out, long timeOfDay, boolean millis) {
        appendDigits(out, timeOfDay / 3_600_000L, 2);
        out.appendByte((byte) ':');
        appendDigits(out, timeOfDay / 60_000L % 60, 2);
        out.appendByte((byte) ':');
        appendDigits(out, timeOfDay / 1000 % 60, 2);
        if (millis) {
            out.appendByte((byte) '.');
            appendDigits(out, timeOfDay % 1000, 3);
        }
    }

    /** Appends {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    public static void appendTimestamp(StringColumn out, long millis) {
        appendDate(out, Math.floorDiv(millis, MILLIS_PER_DAY));
        out.appendByte((byte) ' ');
        appendTime(out, Math.floorMod(millis, MILLIS_PER_DAY), true);
    }

    // ---- parsing; Long.MIN_VALUE means "does not parse" ----

    public static final long INVALID = Long.MIN_VALUE;

    /** Parses {@code yyyy-M-d} (trimmed) into epoch days. */
    public static long parseDate(byte[] b, int from, int to) {
        int[] pos = {skipSpace(b, from, to)};
        to = trimEnd(b, pos[0], to);
        long v = parseDateAt(b, pos, to);
        return v != INVALID && pos[0] == to ? v : INVALID;
    }

    private static long parseDateAt(byte[] b, int[] pos, int to) {
        long y = number(b, pos, to, 4);
        if (y < 0 || !expect(b, pos, to, '-')) {
            return INVALID;
        }
        long m = number(b, pos, to, 2);
        if (m < 1 || m > 12 || !expect(b, pos, to, '-')) {
            return INVALID;
        }
        long d = number(b, pos, to, 2);
        if (d < 1 || d > monthLength(y, (int) m)) {
            return INVALID;
        }
        return daysFromCivil(y, m, d);
    }

    /** Parses {@code H:m[:s[.fff]]} into milliseconds of the day. */
    public static long parseTime(byte[] b, int from, int to) {
        int[] pos = {skipSpace(b, from, to)};
        to = trimEnd(b, pos[0], to);
        long v = parseTimeAt(b, pos, to);
        return v != INVALID && pos[0] == to ? v : INVALID;
    }

    private static long parseTimeAt(byte[] b, int[] pos, int to) {
        long h = number(b, pos, to, 2);
        if (h < 0 || h > 23 || !expect(b, pos, to, ':')) {
            return INVALID;
        }
        long mi = number(b, pos, to, 2);
        if (mi < 0 || mi > 59) {
            return INVALID;
        }
        long s = 0;
        long ms = 0;
        if (pos[0] < to && b[pos[0]] == ':') {
            pos[0]++;
            s = number(b, pos, to, 2);
            if (s < 0 || s > 59) {
                return INVALID;
            }
            if (pos[0] < to && b[pos[0]] == '.') {
                pos[0]++;
                int start = pos[0];
                long frac = 0;
                int digits = 0;
                while (pos[0] < to && b[pos[0]] >= '0' && b[pos[0]] <= '9') {
                    if (digits < 3) {
                        frac = frac * 10 + (b[pos[0]] - '0');
                        digits++;
                    }
                    pos[0]++;
                }
                if (pos[0] == start) {
                    return INVALID;
                }
                while (digits < 3) {
                    frac *= 10;
                    digits++;
                }
                ms = frac;
            }
        }
        return ((h * 60 + mi) * 60 + s) * 1000 + ms;
    }

    /** Parses {@code yyyy-M-d[( |T)H:m[:s[.fff]]]} into epoch milliseconds. */
    public static long parseTimestamp(byte[] b, int from, int to) {
        int[] pos = {skipSpace(b, from, to)};
        to = trimEnd(b, pos[0], to);
        long days = parseDateAt(b, pos, to);
        if (days == INVALID) {
            return INVALID;
        }
        if (pos[0] == to) {
            return days * MILLIS_PER_DAY;
        }
        if (b[pos[0]] != ' ' && b[pos[0]] != 'T') {
            return INVALID;
        }
        pos[0]++;
        long time = parseTimeAt(b, pos, to);
        return time != INVALID && pos[0] == to ? days * MILLIS_PER_DAY + time : INVALID;
    }

    private static long number(byte[] b, int[] pos, int to, int maxDigits) {
        long v = 0;
        int start = pos[0];
        while (pos[0] < to && b[pos[0]] >= '0' && b[pos[0]] <= '9' && pos[0] - start < Math.max(maxDigits, 9)) {
            v = v * 10 + (b[pos[0]] - '0');
            pos[0]++;
        }
        return pos[0] == start ? -1 : v;
    }

    private static boolean expect(byte[] b, int[] pos, int to, char c) {
        if (pos[0] < to && b[pos[0]] == c) {
            pos[0]++;
            return true;
        }
        return false;
    }

    static int skipSpace(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t' || b[from] == '\n' || b[from] == '\r')) {
            from++;
        }
        return from;
    }

    static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t' || b[to - 1] == '\n' || b[to - 1] == '\r')) {
            to--;
        }
        return to;
    }
}
