package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.StringColumn;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DATE_FORMAT's formatter, compiled once from a SimpleDateFormat pattern (as Flink documents it). Patterns made of
 * numeric fields ({@code y M d H h m s S D}), AM/PM and literals are written digit by digit without allocation;
 * anything else goes through {@link DateTimeFormatter} with the pattern translated to java.time letters ({@code S}
 * runs, which SimpleDateFormat reads as milliseconds, become a three-digit fraction).
 */
final class DateFormatter {

    private record Field(char letter, int width, String literal) {}

    private final List<Field> fields;
    private final DateTimeFormatter fallback;

    DateFormatter(String pattern) {
        List<Field> parsed = parse(pattern);
        boolean fast = true;
        for (Field f : parsed) {
            if (f.literal == null && "yMdHhmsSDa".indexOf(f.letter) < 0) {
                fast = false;
            }
            if (f.literal == null && f.letter == 'M' && f.width > 2) {
                fast = false;
            }
        }
        this.fields = fast ? parsed : null;
        this.fallback = fast ? null : DateTimeFormatter.ofPattern(translate(parsed), Locale.US);
    }

    private static List<Field> parse(String pattern) {
        List<Field> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote in date pattern '" + pattern + "'");
                }
                out.add(new Field('\'', 0, end == i + 1 ? "'" : pattern.substring(i + 1, end)));
                i = end + 1;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int j = i;
                while (j < pattern.length() && pattern.charAt(j) == c) {
                    j++;
                }
                out.add(new Field(c, j - i, null));
                i = j;
            } else {
                out.add(new Field(c, 0, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static String translate(List<Field> fields) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (Field f : fields) {
            if (f.literal != null) {
                literal.append(f.literal);
                continue;
            }
            if (literal.length() > 0) {
                b.append('\'').append(literal.toString().replace("'", "''")).append('\'');
                literal.setLength(0);
            }
            if (f.letter == 'S') {
                b.append("SSS");
            } else if (f.letter == 'u') {
                b.append("e".repeat(f.width));
            } else {
                b.append(String.valueOf(f.letter).repeat(f.width));
            }
        }
        if (literal.length() > 0) {
            b.append('\'').append(literal.toString().replace("'", "''")).append('\'');
        }
        return b.toString();
    }

    /** Appends the formatted timestamp (epoch milliseconds, UTC) to the row being built. */
    void append(StringColumn out, long millis) {
        if (fallback != null) {
            out.appendString(fallback.format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC)));
            return;
        }
        long days = Math.floorDiv(millis, DateTimes.MILLIS_PER_DAY);
        long time = Math.floorMod(millis, DateTimes.MILLIS_PER_DAY);
        long civil = DateTimes.civil(days);
        for (Field f : fields) {
            if (f.literal != null) {
                out.appendString(f.literal);
                continue;
            }
            switch (f.letter) {
                case 'y' -> {
                    long y = DateTimes.year(civil);
                    DateTimes.appendDigits(out, f.width == 2 ? Math.floorMod(y, 100) : y, f.width);
                }
                case 'M' -> DateTimes.appendDigits(out, DateTimes.month(civil), f.width);
                case 'd' -> DateTimes.appendDigits(out, DateTimes.day(civil), f.width);
                case 'D' -> DateTimes.appendDigits(
                        out, days - DateTimes.daysFromCivil(DateTimes.year(civil), 1, 1) + 1, f.width);
                case 'H' -> DateTimes.appendDigits(out, time / 3_600_000L, f.width);
                case 'h' -> {
                    long h = time / 3_600_000L % 12;
                    DateTimes.appendDigits(out, h == 0 ? 12 : h, f.width);
                }
                case 'm' -> DateTimes.appendDigits(out, time / 60_000L % 60, f.width);
                case 's' -> DateTimes.appendDigits(out, time / 1000 % 60, f.width);
                case 'S' -> DateTimes.appendDigits(out, time % 1000, f.width);
                case 'a' -> out.appendString(time < 43_200_000L ? "AM" : "PM");
                default -> throw new IllegalStateException(String.valueOf(f.letter));
            }
        }
    }
}
