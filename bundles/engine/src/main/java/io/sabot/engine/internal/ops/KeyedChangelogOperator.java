package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.checkpoint.BackendStateOperator;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedState;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * For operators that keep whole rows per primary key and turn a changelog into another ({@link
 * ChangelogNormalizeOperator}, {@link SinkUpsertMaterializeOperator}): the rows live in store columns, reached from
 * the key ids of a {@link BytesKeyTable}. On the heap the store holds every key's rows and is compacted when dead rows
 * dominate; with a state backend it holds only the batch's keys' rows, loaded before and written back after each
 * batch. Either way the state is one keyed state {@code S}: key = the key columns, value = every column, so a
 * checkpoint restores on either.
 *
 * <p>This class owns the key interning, the heap/backend choice, the scratch and the snapshot/restore; subclasses say
 * how rows hang off a key and what each change emits, through per-batch hooks (never per-row calls).
 */
abstract class KeyedChangelogOperator<S extends KeyedState> implements BatchOperator, BackendStateOperator {

    static final int NONE = -1;

    final RowType rowType;
    final int[] keyColumns;
    final DataType[] keyTypes;
    final StateDescriptor descriptor;
    private final BiFunction<KeyedStateBackend, StateDescriptor, S> newState;
    private final KeyTableState keyState;
    private final KeyEncoder batchKeys;
    private final BatchInput input;
    final Output out;
    final Column[] batchColumns;

    // the rows: store columns, reached from key ids; live rows belong to a key, dead ones wait for compaction
    Column[] store;
    final BytesKeyTable keyIds = new BytesKeyTable();
    int live;
    int dead;

    OperatorContext context;
    Collector output;
    KeyedStateBackend backend;
    private S state;

    // per-batch scratch: each batch row's key id, and the batch rows to append to the store
    int[] batchKid = new int[0];
    int[] appendRows = new int[0];

    KeyedChangelogOperator(
            RowType rowType,
            List<Integer> keys,
            BiFunction<RowType, int[], StateDescriptor> descriptor,
            BiFunction<KeyedStateBackend, StateDescriptor, S> newState) {
        this.rowType = rowType;
        this.keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
        this.keyTypes = new DataType[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            keyTypes[k] = rowType.type(keyColumns[k]);
        }
        this.descriptor = descriptor.apply(rowType, keyColumns);
        this.newState = newState;
        this.keyState = new KeyTableState(this.descriptor, keyTypes);
        this.batchKeys = new KeyEncoder(keyColumns, keyTypes);
        this.input = new BatchInput(rowType);
        this.out = new Output(rowType, true);
        this.store = newColumns();
        this.batchColumns = new Column[rowType.size()];
    }

    // ---- what differs: how rows hang off a key, what a change emits, how the state is written ----

    /** Key ids {@code [from, to)} are new: grow the per-key arrays and mark them without rows. */
    abstract void newKeys(int from, int to);

    /** With a backend: reads the rows of the batch's {@code distinct} keys (ids 0…distinct-1) into the store. */
    abstract void load(int distinct);

    /**
     * Applies batch rows {@code [0, n)} in order (their key ids in {@link #batchKid}, their columns in {@link
     * #batchColumns}), emits the changes and leaves every kept row in the store.
     */
    abstract void apply(int n, TinyIntVector kinds) throws Exception;

    /** The live rows: their key ids into {@code kids} and store rows into {@code rows}, by ascending key id. */
    abstract int listRows(int[] kids, int[] rows);

    /** After compaction: store row {@code i} is the row listed {@code i}-th, of key {@code kids[i]}. */
    abstract void relink(int[] kids, int m);

    /** Writes the rows of {@code keys} (every row of a key, in list order) to the state, replacing what it held. */
    abstract void write(S state, KeyBatch keys, VectorSchemaRoot values);

    /** After restore appended {@code n} rows from store row {@code base}: row {@code base + i} is of {@code kids[i]}. */
    abstract void restored(int[] kids, int base, int n);

    // ---- what is the same ----

    Column[] newColumns() {
        Column[] columns = new Column[rowType.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Physical.newColumn(rowType.type(c));
        }
        return columns;
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
    }

    @Override
    public boolean canUseBackend() {
        return true;
    }

    @Override
    public void useBackend(KeyedStateBackend keyed) {
        this.backend = keyed;
    }

    final S state() {
        if (state == null) {
            state = newState.apply(backend, descriptor);
        }
        return state;
    }

    @Override
    public void processBatch(int side, VectorSchemaRoot batch) throws Exception {
        try {
            process(batch);
        } finally {
            input.release();
            batch.close();
        }
    }

    private void process(VectorSchemaRoot batch) throws Exception {
        int n = batch.getRowCount();
        if (n == 0) {
            return;
        }
        input.reset(batch);
        for (int c = 0; c < batchColumns.length; c++) {
            batchColumns[c] = input.column(c);
        }
        batchKeys.encode(input);
        TinyIntVector kinds = Batches.rowKinds(batch, true);
        if (batchKid.length < n) {
            batchKid = new int[Math.max(n, batchKid.length * 2)];
            appendRows = new int[batchKid.length];
        }
        if (backend != null) {
            clearStore(); // the store holds this batch's keys only
        }
        int keysBefore = keyIds.size();
        for (int i = 0; i < n; i++) {
            batchKid[i] =
                    keyIds.findOrInsert(batchKeys.bytes, batchKeys.start(i), batchKeys.length(i), batchKeys.hashes[i]);
        }
        int distinct = keyIds.size();
        newKeys(keysBefore, distinct);
        if (backend != null) {
            load(distinct);
        }
        apply(n, kinds);
        if (backend != null) {
            writeBack(distinct);
        } else if (dead > 1024 && dead > live) {
            compact();
        }
    }

    /** Keeps only the live rows (on the heap), in listed order. */
    private void compact() {
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = listRows(kids, rows);
        Column[] fresh = newColumns();
        for (int c = 0; c < fresh.length; c++) {
            fresh[c].appendRows(store[c], rows, m);
        }
        store = fresh;
        dead = 0;
        relink(kids, m);
    }

    private void clearStore() {
        for (Column column : store) {
            column.clear();
        }
        keyIds.clear();
        live = 0;
        dead = 0;
    }

    // ---- with a state backend: the store holds the batch's keys' rows ----

    /** The key columns of key ids {@code kids[0..count)}; owned by the caller. */
    final VectorSchemaRoot keyRoot(int[] kids, int count) {
        return keyState.keyRoot(keyIds, kids, count, context.allocator());
    }

    /** A key batch of key ids {@code kids[0..count)} over {@code keys} (from {@link #keyRoot}). */
    final KeyBatch keyBatch(VectorSchemaRoot keys, int[] kids, int count) {
        return KeyTableState.batch(keys, keyIds, kids, count, context.maxParallelism());
    }

    /** Writes the batch's keys back: their rows with one write, the keys left without rows with one clear. */
    private void writeBack(int distinct) {
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = listRows(kids, rows);
        if (m > 0) {
            try (VectorSchemaRoot keys = keyRoot(kids, m);
                    VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
                for (int c = 0; c < store.length; c++) {
                    ArrowColumns.write(store[c], rowType.type(c), values.getVector(c), rows, m);
                }
                values.setRowCount(m);
                write(state(), keyBatch(keys, kids, m), values);
            }
        }
        // the listed key ids ascend, so the keys without rows are the gaps between them
        int[] gone = new int[distinct];
        int g = 0;
        int j = 0;
        for (int kid = 0; kid < distinct; kid++) {
            if (j < m && kids[j] == kid) {
                while (j < m && kids[j] == kid) {
                    j++;
                }
            } else {
                gone[g++] = kid;
            }
        }
        if (g > 0) {
            try (VectorSchemaRoot keys = keyRoot(gone, g)) {
                state().clear(keyBatch(keys, gone, g));
            }
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    /** The live rows (unknown when they are in a backend). */
    @Override
    public long stateEntries() {
        return backend != null ? -1 : live;
    }

    @Override
    public void snapshotState(long checkpointId, OperatorStateWriter writer) {
        if (backend != null) {
            state(); // registers the state with the backend before it is snapshotted
            writer.addBackend(backend);
            return;
        }
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = listRows(kids, rows);
        Schema schema = SnapshotFormat.stateFileSchema(descriptor);
        for (int from = 0; from < m; from += 65_536) {
            int len = Math.min(65_536, m - from);
            int[] selKids = Arrays.copyOfRange(kids, from, from + len);
            int[] selRows = Arrays.copyOfRange(rows, from, from + len);
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
            try {
                IntVector kg = (IntVector) root.getVector(0);
                kg.allocateNew(len);
                for (int i = 0; i < len; i++) {
                    kg.set(i, KeyGroups.keyGroupForHash(keyIds.hash(selKids[i]), writer.maxParallelism()));
                }
                kg.setValueCount(len);
                int at = 1;
                for (int k = 0; k < keyColumns.length; k++) {
                    FieldVector v = root.getVector(at++);
                    ArrowColumns.write(store[keyColumns[k]], keyTypes[k], v, selRows, len);
                    JoinStates.canonicalKey(v);
                }
                for (int c = 0; c < store.length; c++) {
                    ArrowColumns.write(store[c], rowType.type(c), root.getVector(at++), selRows, len);
                }
                root.setRowCount(len);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            writer.addRows(descriptor, root);
        }
    }

    @Override
    public void restoreState(OperatorStateReader in) throws Exception {
        if (backend != null) {
            in.restoreInto(backend);
            return;
        }
        Column[] restored = newColumns();
        Column[] keyCols = new Column[keyColumns.length];
        KeyEncoder encoder = new KeyEncoder(KeyTableState.identity(keyColumns.length), keyTypes);
        in.readRows(descriptor.name(), batch -> {
            int n = batch.getRowCount();
            int at = 1 + keyColumns.length;
            for (int c = 0; c < restored.length; c++) {
                restored[c].clear();
                ArrowColumns.read(batch.getVector(at + c), rowType.type(c).kind(), restored[c], n);
            }
            for (int k = 0; k < keyCols.length; k++) {
                keyCols[k] = restored[keyColumns[k]];
            }
            encoder.encode(keyCols, n); // the key columns only, in key order
            int base = store[0].size();
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(restored[c], KeyTableState.identity(n), n);
            }
            int keysBefore = keyIds.size();
            int[] kids = new int[n];
            for (int i = 0; i < n; i++) {
                kids[i] = keyIds.findOrInsert(encoder.bytes, encoder.start(i), encoder.length(i), encoder.hashes[i]);
            }
            newKeys(keysBefore, keyIds.size());
            restored(kids, base, n);
        });
    }

    @Override
    public void close() {
        input.release();
    }
}
