package io.sabot.engine.internal.lookup;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.plan.DataType;
import java.util.Arrays;

/**
 * Dimension rows by key: an encoded key maps to a contiguous range of rows in a columnar store, with when it was
 * written and last read (for a partial cache's expiry). Keys and rows only grow; replacing a key's rows leaves the old
 * ones as garbage until the index is cleared. Not thread-safe while written; a full cache publishes a finished index
 * that task threads only read.
 */
final class RowIndex {

    /** The stored rows: the dimension columns the join outputs. */
    final Column[] rows;

    private final BytesKeyTable keys = new BytesKeyTable();
    private int[] start = new int[64];
    private int[] count = new int[64];
    private long[] written = new long[64];
    private long[] accessed = new long[64];
    private int stored;
    private long live;

    RowIndex(DataType[] types) {
        rows = new Column[types.length];
        for (int c = 0; c < types.length; c++) {
            rows[c] = Physical.newColumn(types[c]);
        }
    }

    /** The id of a key, or -1. */
    int find(byte[] key, int off, int len, int hash) {
        return keys.find(key, off, len, hash);
    }

    int start(int id) {
        return start[id];
    }

    int count(int id) {
        return count[id];
    }

    long written(int id) {
        return written[id];
    }

    long accessed(int id) {
        return accessed[id];
    }

    void touch(int id, long now) {
        accessed[id] = now;
    }

    /** Appends rows {@code sel[0…n)} of {@code source} to the store; returns the position of the first. */
    int appendRows(Column[] source, int[] sel, int n) {
        for (int c = 0; c < rows.length; c++) {
            rows[c].appendRows(source[c], sel, n);
        }
        int first = stored;
        stored += n;
        return first;
    }

    /** Points a key (inserted if new) at {@code count} stored rows from {@code first}; returns its id. */
    int put(byte[] key, int off, int len, int hash, int first, int rowCount, long writtenAt, long now) {
        int before = keys.size();
        int id = keys.findOrInsert(key, off, len, hash);
        if (id >= start.length) {
            int size = Math.max(id + 1, start.length * 2);
            start = Arrays.copyOf(start, size);
            count = Arrays.copyOf(count, size);
            written = Arrays.copyOf(written, size);
            accessed = Arrays.copyOf(accessed, size);
        }
        if (keys.size() == before) {
            live -= count[id]; // replaced: the old rows are garbage now
        }
        start[id] = first;
        count[id] = rowCount;
        written[id] = writtenAt;
        accessed[id] = now;
        live += rowCount;
        return id;
    }

    /** Keys indexed (replaced ones counted once). */
    int keyCount() {
        return keys.size();
    }

    /** Rows in the store, garbage included. */
    int stored() {
        return stored;
    }

    /** Rows the keys point at. */
    long live() {
        return live;
    }

    BytesKeyTable keys() {
        return keys;
    }

    void clear() {
        keys.clear();
        for (Column column : rows) {
            column.clear();
        }
        stored = 0;
        live = 0;
    }
}
