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
    /** Stored rows not removed. */
    private int live;

    JoinSide(RowType rowType, KeyEncoder keys) {
        this.rowType = rowType;
        this.keys = keys;
        this.columns = new Column[rowType.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Physical.newColumn(rowType.type(c));
        }
    }

    /**
     * Adds this side's live rows to a checkpoint as list state {@code name}: key = the join key columns, elements =
     * every column of the row and its match count. A row's key group is that of its join key's hash, as the keyed
     * exchange routes it.
     */
    void snapshot(
            String name,
            int[] keyColumns,
            io.sabot.engine.internal.checkpoint.OperatorStateWriter out,
            org.apache.arrow.memory.BufferAllocator allocator) {
        io.sabot.state.spi.StateDescriptor descriptor = descriptor(name, keyColumns);
        org.apache.arrow.vector.types.pojo.Schema schema =
                io.sabot.state.spi.snapshot.SnapshotFormat.stateFileSchema(descriptor);
        int[] ids = new int[size];
        int[] groups = new int[size];
        int n = 0;
        for (int kid = 0; kid < keyIds.size() && kid < head.length; kid++) {
            int group = io.sabot.state.spi.KeyGroups.keyGroupForHash(keyIds.hash(kid), out.maxParallelism());
            for (int id = head[kid]; id >= 0; id = next[id]) {
                if (alive[id]) {
                    ids[n] = id;
                    groups[n++] = group;
                }
            }
        }
        for (int from = 0; from < n; from += 65_536) {
            int len = Math.min(65_536, n - from);
            int[] sel = Arrays.copyOfRange(ids, from, from + len);
            org.apache.arrow.vector.VectorSchemaRoot root =
                    org.apache.arrow.vector.VectorSchemaRoot.create(schema, allocator);
            try {
                org.apache.arrow.vector.IntVector kg = (org.apache.arrow.vector.IntVector) root.getVector(0);
                kg.allocateNew(len);
                for (int i = 0; i < len; i++) {
                    kg.set(i, groups[from + i]);
                }
                kg.setValueCount(len);
                int c = 1;
                for (int k : keyColumns) {
                    io.sabot.engine.internal.column.ArrowColumns.write(
                            columns[k], rowType.type(k), root.getVector(c), sel, len);
                    JoinStates.canonicalKey(root.getVector(c++)); // as a backend stores them
                }
                for (int col = 0; col < columns.length; col++) {
                    io.sabot.engine.internal.column.ArrowColumns.write(
                            columns[col], rowType.type(col), root.getVector(c++), sel, len);
                }
                org.apache.arrow.vector.IntVector matches = (org.apache.arrow.vector.IntVector) root.getVector(c);
                matches.allocateNew(len);
                for (int i = 0; i < len; i++) {
                    matches.set(i, associations[sel[i]]);
                }
                matches.setValueCount(len);
                root.setRowCount(len);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            out.addRows(descriptor, root);
        }
    }

    /** Restores the rows of this subtask's key groups from a checkpoint. */
    void restore(String name, int[] keyColumns, io.sabot.engine.internal.checkpoint.OperatorStateReader in)
            throws Exception {
        Column[] restored = new Column[columns.length];
        for (int c = 0; c < restored.length; c++) {
            restored[c] = Physical.newColumn(rowType.type(c));
        }
        Column[] keyCols = new Column[keyColumns.length];
        in.readRows(name, batch -> {
            int n = batch.getRowCount();
            int at = 1 + keyColumns.length;
            for (int c = 0; c < restored.length; c++) {
                io.sabot.engine.internal.column.ArrowColumns.read(
                        batch.getVector(at + c), rowType.type(c).kind(), restored[c], n);
            }
            org.apache.arrow.vector.IntVector matchVector =
                    (org.apache.arrow.vector.IntVector) batch.getVector(at + restored.length);
            int[] rows = new int[n];
            int[] matches = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
                matches[i] = matchVector.get(i);
            }
            for (int k = 0; k < keyColumns.length; k++) {
                keyCols[k] = restored[keyColumns[k]];
            }
            keys.encode(keyCols, n);
            addAll(restored, rows, matches, n);
        });
    }

    private io.sabot.state.spi.StateDescriptor descriptor(String name, int[] keyColumns) {
        return rowsDescriptor(name, rowType, keyColumns, true);
    }

    /**
     * List state {@code name} of stored join rows: key = the join key columns, elements = every column of the row
     * (and its match count, when {@code withMatches}).
     */
    static io.sabot.state.spi.StateDescriptor rowsDescriptor(
            String name, RowType rowType, int[] keyColumns, boolean withMatches) {
        org.apache.arrow.vector.types.pojo.Schema row = rowType.toArrowSchema();
        java.util.List<org.apache.arrow.vector.types.pojo.Field> key = new java.util.ArrayList<>();
        for (int k = 0; k < keyColumns.length; k++) {
            org.apache.arrow.vector.types.pojo.Field f = row.getFields().get(keyColumns[k]);
            key.add(new org.apache.arrow.vector.types.pojo.Field(
                    "key" + k + "_" + f.getName(), f.getFieldType(), f.getChildren()));
        }
        java.util.List<org.apache.arrow.vector.types.pojo.Field> element = new java.util.ArrayList<>();
        for (int c = 0; c < row.getFields().size(); c++) {
            org.apache.arrow.vector.types.pojo.Field f = row.getFields().get(c);
            element.add(new org.apache.arrow.vector.types.pojo.Field(
                    "c" + c + "_" + f.getName(), f.getFieldType(), f.getChildren()));
        }
        if (withMatches) {
            element.add(org.apache.arrow.vector.types.pojo.Field.notNullable(
                    "matches", new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)));
        }
        return io.sabot.state.spi.StateDescriptor.list(
                name,
                new org.apache.arrow.vector.types.pojo.Schema(key),
                new org.apache.arrow.vector.types.pojo.Schema(element));
    }

    /** Forgets every row, keeping the arrays: a scratch side reloaded from a state backend for each batch. */
    void clear() {
        for (Column column : columns) {
            column.clear();
        }
        int kids = Math.min(keyIds.size(), head.length);
        Arrays.fill(head, 0, kids, -1);
        Arrays.fill(tail, 0, kids, -1);
        keyIds.clear();
        size = 0;
        live = 0;
    }

    /**
     * Replaces the rows with the {@code n} element rows of a list-state read (the columns of {@link #rowsDescriptor},
     * with match counts), in their order; their keys are encoded with {@code encoder}, not {@link #keys}, which may
     * hold the keys of the batch being joined.
     */
    void load(org.apache.arrow.vector.VectorSchemaRoot elements, int n, KeyEncoder encoder, int[] keyColumns) {
        clear();
        for (int c = 0; c < columns.length; c++) {
            io.sabot.engine.internal.column.ArrowColumns.read(
                    elements.getVector(c), rowType.type(c).kind(), columns[c], n);
        }
        Column[] keyCols = new Column[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            keyCols[k] = columns[keyColumns[k]];
        }
        encoder.encode(keyCols, n);
        org.apache.arrow.vector.IntVector matches =
                (org.apache.arrow.vector.IntVector) elements.getVector(columns.length);
        size = n;
        live = n;
        grow(n);
        for (int id = 0; id < n; id++) {
            associations[id] = matches.get(id);
            alive[id] = true;
            link(keyIds.findOrInsert(encoder.bytes, encoder.start(id), encoder.length(id), encoder.hashes[id]), id);
        }
    }

    /** The first stored row with the key of row {@code row} of an encoded batch, or -1. */
    int first(KeyEncoder encoded, int row) {
        int kid = keyIds.find(encoded.bytes, encoded.start(row), encoded.length(row), encoded.hashes[row]);
        return kid < 0 || kid >= head.length ? -1 : head[kid];
    }

    /** The rows stored and not removed. */
    int liveRows() {
        return live;
    }

    /** Stores rows {@code rows[0…n)} of a batch (their keys encoded in {@link #keys}) with their match counts. */
    void addAll(Column[] batch, int[] rows, int[] matches, int n) {
        int firstId = size;
        for (int c = 0; c < columns.length; c++) {
            columns[c].appendRows(batch[c], rows, n);
        }
        size += n;
        live += n;
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
                live--;
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
