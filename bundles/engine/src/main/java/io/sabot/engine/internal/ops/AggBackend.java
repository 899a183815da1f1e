package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.EvalInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.plan.DataType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.MapState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The groups of an aggregation kept in a state backend (rocksdb) rather than on the heap, as one {@code VALUE} state
 * and, per DISTINCT aggregate, one {@code MAP} state (group -> value -> multiplicity) with the descriptors of {@link
 * AggSnapshots}, so snapshots have exactly the heap's layout. Per batch the operator looks the batch's keys up in a
 * scratch {@link AggState} (which then holds just those groups), {@link #load}s their stored accumulators with one
 * batch read (and {@link #loadDistinct} the multiplicities of the batch's (group, value) pairs with one more per
 * DISTINCT aggregate), accumulates columnar as on the heap, and {@link #store}s them back with one batch write each.
 * Window firing {@link #drain}s the fired windows' groups from a scan of the backend.
 */
final class AggBackend {

    /** Receives the groups of one window, loaded into a scratch state. */
    interface WindowGroups {
        void accept(long start, long end, AggState groups) throws Exception;
    }

    /** Which windows a drain takes. */
    interface WindowFilter {
        boolean test(long start, long end);
    }

    private final AggSnapshots snapshots;
    private final Aggregation aggregation;
    private final KeyedStateBackend backend;
    private final StateDescriptor descriptor;
    private final DataType[] keyTypes;
    private final boolean windowed;
    private final int keyCount;
    /** The aggregates with a DISTINCT value set, each kept in a {@code MAP} state (of {@link #maps}). */
    private final int[] distinctAggs;

    private final MapState[] maps;
    private final Column[] distinctValues;
    private OperatorContext context;
    private ValueState state;
    /** The window of the groups between {@link #load} and {@link #store}. */
    private long start;

    private long end;
    /**
     * Session windows: per scratch id, the bounds of its session and the hash of its group key (a session's slot key
     * in the scratch table is not its group key); null otherwise.
     */
    private long[] startOf;

    private long[] endOf;
    private int[] hashOf;
    private int[] keyGroups = new int[0];
    private boolean[] present = new boolean[0];
    private int[] rows = new int[0];
    private int[] all = new int[0];
    /** Releases what a failed batch left between {@link #load} and {@link #store}. */
    void close() {
        if (keys != null) {
            keys.close();
            keys = null;
        }
    }

    /** The key rows of the groups between {@link #load} and {@link #store}. */
    private VectorSchemaRoot keys;

    AggBackend(AggSnapshots snapshots, Aggregation aggregation, KeyedStateBackend backend) {
        this.snapshots = snapshots;
        this.aggregation = aggregation;
        this.backend = backend;
        this.descriptor = snapshots.descriptor();
        this.keyTypes = snapshots.keyTypes();
        this.windowed = snapshots.windowed();
        this.keyCount = descriptor.keySchema().getFields().size();
        this.distinctAggs = snapshots.distinctAggregates();
        this.maps = new MapState[distinctAggs.length];
        this.distinctValues = new Column[distinctAggs.length];
        for (int d = 0; d < distinctAggs.length; d++) {
            distinctValues[d] = Physical.newColumn(snapshots.distinctType(d));
        }
    }

    void open(OperatorContext context) {
        this.context = context;
    }

    /** The state, created on first use (after a restore, which must reach the backend first). */
    private ValueState state() {
        if (state == null) {
            state = backend.valueState(descriptor);
        }
        return state;
    }

    /** The DISTINCT values of {@code distinctAggs[d]}, created on first use like {@link #state()}. */
    private MapState map(int d) {
        if (maps[d] == null) {
            maps[d] = backend.mapState(snapshots.distinctDescriptor(d));
        }
        return maps[d];
    }

    /** Restores this subtask's key groups of the checkpoint into the backend. */
    void restore(OperatorStateReader in) throws IOException {
        in.restoreInto(backend);
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        state();
        for (int d = 0; d < maps.length; d++) {
            map(d);
        }
        out.addBackend(backend);
    }

    /**
     * Loads the stored accumulators of every group of {@code scratch} (all freshly looked up for this batch) of the
     * window {@code [start, end)} (ignored unless windowed): one batch read.
     */
    void load(AggState scratch, long start, long end) {
        int n = scratch.size();
        ensure(n);
        this.start = start;
        this.end = end;
        if (keys != null) { // a session firing loads without storing
            keys.close();
        }
        keys = keyRows(scratch, all, n, keyGroups);
        if (n == 0) { // a batch whose keys have no sessions yet
            return;
        }
        KeyBatch batch = KeyBatch.of(keys.getFieldVectors(), keyGroups, n);
        try (VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            state().get(batch, values, present);
            int m = 0;
            for (int g = 0; g < n; g++) {
                if (present[g]) {
                    rows[m++] = g;
                }
            }
            if (m > 0) {
                scratch.load(values.getFieldVectors().toArray(new FieldVector[0]), 0, rows, rows, m);
            }
        }
    }

    /** Writes back every group {@link #load} read (with this batch applied): one batch write; empty groups go. */
    void store(AggState scratch) {
        int n = scratch.size();
        try {
            try (VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
                scratch.save(all, n, values.getFieldVectors().toArray(new FieldVector[0]), 0);
                values.setRowCount(n);
                state().put(KeyBatch.of(keys.getFieldVectors(), keyGroups, n), values);
            }
            int dead = 0;
            for (int g = 0; g < n; g++) {
                if (scratch.rowCount(g) <= 0) {
                    rows[dead++] = g;
                }
            }
            if (dead > 0) { // every row of these groups was retracted (a changelog input): they disappear
                try (VectorSchemaRoot gone = VectorSchemaRoot.create(descriptor.keySchema(), context.allocator())) {
                    int[] groups = new int[dead];
                    for (int i = 0; i < dead; i++) {
                        for (int c = 0; c < keyCount; c++) {
                            gone.getVector(c).copyFromSafe(rows[i], i, keys.getVector(c));
                        }
                        groups[i] = keyGroups[rows[i]];
                    }
                    gone.setRowCount(dead);
                    state().clear(KeyBatch.of(gone, groups));
                }
            }
            for (int d = 0; d < distinctAggs.length; d++) {
                storeDistinct(scratch, d);
            }
        } finally {
            keys.close();
            keys = null;
        }
    }

    /**
     * After {@link #load}, before the batch is applied: loads the stored multiplicities of the (group, DISTINCT value)
     * pairs that rows {@code rows[0…n)} of groups {@code ids[0…n)} touch, one multi-get per DISTINCT aggregate.
     * Only these pairs are read: a value's first or last occurrence is all that changes a DISTINCT aggregate.
     */
    void loadDistinct(AggState scratch, EvalInput input, int[] rows, int[] ids, int n) {
        if (distinctAggs.length == 0) {
            return;
        }
        scratch.touchDistinct(input, rows, ids, n);
        for (int d = 0; d < distinctAggs.length; d++) {
            AggState.DistinctEntries e = scratch.distinctAll(distinctAggs[d]);
            int m = e.count();
            if (m == 0) {
                continue;
            }
            int[] groups = new int[m];
            boolean[] found = new boolean[m];
            MapState map = map(d);
            try (VectorSchemaRoot entryKeys = keyRows(scratch, e.groups(), m, groups);
                    VectorSchemaRoot values = distinctRows(scratch, d, e.valueStarts(), m);
                    VectorSchemaRoot counts =
                            VectorSchemaRoot.create(map.descriptor().valueSchema(), context.allocator())) {
                if (map.get(KeyBatch.of(entryKeys.getFieldVectors(), groups, m), values, counts, found) > 0) {
                    BigIntVector multiplicity = (BigIntVector) counts.getVector(0);
                    for (int i = 0; i < m; i++) {
                        if (found[i]) {
                            scratch.setDistinctMultiplicity(distinctAggs[d], i, multiplicity.get(i));
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes back the pairs {@link #loadDistinct} read: those still counted with their multiplicity (one write
     * batch), those whose last row was retracted removed.
     */
    private void storeDistinct(AggState scratch, int d) {
        AggState.DistinctEntries e = scratch.distinctAll(distinctAggs[d]);
        int m = e.count();
        if (m == 0) {
            return;
        }
        int[] liveGroups = new int[m];
        int[] liveStarts = new int[m];
        long[] liveCounts = new long[m];
        int[] deadGroups = new int[m];
        int[] deadStarts = new int[m];
        int live = 0;
        int dead = 0;
        for (int i = 0; i < m; i++) {
            if (e.multiplicities()[i] > 0) {
                liveGroups[live] = e.groups()[i];
                liveStarts[live] = e.valueStarts()[i];
                liveCounts[live++] = e.multiplicities()[i];
            } else {
                deadGroups[dead] = e.groups()[i];
                deadStarts[dead++] = e.valueStarts()[i];
            }
        }
        MapState map = map(d);
        int[] groups = new int[m];
        if (live > 0) {
            try (VectorSchemaRoot entryKeys = keyRows(scratch, liveGroups, live, groups);
                    VectorSchemaRoot values = distinctRows(scratch, d, liveStarts, live);
                    VectorSchemaRoot counts =
                            VectorSchemaRoot.create(map.descriptor().valueSchema(), context.allocator())) {
                BigIntVector multiplicity = (BigIntVector) counts.getVector(0);
                multiplicity.allocateNew(live);
                for (int i = 0; i < live; i++) {
                    multiplicity.set(i, liveCounts[i]);
                }
                multiplicity.setValueCount(live);
                counts.setRowCount(live);
                map.put(KeyBatch.of(entryKeys.getFieldVectors(), groups, live), values, counts);
            }
        }
        if (dead > 0) {
            try (VectorSchemaRoot entryKeys = keyRows(scratch, deadGroups, dead, groups);
                    VectorSchemaRoot values = distinctRows(scratch, d, deadStarts, dead)) {
                map.remove(KeyBatch.of(entryKeys.getFieldVectors(), groups, dead), values);
            }
        }
    }

    /** The DISTINCT values at {@code valueStarts[0…n)} of aggregate {@code distinctAggs[d]}, as user-key rows. */
    private VectorSchemaRoot distinctRows(AggState scratch, int d, int[] valueStarts, int n) {
        VectorSchemaRoot root =
                VectorSchemaRoot.create(snapshots.distinctDescriptor(d).userKeySchema(), context.allocator());
        try {
            scratch.decodeDistinct(distinctAggs[d], valueStarts, n, distinctValues[d]);
            ArrowColumns.write(distinctValues[d], snapshots.distinctType(d), root.getVector(0), null, n);
            root.setRowCount(n);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * Session windows: loads the accumulators and whole DISTINCT value sets (merging sessions needs them all) of the
     * sessions in {@code scratch}, session {@code id} stored under {@code [startOf[id], endOf[id])}, its key group
     * that of {@code hashOf[id]}. One multi-get, and one prefix read per DISTINCT aggregate.
     */
    void loadSessions(AggState scratch, long[] startOf, long[] endOf, int[] hashOf) {
        this.startOf = startOf;
        this.endOf = endOf;
        this.hashOf = hashOf;
        load(scratch, 0, 0);
        int n = scratch.size();
        for (int d = 0; d < distinctAggs.length; d++) {
            MapState map = map(d);
            try (IntVector keyRowsOut = new IntVector("key_row", context.allocator());
                    VectorSchemaRoot values = VectorSchemaRoot.create(
                            snapshots.distinctDescriptor(d).userKeySchema(), context.allocator());
                    VectorSchemaRoot counts =
                            VectorSchemaRoot.create(map.descriptor().valueSchema(), context.allocator())) {
                int m = map.entries(KeyBatch.of(keys.getFieldVectors(), keyGroups, n), keyRowsOut, values, counts);
                if (m == 0) {
                    continue;
                }
                ArrowColumns.read(values.getVector(0), snapshots.distinctType(d).kind(), distinctValues[d], m);
                int[] groups = new int[m];
                long[] multiplicities = new long[m];
                BigIntVector multiplicity = (BigIntVector) counts.getVector(0);
                for (int i = 0; i < m; i++) {
                    groups[i] = keyRowsOut.get(i); // key row i is scratch id i
                    multiplicities[i] = multiplicity.get(i);
                }
                scratch.loadDistinct(distinctAggs[d], distinctValues[d], groups, multiplicities, m);
            }
        }
    }

    /**
     * Session windows: writes back every session of {@code scratch} (those loaded and those the batch opened) under
     * the bounds now given; one with no rows (merged into another) is removed under its given bounds.
     */
    void storeSessions(AggState scratch, long[] startOf, long[] endOf, int[] hashOf) {
        this.startOf = startOf;
        this.endOf = endOf;
        this.hashOf = hashOf;
        int n = scratch.size();
        ensure(n);
        if (keys != null) {
            keys.close();
        }
        keys = keyRows(scratch, all, n, keyGroups);
        store(scratch);
    }

    /**
     * Removes groups {@code ids[0…n)} of {@code scratch} (with their DISTINCT values), stored under the bounds {@code
     * startOf/endOf} and key-group hashes {@code hashOf} (per scratch id; null for the window of the last load).
     */
    void delete(AggState scratch, int[] ids, int n, long[] startOf, long[] endOf, int[] hashOf) {
        if (n == 0) {
            return;
        }
        this.startOf = startOf;
        this.endOf = endOf;
        this.hashOf = hashOf;
        int[] groups = new int[n];
        try (VectorSchemaRoot gone = keyRows(scratch, ids, n, groups)) {
            KeyBatch batch = KeyBatch.of(gone.getFieldVectors(), groups, n);
            state().clear(batch);
            for (int d = 0; d < distinctAggs.length; d++) {
                map(d).clear(batch);
            }
        }
    }

    /** Receives a stored group: row {@code row} of the encoded keys, its window bounds. */
    interface StoredGroup {
        void accept(io.sabot.engine.internal.keys.KeyEncoder keys, int row, long start, long end) throws Exception;
    }

    /** Hands over the key and bounds of every stored group (sessions rebuild their index after a restore). */
    void scanGroups(StoredGroup groups) throws Exception {
        Column[] keyColumns = new Column[keyTypes.length];
        for (int k = 0; k < keyTypes.length; k++) {
            keyColumns[k] = Physical.newColumn(keyTypes[k]);
        }
        try (VectorSchemaRoot batch =
                VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(descriptor), context.allocator())) {
            state().scan(backend.keyGroupRange(), batch, context.batchSize(), scanned -> {
                int n = scanned.getRowCount();
                for (int k = 0; k < keyTypes.length; k++) {
                    ArrowColumns.read(scanned.getVector(1 + k), keyTypes[k].kind(), keyColumns[k], n);
                }
                aggregation.keys.encode(keyColumns, n);
                BigIntVector starts = windowed ? (BigIntVector) scanned.getVector(1 + keyTypes.length) : null;
                BigIntVector ends = windowed ? (BigIntVector) scanned.getVector(2 + keyTypes.length) : null;
                try {
                    for (int r = 0; r < n; r++) {
                        groups.accept(aggregation.keys, r, windowed ? starts.get(r) : 0, windowed ? ends.get(r) : 0);
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new DrainFailure(e);
                }
            });
        } catch (DrainFailure e) {
            throw (Exception) e.getCause();
        }
    }

    private void ensure(int n) {
        if (keyGroups.length < n) {
            int size = Math.max(n, keyGroups.length * 2);
            keyGroups = new int[size];
            present = new boolean[size];
            rows = new int[size];
            all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
        }
    }

    /**
     * The key columns (and window bounds: {@link #start}/{@link #end}, or per group {@link #startOf}/{@link #endOf})
     * of groups {@code ids[0…n)} of {@code scratch}, one row each; their key groups into {@code groupsOut}.
     */
    private VectorSchemaRoot keyRows(AggState scratch, int[] ids, int n, int[] groupsOut) {
        VectorSchemaRoot root = VectorSchemaRoot.create(descriptor.keySchema(), context.allocator());
        try {
            BytesKeyTable table = scratch.keys();
            int maxParallelism = context.maxParallelism();
            for (int i = 0; i < n; i++) {
                int hash = hashOf == null ? table.hash(ids[i]) : hashOf[ids[i]];
                groupsOut[i] = KeyGroups.keyGroupForHash(hash, maxParallelism);
            }
            int c = 0;
            if (keyTypes.length > 0) {
                aggregation.keys.decode(table, ids, n, aggregation.keyColumns);
                for (int k = 0; k < keyTypes.length; k++) {
                    ArrowColumns.write(aggregation.keyColumns[k], keyTypes[k], root.getVector(c++), null, n);
                }
            }
            if (windowed && startOf != null) {
                fill((BigIntVector) root.getVector(c++), startOf, ids, n);
                fill((BigIntVector) root.getVector(c++), endOf, ids, n);
            } else if (windowed) {
                fill((BigIntVector) root.getVector(c++), start, n);
                fill((BigIntVector) root.getVector(c++), end, n);
            } else if (keyTypes.length == 0) {
                IntVector global = (IntVector) root.getVector(c++);
                global.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    global.set(i, 0);
                }
                global.setValueCount(n);
            }
            root.setRowCount(n);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void fill(BigIntVector v, long[] values, int[] ids, int n) {
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
            v.set(i, values[ids[i]]);
        }
        v.setValueCount(n);
    }

    private static void fill(BigIntVector v, long value, int n) {
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
            v.set(i, value);
        }
        v.setValueCount(n);
    }

    /**
     * Scans every stored group, a scan batch at a time: of the rows whose window {@code take} accepts, those of
     * windows {@code load} accepts are loaded window by window into {@code scratch} and handed to {@code groups}, and
     * those of windows {@code delete} accepts are removed from the backend after the scan. Holds on the heap at most
     * one scan batch of groups at a time (plus the keys to delete, off-heap).
     */
    void drain(WindowFilter take, WindowFilter load, WindowFilter delete, AggState scratch, WindowGroups groups)
            throws Exception {
        int batchSize = context.batchSize();
        Column[] keyColumns = new Column[keyTypes.length];
        for (int k = 0; k < keyTypes.length; k++) {
            keyColumns[k] = Physical.newColumn(keyTypes[k]);
        }
        List<VectorSchemaRoot> toDelete = new ArrayList<>();
        List<int[]> toDeleteGroups = new ArrayList<>();
        try (VectorSchemaRoot batch =
                VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(descriptor), context.allocator())) {
            state().scan(backend.keyGroupRange(), batch, batchSize, scanned -> {
                try {
                    drainBatch(scanned, take, load, delete, scratch, groups, keyColumns, toDelete, toDeleteGroups);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new DrainFailure(e);
                }
            });
        } catch (DrainFailure e) {
            toDelete.forEach(VectorSchemaRoot::close);
            throw (Exception) e.getCause();
        } catch (RuntimeException e) {
            toDelete.forEach(VectorSchemaRoot::close);
            throw e;
        }
        try {
            for (int i = 0; i < toDelete.size(); i++) {
                VectorSchemaRoot root = toDelete.get(i);
                KeyBatch gone = KeyBatch.of(root, toDeleteGroups.get(i));
                state().clear(gone);
                for (int d = 0; d < maps.length; d++) {
                    map(d).clear(gone); // every DISTINCT value of the group
                }
            }
        } finally {
            toDelete.forEach(VectorSchemaRoot::close);
        }
    }

    private static final class DrainFailure extends RuntimeException {
        DrainFailure(Exception cause) {
            super(cause);
        }
    }

    private record Window(long start, long end) {}

    private void drainBatch(
            VectorSchemaRoot scanned,
            WindowFilter take,
            WindowFilter load,
            WindowFilter delete,
            AggState scratch,
            WindowGroups groups,
            Column[] keyColumns,
            List<VectorSchemaRoot> toDelete,
            List<int[]> toDeleteGroups)
            throws Exception {
        int n = scanned.getRowCount();
        FieldVector[] vectors = scanned.getFieldVectors().toArray(new FieldVector[0]);
        int at = 1 + keyTypes.length;
        BigIntVector starts = windowed ? (BigIntVector) vectors[at] : null;
        BigIntVector ends = windowed ? (BigIntVector) vectors[at + 1] : null;
        Map<Window, int[]> due = new LinkedHashMap<>();
        Map<Window, Integer> counts = new LinkedHashMap<>();
        int taken = 0;
        for (int r = 0; r < n; r++) {
            long s = windowed ? starts.get(r) : 0;
            long e = windowed ? ends.get(r) : 0;
            if (take.test(s, e)) {
                counts.merge(new Window(s, e), 1, Integer::sum);
                taken++;
            }
        }
        if (taken == 0) {
            return;
        }
        for (Map.Entry<Window, Integer> c : counts.entrySet()) {
            due.put(c.getKey(), new int[c.getValue()]);
        }
        Map<Window, int[]> fill = new LinkedHashMap<>();
        int[] takenRows = new int[taken];
        int t = 0;
        for (int r = 0; r < n; r++) {
            long s = windowed ? starts.get(r) : 0;
            long e = windowed ? ends.get(r) : 0;
            if (take.test(s, e)) {
                Window w = new Window(s, e);
                int[] idx = fill.computeIfAbsent(w, x -> new int[1]);
                due.get(w)[idx[0]++] = r;
                takenRows[t++] = r;
            }
        }
        boolean anyLoad = false;
        for (Window w : due.keySet()) {
            anyLoad |= load.test(w.start(), w.end());
        }
        if (anyLoad) {
            for (int k = 0; k < keyTypes.length; k++) {
                ArrowColumns.read(vectors[1 + k], keyTypes[k].kind(), keyColumns[k], n);
            }
            aggregation.keys.encode(keyColumns, n);
        }
        int valueAt = 1 + keyCount;
        for (Map.Entry<Window, int[]> e : due.entrySet()) {
            if (!load.test(e.getKey().start(), e.getKey().end())) {
                continue;
            }
            int[] runRows = e.getValue();
            int m = runRows.length;
            int[] runIds = new int[m];
            scratch.clear();
            for (int i = 0; i < m; i++) {
                int r = runRows[i];
                runIds[i] = scratch.insert(
                        aggregation.keys.bytes,
                        aggregation.keys.start(r),
                        aggregation.keys.length(r),
                        aggregation.keys.hashes[r]);
            }
            scratch.load(vectors, valueAt, runRows, runIds, m);
            groups.accept(e.getKey().start(), e.getKey().end(), scratch);
        }
        int gone = 0;
        for (int i = 0; i < taken; i++) {
            int r = takenRows[i];
            if (delete.test(windowed ? starts.get(r) : 0, windowed ? ends.get(r) : 0)) {
                takenRows[gone++] = r;
            }
        }
        if (gone > 0) {
            VectorSchemaRoot keysOut = VectorSchemaRoot.create(descriptor.keySchema(), context.allocator());
            int[] kg = new int[gone];
            IntVector groupColumn = (IntVector) vectors[0];
            for (int i = 0; i < gone; i++) {
                int r = takenRows[i];
                for (int c = 0; c < keyCount; c++) {
                    keysOut.getVector(c).copyFromSafe(r, i, vectors[1 + c]);
                }
                kg[i] = groupColumn.get(r);
            }
            keysOut.setRowCount(gone);
            toDelete.add(keysOut);
            toDeleteGroups.add(kg);
        }
    }

    /** The distinct windows of the stored groups (after a restore, to know what is open). */
    List<long[]> windows() throws Exception {
        java.util.Set<Window> seen = new java.util.LinkedHashSet<>();
        drain(
                (s, e) -> {
                    seen.add(new Window(s, e));
                    return false;
                },
                (s, e) -> false,
                (s, e) -> false,
                null,
                null);
        List<long[]> out = new ArrayList<>();
        for (Window w : seen) {
            out.add(new long[] {w.start(), w.end()});
        }
        return out;
    }
}
