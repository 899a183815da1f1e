package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of both sides of a regular join kept in a state backend (rocksdb) rather than on the heap: two {@code LIST}
 * states, {@code left} and {@code right}, with the descriptors of {@link JoinSide#rowsDescriptor}, so snapshots have
 * exactly the heap's layout.
 *
 * <p>Per batch of one side, the operator's two {@link JoinSide}s are scratch tables: {@link #load} reads the other
 * side's rows of the batch's distinct keys with one list read (and this side's too when the batch retracts rows),
 * the join runs on them exactly as on the heap, and {@link #store} writes back with one call per state: this side's
 * new rows appended, or, when rows were retracted, the lists of the batch's keys replaced; the other side's lists
 * only for keys whose rows' match counts changed (outer joins).
 */
final class JoinBackend {

    private final JoinStates states;
    private final StateDescriptor[] descriptors;
    private final RowType[] rowTypes = new RowType[2];
    private final int[][] keyColumns = new int[2][];
    private final KeyEncoder[] loadKeys = new KeyEncoder[2];
    private OperatorContext context;
    // the batch's distinct non-null keys: a representative row and the key group of each
    private final BytesKeyTable batchKeys = new BytesKeyTable();
    private int distinct;
    private int[] firstRow = new int[0];
    private int[] keyGroups = new int[0];
    // the other side's match counts as loaded, to find the keys whose rows changed
    private int[] loadedMatches = new int[0];
    private int[] ids = new int[0];
    private int[] idGroups = new int[0];
    private int[] keyList = new int[0];

    JoinBackend(KeyedStateBackend backend, RowType left, RowType right, int[] leftKeys, int[] rightKeys) {
        rowTypes[0] = left;
        rowTypes[1] = right;
        keyColumns[0] = leftKeys;
        keyColumns[1] = rightKeys;
        this.states = new JoinStates(
                backend,
                JoinSide.rowsDescriptor("left", left, leftKeys, true),
                JoinSide.rowsDescriptor("right", right, rightKeys, true));
        this.descriptors = states.descriptors;
        for (int t = 0; t < 2; t++) {
            DataType[] types = new DataType[keyColumns[t].length];
            for (int k = 0; k < types.length; k++) {
                types[k] = rowTypes[t].type(keyColumns[t][k]);
            }
            loadKeys[t] = new KeyEncoder(keyColumns[t], types);
        }
    }

    void open(OperatorContext context) {
        this.context = context;
    }

    private ListState state(int t) {
        return states.state(t);
    }

    /** Restores this subtask's key groups of the checkpoint into the backend. */
    void restore(OperatorStateReader in) throws IOException {
        states.restore(in);
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        states.snapshot(out);
    }

    /**
     * Loads into {@code sides[1 - s]} the other side's rows of the distinct keys of the batch (of side {@code s}, its
     * rows {@code 0…n)} with keys encoded in {@code encoded}, rows with a NULL key left out), and into {@code sides[s]}
     * this side's rows of those keys if {@code loadSelf}, else empties it.
     */
    void load(int s, Column[] cols, KeyEncoder encoded, int n, JoinSide[] sides, boolean loadSelf) {
        int o = 1 - s;
        distinctKeys(encoded, n);
        sides[s].clear();
        sides[o].clear();
        if (distinct == 0) {
            return;
        }
        loadSide(o, s, cols, sides[o]);
        int m = sides[o].liveRows();
        if (loadedMatches.length < m) {
            loadedMatches = new int[Math.max(m, loadedMatches.length * 2)];
        }
        System.arraycopy(sides[o].associations, 0, loadedMatches, 0, m);
        if (loadSelf) {
            loadSide(s, s, cols, sides[s]);
        }
    }

    private void distinctKeys(KeyEncoder encoded, int n) {
        batchKeys.clear();
        distinct = 0;
        if (firstRow.length < n) {
            firstRow = new int[Math.max(n, firstRow.length * 2)];
            keyGroups = new int[firstRow.length];
            keyList = new int[firstRow.length];
        }
        int maxParallelism = context.maxParallelism();
        for (int i = 0; i < n; i++) {
            if (encoded.anyNull[i]) {
                continue;
            }
            int id = batchKeys.findOrInsert(encoded.bytes, encoded.start(i), encoded.length(i), encoded.hashes[i]);
            if (id == distinct) {
                firstRow[distinct] = i;
                keyGroups[distinct] = KeyGroups.keyGroupForHash(encoded.hashes[i], maxParallelism);
                keyList[distinct] = distinct;
                distinct++;
            }
        }
    }

    /** Reads side {@code t}'s lists of the batch's distinct keys (from side {@code s}'s batch) into {@code side}. */
    private void loadSide(int t, int s, Column[] cols, JoinSide side) {
        try (VectorSchemaRoot keys = keyRoot(t, s, cols, firstRow, distinct);
                IntVector keyRows = new IntVector("key_row", context.allocator());
                VectorSchemaRoot elements =
                        VectorSchemaRoot.create(descriptors[t].valueSchema(), context.allocator())) {
            int m = state(t).get(KeyBatch.of(keys.getFieldVectors(), keyGroups, distinct), keyRows, elements);
            side.load(elements, m, loadKeys[t], keyColumns[t]);
        }
    }

    /**
     * The key columns of rows {@code rows[0…count)} of side {@code s}'s batch {@code cols}, in side {@code t}'s key
     * schema (the two sides' key types may differ in width while comparing equal, and the stored key is side {@code
     * t}'s).
     */
    private VectorSchemaRoot keyRoot(int t, int s, Column[] cols, int[] rows, int count) {
        VectorSchemaRoot root = VectorSchemaRoot.create(descriptors[t].keySchema(), context.allocator());
        try {
            for (int k = 0; k < keyColumns[t].length; k++) {
                ArrowColumns.write(
                        cols[keyColumns[s][k]], rowTypes[t].type(keyColumns[t][k]), root.getVector(k), rows, count);
                JoinStates.canonicalKey(root.getVector(k));
            }
            root.setRowCount(count);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Appends rows {@code rows[0…n)} of side {@code s}'s batch, with their match counts: one list append. */
    void append(int s, Column[] cols, KeyEncoder encoded, int[] rows, int[] matches, int n) {
        if (idGroups.length < n) {
            idGroups = new int[Math.max(n, idGroups.length * 2)];
        }
        int maxParallelism = context.maxParallelism();
        for (int i = 0; i < n; i++) {
            idGroups[i] = KeyGroups.keyGroupForHash(encoded.hashes[rows[i]], maxParallelism);
        }
        try (VectorSchemaRoot elements = elements(s, cols, rows, matches, n);
                VectorSchemaRoot keys = states.floatKeys[s] ? keyRoot(s, s, cols, rows, n) : null) {
            state(s).add(keyBatch(s, keys, elements, n), elements);
        }
    }

    /**
     * Writes back after the batch of side {@code s} (keys encoded in {@code encoded}) was joined: this side's lists
     * of the batch's keys when they were loaded ({@code selfLoaded}), the other side's lists of keys whose rows' match
     * counts changed when {@code otherCounts} (the other side is an outer side).
     */
    void store(int s, Column[] cols, KeyEncoder encoded, JoinSide[] sides, boolean selfLoaded, boolean otherCounts) {
        if (distinct == 0) {
            return;
        }
        if (selfLoaded) {
            rewrite(s, s, cols, encoded, sides[s], keyList, distinct);
        }
        if (otherCounts) {
            JoinSide other = sides[1 - s];
            int changed = 0;
            for (int d = 0; d < distinct; d++) {
                for (int id = other.first(encoded, firstRow[d]); id >= 0; id = other.next[id]) {
                    if (other.associations[id] != loadedMatches[id]) {
                        keyList[changed++] = d;
                        break;
                    }
                }
            }
            if (changed > 0) {
                rewrite(1 - s, s, cols, encoded, other, keyList, changed);
            }
        }
    }

    /**
     * Replaces side {@code t}'s lists of the batch keys {@code keys[0…count)} (indexes of distinct keys) with the rows
     * {@code side} holds for them; lists left empty are cleared.
     */
    private void rewrite(int t, int s, Column[] cols, KeyEncoder encoded, JoinSide side, int[] keys, int count) {
        int m = 0;
        int empty = 0;
        int[] emptyRows = new int[count];
        int[] emptyGroups = new int[count];
        for (int i = 0; i < count; i++) {
            int d = keys[i];
            int before = m;
            for (int id = side.first(encoded, firstRow[d]); id >= 0; id = side.next[id]) {
                if (m == ids.length) {
                    ids = Arrays.copyOf(ids, Math.max(16, m * 2));
                }
                if (m == idGroups.length) {
                    idGroups = Arrays.copyOf(idGroups, Math.max(16, m * 2));
                }
                ids[m] = id;
                idGroups[m] = keyGroups[d];
                m++;
            }
            if (m == before) {
                emptyRows[empty] = firstRow[d];
                emptyGroups[empty++] = keyGroups[d];
            }
        }
        if (m > 0) {
            int[] matches = new int[m];
            for (int i = 0; i < m; i++) {
                matches[i] = side.associations[ids[i]];
            }
            try (VectorSchemaRoot elements = elements(t, side.columns, ids, matches, m);
                    VectorSchemaRoot canonical = states.floatKeys[t] ? keyRoot(t, t, side.columns, ids, m) : null) {
                state(t).replace(keyBatch(t, canonical, elements, m), elements);
            }
        }
        if (empty > 0) {
            try (VectorSchemaRoot gone = keyRoot(t, s, cols, emptyRows, empty)) {
                state(t).clear(KeyBatch.of(gone.getFieldVectors(), emptyGroups, empty));
            }
        }
    }

    /** Element rows of side {@code t}: its columns at {@code rows[0…n)}, and the match counts. */
    private VectorSchemaRoot elements(int t, Column[] columns, int[] rows, int[] matches, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(descriptors[t].valueSchema(), context.allocator());
        try {
            RowType type = rowTypes[t];
            for (int c = 0; c < type.size(); c++) {
                ArrowColumns.write(columns[c], type.type(c), root.getVector(c), rows, n);
            }
            IntVector counts = (IntVector) root.getVector(type.size());
            counts.allocateNew(n);
            for (int i = 0; i < n; i++) {
                counts.set(i, matches[i]);
            }
            counts.setValueCount(n);
            root.setRowCount(n);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * The keys of element rows of side {@code t}, key groups in {@link #idGroups}: {@code keys} if not null (canonical
     * copies of floating-point keys), else the elements' own key columns (names are not compared).
     */
    private KeyBatch keyBatch(int t, VectorSchemaRoot keys, VectorSchemaRoot elements, int n) {
        if (keys != null) {
            return KeyBatch.of(keys.getFieldVectors(), idGroups, n);
        }
        List<FieldVector> own = new ArrayList<>(keyColumns[t].length);
        for (int k : keyColumns[t]) {
            own.add(elements.getVector(k));
        }
        return KeyBatch.of(own, idGroups, n);
    }
}
