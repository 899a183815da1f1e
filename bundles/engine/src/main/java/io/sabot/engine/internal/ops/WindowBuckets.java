package io.sabot.engine.internal.ops;

import java.util.Arrays;

/**
 * Groups the rows of one batch by window: each row is {@linkplain #add added} with its window (or {@linkplain
 * #skip skipped}), then one counting sort {@linkplain #bucket buckets} the rows so that each window's rows go through
 * its state in one call. Rows of a batch mostly share a window, so the last window found is tried first.
 */
final class WindowBuckets {

    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int[] counts = new int[16];
    private int[] offsets = new int[17];
    private int[] local = new int[0];
    private int[] bucketed = new int[0];
    private int distinct;
    private int last;

    /** Starts a batch of {@code n} rows. */
    void reset(int n) {
        if (local.length < n) {
            local = new int[Math.max(n, local.length * 2)];
            bucketed = new int[local.length];
        }
        distinct = 0;
        last = -1;
    }

    /** Row {@code row} belongs to no window of this pass. */
    void skip(int row) {
        local[row] = -1;
    }

    /** Row {@code row} belongs to window [{@code start}, {@code end}). */
    void add(int row, long start, long end) {
        if (last >= 0 && starts[last] == start && ends[last] == end) {
            local[row] = last;
            counts[last]++;
            return;
        }
        int w = 0;
        while (w < distinct && (starts[w] != start || ends[w] != end)) {
            w++;
        }
        if (w == distinct) {
            if (distinct == starts.length) {
                starts = Arrays.copyOf(starts, distinct * 2);
                ends = Arrays.copyOf(ends, distinct * 2);
                counts = Arrays.copyOf(counts, distinct * 2);
            }
            starts[w] = start;
            ends[w] = end;
            counts[w] = 0;
            distinct++;
        }
        local[row] = w;
        counts[w]++;
        last = w;
    }

    /** Buckets rows {@code 0…n} by window, in row order within each; call after the last {@link #add}. */
    void bucket(int n) {
        if (offsets.length < distinct + 1) {
            offsets = new int[Math.max(distinct + 1, offsets.length * 2)];
        }
        for (int w = 0; w < distinct; w++) {
            offsets[w + 1] = offsets[w] + counts[w];
        }
        int[] fill = Arrays.copyOf(offsets, distinct);
        for (int i = 0; i < n; i++) {
            if (local[i] >= 0) {
                bucketed[fill[local[i]]++] = i;
            }
        }
    }

    /** How many windows the batch's rows belong to. */
    int windows() {
        return distinct;
    }

    long start(int w) {
        return starts[w];
    }

    long end(int w) {
        return ends[w];
    }

    /** How many rows window {@code w} has. */
    int count(int w) {
        return counts[w];
    }

    /** The rows of window {@code w} from index 0 (the first window's without a copy). */
    int[] rows(int w) {
        return offsets[w] == 0 ? bucketed : Arrays.copyOfRange(bucketed, offsets[w], offsets[w + 1]);
    }
}
