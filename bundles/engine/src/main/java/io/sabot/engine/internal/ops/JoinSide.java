package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.RowType;
import java.util.Arrays;

/**
 * The state of one side of a regular join: its rows in growing columns, indexed by join key (a doubly linked list
 * of row ids per key, insertion order), with each row's number of matches on the other side (for outer joins).
 * Rows whose key has a NULL are never stored: they can never match.
 */
final class JoinSide {

    final RowType rowType;
    final Column[] columns;
    final KeyEncoder keys;
    private final BytesKeyTable keyIds = new BytesKeyTable();
    private int[] head = new int[0];
    private int[] tail = new int[0];
    int[] next = new int[0];
    private int[] prev = new int[0];
    int[] associations = new int[0];
    private boolean[] alive = new boolean[0];
    private int size;

    JoinSide(RowType rowType, KeyEncoder keys) {
        this.rowType = rowType;
        this.keys = keys;
        this.columns = new Column[rowType.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Physical.newColumn(rowType.type(c));
        }
    }

    /** The first stored row with the key of row {@code row} of an encoded batch, or -1. */
    int first(KeyEncoder encoded, int row) {
        int kid = keyIds.find(encoded.bytes, encoded.start(row), encoded.length(row), encoded.hashes[row]);
        return kid < 0 || kid >= head.length ? -1 : head[kid];
    }

    /** Stores rows {@code rows[0…n)} of a batch (their keys encoded in {@link #keys}) with their match counts. */
    void addAll(Column[] batch, int[] rows, int[] matches, int n) {
        int firstId = size;
        for (int c = 0; c < columns.length; c++) {
            columns[c].appendRows(batch[c], rows, n);
        }
        size += n;
        grow(size);
        for (int i = 0; i < n; i++) {
            int id = firstId + i;
            int r = rows[i];
            associations[id] = matches[i];
            alive[id] = true;
            link(keyIds.findOrInsert(keys.bytes, keys.start(r), keys.length(r), keys.hashes[r]), id);
        }
    }

    private void link(int kid, int id) {
        if (kid >= head.length) {
            int old = head.length;
            head = Arrays.copyOf(head, Math.max(kid + 1, old * 2));
            tail = Arrays.copyOf(tail, head.length);
            Arrays.fill(head, old, head.length, -1);
            Arrays.fill(tail, old, tail.length, -1);
        }
        next[id] = -1;
        prev[id] = tail[kid];
        if (tail[kid] >= 0) {
            next[tail[kid]] = id;
        } else {
            head[kid] = id;
        }
        tail[kid] = id;
    }

    private void grow(int n) {
        if (next.length < n) {
            int size = Math.max(n, next.length * 2);
            next = Arrays.copyOf(next, size);
            prev = Arrays.copyOf(prev, size);
            associations = Arrays.copyOf(associations, size);
            alive = Arrays.copyOf(alive, size);
        }
    }

    /**
     * Removes the first stored row equal to row {@code row} of {@code batch} (a retraction); returns its id, or -1
     * if there is none.
     */
    int remove(Column[] batch, int row) {
        int kid = keyIds.find(keys.bytes, keys.start(row), keys.length(row), keys.hashes[row]);
        if (kid < 0 || kid >= head.length) {
            return -1;
        }
        for (int id = head[kid]; id >= 0; id = next[id]) {
            boolean equal = true;
            for (int c = 0; c < columns.length && equal; c++) {
                equal = ColumnOps.rowEquals(columns[c], id, batch[c], row);
            }
            if (equal) {
                alive[id] = false;
                if (prev[id] >= 0) {
                    next[prev[id]] = next[id];
                } else {
                    head[kid] = next[id];
                }
                if (next[id] >= 0) {
                    prev[next[id]] = prev[id];
                } else {
                    tail[kid] = prev[id];
                }
                return id;
            }
        }
        return -1;
    }
}
