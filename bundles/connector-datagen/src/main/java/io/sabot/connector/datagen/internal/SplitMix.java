package io.sabot.connector.datagen.internal;

/**
 * Counter-based randomness: every generated value is a pure function of (seed, column, row index), computed with
 * SplitMix64's finaliser. There is no generator state to carry, so any row of any split can be produced on its own,
 * in any order, on any thread: a split restored from a checkpoint yields exactly the rows it would have.
 */
final class SplitMix {

    /** SplitMix64's increment (the golden ratio in 64 bits). */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {}

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection on 64 bits with good avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of an independent stream for {@code salt} (a column, or a column's null flags) under {@code seed}. */
    static long stream(long seed, long salt) {
        return mix64(seed ^ mix64(salt + GAMMA));
    }

    /** The random value of row {@code index} in {@code stream}: the stream's SplitMix64 output number {@code index}. */
    static long at(long stream, long index) {
        return mix64(stream + (index + 1) * GAMMA);
    }

    /** The {@code k}-th further random value of a row whose first value is {@code rowValue}, for k = 1, 2, …. */
    static long next(long rowValue, long k) {
        return mix64(rowValue + k * GAMMA);
    }

    /**
     * Maps a random value onto {@code [0, bound)}, {@code bound} read as unsigned (0 stands for 2^64), by Lemire's
     * multiply-high method: no division, and a bias below bound / 2^64.
     */
    static long bounded(long random, long bound) {
        if (bound == 0) {
            return random;
        }
        // unsigned 64x64 -> high 64 bits (Math.unsignedMultiplyHigh is Java 18+)
        return Math.multiplyHigh(random, bound) + ((random >> 63) & bound) + ((bound >> 63) & random);
    }

    /** A uniform double in {@code [0, 1)} from the 53 high bits. */
    static double unit(long random) {
        return (random >>> 11) * 0x1.0p-53;
    }

    /** A 64-bit hash of a column name, so that a column's values do not change when other columns are added. */
    static long hash(String name) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < name.length(); i++) {
            h = mix64(h + name.charAt(i));
        }
        return h;
    }
}
