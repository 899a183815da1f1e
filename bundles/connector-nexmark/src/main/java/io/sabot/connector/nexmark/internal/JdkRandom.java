package io.sabot.connector.nexmark.internal;

/**
 * The linear congruential generator of {@link java.util.Random}, as its Javadoc specifies it, in a reusable,
 * unsynchronised form: {@code new JdkRandom().reseed(s)} yields exactly the values of {@code new Random(s)} for
 * {@link #nextInt()}, {@link #nextInt(int)}, {@link #nextLong()} and {@link #nextDouble()}. The reference NEXMark
 * generator (Apache Beam's) seeds a fresh {@code Random} with each event id; reseeding one instance instead gives
 * the same values without an object and an atomic update per draw.
 */
final class JdkRandom {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long seed;

    /** Positions this generator where {@code new java.util.Random(seed)} starts. */
    JdkRandom reseed(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
        return this;
    }

    private int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    int nextInt() {
        return next(32);
    }

    /** A value in {@code [0, bound)}, with {@code Random.nextInt(int)}'s rejection of biased draws. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int r = next(31);
        int m = bound - 1;
        if ((bound & m) == 0) {
            return (int) ((bound * (long) r) >> 31);
        }
        for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
            // draw again: u fell into the incomplete last interval
        }
        return r;
    }

    long nextLong() {
        return ((long) next(32) << 32) + next(32);
    }

    double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }
}
