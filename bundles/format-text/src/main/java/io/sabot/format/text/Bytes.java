package io.sabot.format.text;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A growable byte buffer that encoders write into, with the formatting of numbers, dates and times done in place:
 * no {@code String} per value except in rare fallbacks (doubles outside {@code [1e-3, 1e7)} or without a short
 * exact decimal form, decimals above 18 digits or in scientific notation, years outside 0000–9999). Never shrinks;
 * not thread-safe.
 */
public final class Bytes {

    private static final byte[] DIGITS = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final double TWO_POW_53 = 9007199254740992.0;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
    };
    private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    public byte[] array;
    public int length;

    public Bytes(int capacity) {
        array = new byte[Math.max(16, capacity)];
    }

    public void clear() {
        length = 0;
    }

    /** Makes room for {@code extra} more bytes. */
    public void ensure(int extra) {
        int needed = length + extra;
        if (needed > array.length) {
            array = Arrays.copyOf(array, Math.max(needed, array.length * 2));
        }
    }

    public void write(int b) {
        ensure(1);
        array[length++] = (byte) b;
    }

    public void write(byte[] src, int offset, int count) {
        ensure(count);
        System.arraycopy(src, offset, array, length, count);
        length += count;
    }

    public void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            array[length++] = (byte) s.charAt(i);
        }
    }

    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            array[length++] = '-';
            v = -v;
        }
        writeUnsigned(v, 1);
    }

    /** Writes {@code v >= 0} with at least {@code minDigits} digits (zero-padded). */
    private void writeUnsigned(long v, int minDigits) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        digits = Math.max(digits, minDigits);
        ensure(digits);
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            array[i] = DIGITS[(int) (v % 10)];
            v /= 10;
        }
        length = end;
    }

    /**
     * Writes a double so that parsing the text gives back exactly {@code d}: in {@code [1e-3, 1e7)} the fewest
     * fraction digits that round-trip, like {@link Double#toString} (which is used outside that range).
     */
    public void writeDouble(double d) {
        double abs = Math.abs(d);
        if (abs >= 1e-3 && abs < 1e7) {
            for (int k = 0; k < POW10.length; k++) {
                double scaled = abs * POW10[k];
                if (scaled >= TWO_POW_53) {
                    break;
                }
                long m = Math.round(scaled);
                // m and 10^k are exact doubles, so the division is the correctly rounded value of the text
                if (m / POW10[k] == abs) {
                    writeFixed(d < 0, m, k);
                    return;
                }
            }
        } else if (d == 0) {
            writeAscii(1 / d < 0 ? "-0.0" : "0.0");
            return;
        }
        writeAscii(Double.toString(d));
    }

    /** Like {@link #writeDouble} for floats, with {@link Float#toString} as the fallback. */
    public void writeFloat(float f) {
        float abs = Math.abs(f);
        if (abs >= 1e-3f && abs < 1e7f) {
            for (int k = 0; k < FLOAT_POW10.length; k++) {
                double scaled = (double) abs * POW10[k];
                if (scaled >= (1 << 24)) {
                    break;
                }
                long m = Math.round(scaled);
                if ((float) m / FLOAT_POW10[k] == abs) {
                    writeFixed(f < 0, m, k);
                    return;
                }
            }
        } else if (f == 0) {
            writeAscii(1 / f < 0 ? "-0.0" : "0.0");
            return;
        }
        writeAscii(Float.toString(f));
    }

    /** Writes {@code m * 10^-k} in plain notation with at least one fraction digit. */
    private void writeFixed(boolean negative, long m, int k) {
        if (negative) {
            write('-');
        }
        long unit = (long) POW10[k];
        writeUnsigned(m / unit, 1);
        write('.');
        writeUnsigned(k == 0 ? 0 : m % unit, Math.max(1, k));
    }

    /**
     * Writes a decimal given by its unscaled value and scale. {@code plain}: digits only, else like {@link
     * BigDecimal#toString()} (scientific notation when the adjusted exponent is below -6, e.g. {@code 0E-10}).
     */
    public void writeDecimal(long unscaled, int scale, boolean plain) {
        if (unscaled == Long.MIN_VALUE) {
            writeDecimal(BigDecimal.valueOf(unscaled, scale), plain);
            return;
        }
        long abs = Math.abs(unscaled);
        int digits = 1;
        for (long t = abs; t >= 10; t /= 10) {
            digits++;
        }
        if (!plain && digits - 1 - scale < -6) {
            writeAscii(BigDecimal.valueOf(unscaled, scale).toString());
            return;
        }
        if (unscaled < 0) {
            write('-');
        }
        if (scale == 0) {
            writeUnsigned(abs, 1);
            return;
        }
        long unit = TextParser.LONG_POW10[Math.min(scale, 18)];
        if (scale > 18) {
            // |unscaled| < 10^19 <= 10^scale: the integer part is zero
            write('0');
            write('.');
            writeUnsigned(abs, scale);
            return;
        }
        writeUnsigned(abs / unit, 1);
        write('.');
        writeUnsigned(abs % unit, scale);
    }

    public void writeDecimal(BigDecimal value, boolean plain) {
        writeAscii(plain ? value.toPlainString() : value.toString());
    }

    /** {@code yyyy-MM-dd}. */
    public void writeDate(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            writeAscii(LocalDate.ofEpochDay(epochDay).toString());
            return;
        }
        ensure(10);
        writeUnsigned(year, 4);
        array[length++] = '-';
        writeUnsigned(month, 2);
        array[length++] = '-';
        writeUnsigned(day, 2);
    }

    /** {@code HH:mm:ss}, followed by {@code .SSS} when {@code withMillis} or the milliseconds are not zero. */
    public void writeTime(long millisOfDay, boolean withMillis) {
        long seconds = millisOfDay / 1000;
        int millis = (int) (millisOfDay % 1000);
        ensure(12);
        writeUnsigned(seconds / 3600, 2);
        array[length++] = ':';
        writeUnsigned(seconds / 60 % 60, 2);
        array[length++] = ':';
        writeUnsigned(seconds % 60, 2);
        if (withMillis || millis != 0) {
            array[length++] = '.';
            writeUnsigned(millis, 3);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, with {@code separator} between date and time ({@code ' '} or {@code 'T'}). */
    public void writeTimestamp(long epochMillis, char separator) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        long millisOfDay = Math.floorMod(epochMillis, 86_400_000L);
        if (day < -719_528 || day > 2_932_896) { // outside 0000-01-01 .. 9999-12-31
            LocalDateTime t = LocalDateTime.ofEpochSecond(
                    Math.floorDiv(epochMillis, 1000),
                    (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
                    ZoneOffset.UTC);
            writeAscii(t.toLocalDate() + String.valueOf(separator));
            writeTime(millisOfDay, true);
            return;
        }
        writeDate(day);
        write(separator);
        writeTime(millisOfDay, true);
    }
}
