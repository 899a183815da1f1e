package io.sabot.engine.internal.column;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Arithmetic on unscaled {@code long} decimals, rounding half up as SQL does. Fast paths in {@code long}; the rare
 * operation that would overflow an intermediate falls back to {@link BigDecimal} for that value only.
 */
public final class Decimals {

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Decimals() {}

    /** {@code 10^n} for {@code 0 <= n <= 18}. */
    public static long pow10(int n) {
        if (n < 0 || n > 18) {
            throw new ArithmeticException("DECIMAL scale difference " + n + " exceeds 18 digits");
        }
        return POW10[n];
    }

    /** Whether {@code unscaled} has at most {@code precision} digits. */
    public static boolean fits(long unscaled, int precision) {
        if (precision >= 19) {
            return true;
        }
        long limit = POW10[precision];
        return unscaled < limit && unscaled > -limit;
    }

    /** Changes the scale of an unscaled value, rounding half up when digits are dropped. */
    public static long rescale(long value, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return value;
        }
        if (toScale > fromScale) {
            int diff = toScale - fromScale;
            if (diff > 18) {
                return slow(BigDecimal.valueOf(value, fromScale), toScale);
            }
            long r = value * POW10[diff];
            if (Math.abs(value) <= Long.MAX_VALUE / POW10[diff]) {
                return r;
            }
            return slow(BigDecimal.valueOf(value, fromScale), toScale);
        }
        int diff = fromScale - toScale;
        if (diff > 18) {
            return 0;
        }
        return divideRound(value, POW10[diff]);
    }

    /** {@code a / b} rounded half up (away from zero at .5). */
    public static long divideRound(long a, long b) {
        long q = a / b;
        long r = a % b;
        if (r != 0) {
            long twice = Math.abs(r) * 2;
            if (twice < 0 || twice >= Math.abs(b)) {
                q += ((a ^ b) < 0) ? -1 : 1;
            }
        }
        return q;
    }

    /** The product of decimals at scales {@code s1}, {@code s2}, at scale {@code s}. */
    public static long multiply(long a, int s1, long b, int s2, int s) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return rescale(lo, s1 + s2, s);
        }
        return slow(BigDecimal.valueOf(a, s1).multiply(BigDecimal.valueOf(b, s2)), s);
    }

    /** The quotient at scale {@code s}; {@code b != 0}. */
    public static long divide(long a, int s1, long b, int s2, int s) {
        // a/10^s1 / (b/10^s2) * 10^s = a * 10^(s - s1 + s2) / b
        int shift = s - s1 + s2;
        if (shift >= 0 && shift <= 18) {
            long p = POW10[shift];
            long hi = Math.multiplyHigh(a, p);
            long lo = a * p;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return divideRound(lo, b);
            }
        }
        return slow(BigDecimal.valueOf(a, s1).divide(BigDecimal.valueOf(b, s2), s, RoundingMode.HALF_UP), s);
    }

    private static long slow(BigDecimal value, int scale) {
        BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
        try {
            return scaled.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new ArithmeticException("DECIMAL value " + scaled.toPlainString()
                    + " has more than 18 digits, beyond what the engine " + "computes with");
        }
    }

    /** The unscaled value of {@code value} at {@code scale}. */
    public static long unscaled(BigDecimal value, int scale) {
        return slow(value, scale);
    }

    public static BigDecimal toBigDecimal(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale);
    }

    public static double toDouble(long unscaled, int scale) {
        if (scale <= 18 && Math.abs(unscaled) < (1L << 52)) {
            return unscaled / (double) POW10[scale];
        }
        return BigDecimal.valueOf(unscaled, scale).doubleValue();
    }

    /** The nearest unscaled value of a double at {@code scale}, half up. */
    public static long fromDouble(double value, int scale) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ArithmeticException("cannot represent " + value + " as a DECIMAL");
        }
        return slow(BigDecimal.valueOf(value), scale);
    }
}
