package io.sabot.state.spi;

import java.util.Objects;

/**
 * The key-group arithmetic every part of Sabot must agree on: the keyed exchange (which subtask receives a row), the
 * state backends (which key group a key belongs to) and the snapshot format (which file holds a key group). Pure
 * functions, identical to Flink's {@code KeyGroupRangeAssignment}, so results are stable across releases: a key's
 * key group depends only on its key hash and the max-parallelism, never on the parallelism.
 *
 * <h2>The model</h2>
 * <ul>
 *   <li>A job has a fixed number of key groups, its <em>max-parallelism</em> {@code M} (1 to {@value
 *       #UPPER_BOUND_MAX_PARALLELISM}). It is chosen when the job first runs and is recorded in every snapshot; it can
 *       change only by starting without state.
 *   <li>A key with key hash {@code h} belongs to key group {@code murmurHash(h) % M} ({@link #keyGroupForHash}).
 *       Computing the key hash of a row's key columns is the runtime's job (its key hasher is part of the same
 *       compatibility contract); state backends never hash, they receive key groups with the keys.
 *   <li>With parallelism {@code p <= M}, subtask {@code i} owns the contiguous range {@link #rangeForOperator(int,
 *       int, int) rangeForOperator(M, p, i)}; the ranges of {@code p} subtasks are disjoint, cover {@code [0, M)} and
 *       differ in size by at most one key group.
 *   <li>Rescaling from {@code p} to {@code q} subtasks moves whole key groups: a new subtask restores exactly the key
 *       groups of its new range, reading them from the snapshot files of the old subtasks whose ranges overlap it.
 * </ul>
 *
 * <p>All methods are static, allocation-free (except {@link #rangeForOperator}) and thread-safe.
 */
public final class KeyGroups {

    /**
     * The max-parallelism used when a job does not set one and its parallelism is small, as in Flink. Larger jobs get
     * {@link #defaultMaxParallelism(int)}.
     */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** The largest max-parallelism, {@code 2^15}, as in Flink: key-group numbers fit in a short and in 5 digits. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroups() {}

    /**
     * Spreads a key hash: the 32-bit MurmurHash3 of the four little-endian bytes of {@code code} with seed 0, folded to
     * a non-negative int ({@code -h} for a negative {@code h}, 0 for {@link Integer#MIN_VALUE}). Identical to Flink's
     * {@code MathUtils.murmurHash}, so that a weak key hash (such as a small integer's) still spreads evenly over key
     * groups.
     *
     * @param code a key hash
     * @return a value in {@code [0, Integer.MAX_VALUE]}
     */
    public static int murmurHash(int code) {
        code *= 0xcc9e2d51;
        code = Integer.rotateLeft(code, 15);
        code *= 0x1b873593;
        code = Integer.rotateLeft(code, 13);
        code = code * 5 + 0xe6546b64;
        code ^= 4;
        code ^= code >>> 16;
        code *= 0x85ebca6b;
        code ^= code >>> 13;
        code *= 0xc2b2ae35;
        code ^= code >>> 16;
        if (code >= 0) {
            return code;
        }
        return code != Integer.MIN_VALUE ? -code : 0;
    }

    /**
     * The key group of a key, from its key hash: {@code murmurHash(keyHash) % maxParallelism}.
     *
     * @param keyHash the key hash computed by the runtime's key hasher
     * @param maxParallelism the job's number of key groups, 1 to {@value #UPPER_BOUND_MAX_PARALLELISM}
     * @return a key group in {@code [0, maxParallelism)}
     * @throws IllegalArgumentException if {@code maxParallelism} is out of bounds
     */
    public static int keyGroupForHash(int keyHash, int maxParallelism) {
        checkMaxParallelism(maxParallelism);
        return murmurHash(keyHash) % maxParallelism;
    }

    /**
     * The key groups of a batch of key hashes, written into {@code keyGroups}: the vectorised form of {@link
     * #keyGroupForHash}, one call per batch. {@code keyHashes} and {@code keyGroups} may be the same array.
     *
     * @param keyHashes the key hashes of rows {@code 0…count-1}
     * @param count the number of rows
     * @param maxParallelism the job's number of key groups
     * @param keyGroups where the key group of row {@code i} is written, at index {@code i}
     * @throws IllegalArgumentException if {@code maxParallelism} is out of bounds or {@code count} is negative
     * @throws IndexOutOfBoundsException if an array is shorter than {@code count}
     */
    public static void keyGroupsForHashes(int[] keyHashes, int count, int maxParallelism, int[] keyGroups) {
        checkMaxParallelism(maxParallelism);
        Objects.checkFromIndexSize(0, count, keyHashes.length);
        Objects.checkFromIndexSize(0, count, keyGroups.length);
        for (int i = 0; i < count; i++) {
            keyGroups[i] = murmurHash(keyHashes[i]) % maxParallelism;
        }
    }

    /**
     * The subtask that owns a key group at a parallelism: {@code keyGroup * parallelism / maxParallelism}. Consistent
     * with {@link #rangeForOperator}: the result's range contains {@code keyGroup}.
     *
     * @throws IllegalArgumentException if the parallelisms are out of bounds or {@code keyGroup} is not in {@code [0,
     *     maxParallelism)}
     */
    public static int operatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        checkParallelism(maxParallelism, parallelism);
        if (keyGroup < 0 || keyGroup >= maxParallelism) {
            throw new IllegalArgumentException(
                    "key group " + keyGroup + " is outside [0, " + maxParallelism + ") (max-parallelism)");
        }
        return keyGroup * parallelism / maxParallelism;
    }

    /**
     * The key groups subtask {@code operatorIndex} owns at {@code parallelism}: from {@code ceil(operatorIndex *
     * maxParallelism / parallelism)} to {@code ((operatorIndex + 1) * maxParallelism - 1) / parallelism}, inclusive.
     * The ranges of all subtasks are disjoint, contiguous, cover every key group, and never empty (because {@code
     * parallelism <= maxParallelism}).
     *
     * @throws IllegalArgumentException if the parallelisms are out of bounds or {@code operatorIndex} is not in {@code
     *     [0, parallelism)}
     */
    public static KeyGroupRange rangeForOperator(int maxParallelism, int parallelism, int operatorIndex) {
        checkParallelism(maxParallelism, parallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism) {
            throw new IllegalArgumentException(
                    "operator index " + operatorIndex + " is outside [0, " + parallelism + ") (parallelism)");
        }
        int first = (operatorIndex * maxParallelism + parallelism - 1) / parallelism;
        int last = ((operatorIndex + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(first, last);
    }

    /**
     * The max-parallelism a job gets when it does not set one, as in Flink: {@code 1.5 * parallelism} rounded up to a
     * power of two, at least {@value #DEFAULT_MAX_PARALLELISM} and at most {@value #UPPER_BOUND_MAX_PARALLELISM}. It
     * leaves room to scale up later without losing state.
     *
     * @throws IllegalArgumentException if {@code parallelism} is not in {@code [1, UPPER_BOUND_MAX_PARALLELISM]}
     */
    public static int defaultMaxParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "parallelism " + parallelism + " is outside [1, " + UPPER_BOUND_MAX_PARALLELISM + "]");
        }
        int wanted = parallelism + parallelism / 2;
        int powerOfTwo = Integer.highestOneBit(wanted) == wanted ? wanted : Integer.highestOneBit(wanted) << 1;
        return Math.min(Math.max(powerOfTwo, DEFAULT_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
    }

    /**
     * Checks a max-parallelism: 1 to {@value #UPPER_BOUND_MAX_PARALLELISM}.
     *
     * @throws IllegalArgumentException naming the bounds otherwise
     */
    public static void checkMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "max-parallelism " + maxParallelism + " is outside [1, " + UPPER_BOUND_MAX_PARALLELISM + "]");
        }
    }

    /**
     * Checks a parallelism against a max-parallelism: {@code 1 <= parallelism <= maxParallelism}, since every subtask
     * owns at least one key group.
     *
     * @throws IllegalArgumentException naming both values otherwise
     */
    public static void checkParallelism(int maxParallelism, int parallelism) {
        checkMaxParallelism(maxParallelism);
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is outside [1, " + maxParallelism
                    + "] (it cannot exceed max-parallelism)");
        }
    }
}
