package io.sabot.state.spi;

/**
 * A contiguous range of key groups, {@code first} to {@code last}, <b>both inclusive</b> (as in Flink), or the empty
 * range. The unit a subtask owns and a snapshot file covers.
 *
 * <p>The empty range has the canonical form {@code (0, -1)}: any range with {@code last == first - 1} is normalised to
 * it, so two empty ranges are equal. Instances are immutable and thread-safe.
 *
 * <p>In the JSON manifest of a snapshot a range is written {@code {"first": 0, "last": 63}}.
 *
 * @param first the first key group in the range, {@code >= 0}
 * @param last the last key group in the range, {@code >= first}, or {@code first - 1} for the empty range
 */
public record KeyGroupRange(int first, int last) {

    /** The empty range, {@code (0, -1)}. */
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    /**
     * Checks the bounds and normalises an empty range to {@code (0, -1)}.
     *
     * @throws IllegalArgumentException if {@code first} is negative or {@code last < first - 1}
     */
    public KeyGroupRange {
        if (first < 0 || last < first - 1) {
            throw new IllegalArgumentException("invalid key-group range [" + first + ", " + last + "]");
        }
        if (last == first - 1) {
            first = 0;
            last = -1;
        }
    }

    /**
     * The range {@code [first, last]}.
     *
     * @throws IllegalArgumentException if {@code first} is negative or {@code last < first - 1}
     */
    public static KeyGroupRange of(int first, int last) {
        return new KeyGroupRange(first, last);
    }

    /** The number of key groups in the range; 0 for the empty range. */
    public int size() {
        return last - first + 1;
    }

    /** Whether the range holds no key group. */
    public boolean isEmpty() {
        return last < first;
    }

    /** Whether {@code keyGroup} lies in the range. */
    public boolean contains(int keyGroup) {
        return keyGroup >= first && keyGroup <= last;
    }

    /** Whether every key group of {@code other} lies in this range (always true for an empty {@code other}). */
    public boolean contains(KeyGroupRange other) {
        return other.isEmpty() || (contains(other.first) && contains(other.last));
    }

    /**
     * The key groups in both ranges, possibly {@link #EMPTY}. On rescaling, the part of an old snapshot file a new
     * subtask restores is {@code newRange.intersection(fileRange)}.
     */
    public KeyGroupRange intersection(KeyGroupRange other) {
        int from = Math.max(first, other.first);
        int to = Math.min(last, other.last);
        return from <= to ? new KeyGroupRange(from, to) : EMPTY;
    }

    /** Whether the ranges share at least one key group. */
    public boolean overlaps(KeyGroupRange other) {
        return !intersection(other).isEmpty();
    }

    /** {@code [first, last]}, or {@code []} when empty. */
    @Override
    public String toString() {
        return isEmpty() ? "[]" : "[" + first + ", " + last + "]";
    }
}
