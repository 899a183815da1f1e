package io.sabot.engine.internal.lookup;

import io.sabot.plan.DataType;

/**
 * One subtask's partial lookup cache: the rows of the keys it looked up, in two generations. Keys are added to the
 * young generation; when it holds half of {@code lookup.partial-cache.max-rows} keys (or its garbage outgrows its live
 * rows), the old generation is dropped and the young one becomes old. A key found in the old generation moves back to
 * the young one, so keys in use survive and the least recently used go first, without a list or an object per key.
 * An entry older than {@code expire-after-write} or unused for {@code expire-after-access} counts as absent.
 *
 * <p>Within a batch every row the join reads is in {@link #store()}; generations turn only in {@link #endBatch()}.
 */
final class PartialCache {

    private final CacheConfig config;
    private RowIndex young;
    private RowIndex old;
    private int[] promote = new int[64];

    PartialCache(CacheConfig config, DataType[] types) {
        this.config = config;
        this.young = new RowIndex(types);
        this.old = new RowIndex(types);
    }

    /** Where the rows of this batch's keys are (and where new ones go). */
    RowIndex store() {
        return young;
    }

    /** The id in {@link #store()} of a cached, unexpired key (moved there from the old generation), or -1. */
    int get(byte[] key, int off, int len, int hash, long now) {
        int id = young.find(key, off, len, hash);
        if (id >= 0) {
            if (expired(young, id, now)) {
                return -1;
            }
            young.touch(id, now);
            return id;
        }
        int aged = old.find(key, off, len, hash);
        if (aged < 0 || expired(old, aged, now)) {
            return -1;
        }
        int n = old.count(aged);
        if (promote.length < n) {
            promote = new int[Math.max(n, promote.length * 2)];
        }
        int first = old.start(aged);
        for (int i = 0; i < n; i++) {
            promote[i] = first + i;
        }
        int at = young.appendRows(old.rows, promote, n);
        return young.put(key, off, len, hash, at, n, old.written(aged), now);
    }

    private boolean expired(RowIndex index, int id, long now) {
        return (config.expireAfterWriteNanos() > 0 && now - index.written(id) >= config.expireAfterWriteNanos())
                || (config.expireAfterAccessNanos() > 0 && now - index.accessed(id) >= config.expireAfterAccessNanos());
    }

    /** Caches a key's rows ({@code count} rows of {@link #store()} from {@code first}); returns its id there. */
    int put(byte[] key, int off, int len, int hash, int first, int count, long now) {
        return young.put(key, off, len, hash, first, count, now, now);
    }

    /** The batch is done: turn the generations if the young one is full. */
    void endBatch() {
        long half = config.maxRows() > 0 ? Math.max(1, config.maxRows() / 2) : Long.MAX_VALUE;
        boolean full = young.keyCount() >= half;
        boolean wasteful = young.stored() > 2 * young.live() + 65_536;
        if (full || wasteful) {
            RowIndex dropped = old;
            old = young;
            young = dropped;
            young.clear();
        }
    }

    /** Keys cached, both generations (a key in both counted twice), for tests. */
    int keys() {
        return young.keyCount() + old.keyCount();
    }
}
