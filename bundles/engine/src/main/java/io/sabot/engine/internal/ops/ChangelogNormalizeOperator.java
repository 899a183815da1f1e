package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.checkpoint.BackendStateOperator;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.ChangelogNormalize;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flink's {@code ChangelogNormalize} (its {@code DeduplicateFunctionHelper.processLastRowOnChangelog} without state
 * TTL): keeps the last row per primary key and turns an upsert stream into a retract changelog. An upsert of a new
 * key is {@code +I}; of a known key {@code -U} of the kept row and {@code +U} of the new one, or nothing when the two
 * are equal; a delete is {@code -D} of the kept row, or nothing for a key without row.
 *
 * <p>Per batch: keys are encoded at once, rows are applied in order against a per-key slot (an index into growing
 * columns, or into the batch for rows the same batch upserted), and the new rows are appended and the output gathered
 * one column at a time. On the heap the columns hold every key's row and are compacted when replaced rows dominate;
 * with a state backend they are scratch holding the batch's keys' rows, read with one {@link ValueState#get} and
 * written back with one {@code put} and one {@code clear} per batch. Either way the state is one value state,
 * {@value #STATE}: key = the key columns, value = every column, so a checkpoint restores on either.
 */
public final class ChangelogNormalizeOperator implements BatchOperator, BackendStateOperator {

    static final String STATE = "rows";
    private static final int NONE = -1;

    private final RowType rowType;
    private final int[] keyColumns;
    private final DataType[] keyTypes;
    private final StateDescriptor descriptor;
    private final KeyEncoder batchKeys;
    private final BatchInput input;
    private final Output out;
    private final Column[] outColumns;
    private final Column[] batchColumns;

    // the kept rows: columns, and per key id (in keyIds) the row's index or NONE
    private Column[] store;
    private final BytesKeyTable keyIds = new BytesKeyTable();
    private int[] slot = new int[0];
    private int live;
    private int replaced;

    private OperatorContext context;
    private Collector output;
    private KeyedStateBackend backend;
    private ValueState state;

    // per-batch scratch
    private int[] appendRows = new int[0];
    private int[] emitWhich = new int[0];
    private int[] emitIndex = new int[0];
    private byte[] emitKinds = new byte[0];
    private int emitted;
    private int[] batchKid = new int[0];

    public ChangelogNormalizeOperator(ChangelogNormalize node) {
        this.rowType = node.rowType();
        this.keyColumns = node.keys().stream().mapToInt(Integer::intValue).toArray();
        this.keyTypes = new DataType[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            keyTypes[k] = rowType.type(keyColumns[k]);
        }
        this.descriptor = descriptor(rowType, keyColumns);
        this.batchKeys = new KeyEncoder(keyColumns, keyTypes);
        this.input = new BatchInput(rowType);
        this.out = new Output(rowType, true);
        this.store = newColumns();
        this.outColumns = newColumns();
        this.batchColumns = new Column[rowType.size()];
    }

    /** Value state {@value #STATE}: key = the key columns ({@code key<k>_<name>}), value = every column. */
    static StateDescriptor descriptor(RowType rowType, int[] keyColumns) {
        Schema[] schemas = KeyTableState.rowSchemas(rowType, keyColumns);
        return StateDescriptor.value(STATE, schemas[0], schemas[1]);
    }

    private Column[] newColumns() {
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

    private ValueState state() {
        if (state == null) {
            state = backend.valueState(descriptor);
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
        int keysBefore = keyIds.size();
        if (backend != null) {
            clearStore();
            keysBefore = 0;
        }
        for (int i = 0; i < n; i++) {
            batchKid[i] =
                    keyIds.findOrInsert(batchKeys.bytes, batchKeys.start(i), batchKeys.length(i), batchKeys.hashes[i]);
        }
        int distinct = keyIds.size();
        if (slot.length < distinct) {
            int old = slot.length;
            slot = Arrays.copyOf(slot, Math.max(distinct, old * 2));
            Arrays.fill(slot, old, slot.length, NONE);
        }
        Arrays.fill(slot, keysBefore, distinct, NONE);
        if (backend != null) {
            load(distinct);
        }
        // apply in order; slot >= base refers to batch row appendRows[slot - base]
        int base = store[0].size();
        int appended = 0;
        emitted = 0;
        for (int i = 0; i < n; i++) {
            int kid = batchKid[i];
            int prev = slot[kid];
            if (Aggregation.isRetraction(kinds.get(i))) {
                if (prev != NONE) {
                    emit(RowKind.DELETE, prev, base);
                    slot[kid] = NONE;
                    live--;
                    replaced++;
                }
                continue;
            }
            if (prev == NONE) {
                emit(RowKind.INSERT, base + appended, base, i);
                live++;
            } else if (sameRow(prev, base, i)) {
                continue; // an upsert equal to the kept row changes nothing (Flink drops it)
            } else {
                emit(RowKind.UPDATE_BEFORE, prev, base);
                emit(RowKind.UPDATE_AFTER, base + appended, base, i);
                replaced++;
            }
            appendRows[appended] = i;
            slot[kid] = base + appended++;
        }
        flush(base);
        for (int c = 0; c < store.length; c++) {
            store[c].appendRows(batchColumns[c], appendRows, appended);
        }
        if (backend != null) {
            writeBack(distinct);
        } else if (replaced > 1024 && replaced > live) {
            compact();
        }
    }

    private boolean sameRow(int prev, int base, int row) {
        for (int c = 0; c < batchColumns.length; c++) {
            boolean equal = prev < base
                    ? ColumnOps.rowEquals(store[c], prev, batchColumns[c], row)
                    : ColumnOps.rowEquals(batchColumns[c], appendRows[prev - base], batchColumns[c], row);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private void emit(RowKind kind, int ref, int base) {
        emit(kind, ref, base, ref < base ? -1 : appendRows[ref - base]);
    }

    /** Adds an output row: kept row {@code ref} when below {@code base}, else batch row {@code batchRow}. */
    private void emit(RowKind kind, int ref, int base, int batchRow) {
        if (emitted == emitWhich.length) {
            int size = Math.max(16, emitted * 2);
            emitWhich = Arrays.copyOf(emitWhich, size);
            emitIndex = Arrays.copyOf(emitIndex, size);
            emitKinds = Arrays.copyOf(emitKinds, size);
        }
        emitWhich[emitted] = ref < base ? 0 : 1;
        emitIndex[emitted] = ref < base ? ref : batchRow;
        emitKinds[emitted] = kind.code();
        emitted++;
    }

    private void flush(int base) throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < emitted; from += batchSize) {
            int len = Math.min(batchSize, emitted - from);
            int[] which = from == 0 ? emitWhich : Arrays.copyOfRange(emitWhich, from, from + len);
            int[] index = from == 0 ? emitIndex : Arrays.copyOfRange(emitIndex, from, from + len);
            byte[] kinds = from == 0 ? emitKinds : Arrays.copyOfRange(emitKinds, from, from + len);
            for (int c = 0; c < outColumns.length; c++) {
                ColumnOps.interleave(store[c], batchColumns[c], which, index, len, outColumns[c]);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, kinds));
        }
    }

    /** Keeps only the live rows (on the heap), renumbering the slots. */
    private void compact() {
        int[] rows = new int[live];
        int[] kids = new int[live];
        int m = 0;
        for (int kid = 0; kid < keyIds.size(); kid++) {
            if (slot[kid] != NONE) {
                rows[m] = slot[kid];
                kids[m++] = kid;
            }
        }
        Column[] fresh = newColumns();
        for (int c = 0; c < fresh.length; c++) {
            fresh[c].appendRows(store[c], rows, m);
        }
        for (int i = 0; i < m; i++) {
            slot[kids[i]] = i;
        }
        store = fresh;
        replaced = 0;
    }

    private void clearStore() {
        for (Column column : store) {
            column.clear();
        }
        keyIds.clear();
        live = 0;
        replaced = 0;
    }

    // ---- with a state backend: the store holds the batch's keys' rows ----

    private int[] groups(int count) {
        int[] groups = new int[count];
        int maxParallelism = context.maxParallelism();
        for (int kid = 0; kid < count; kid++) {
            groups[kid] = KeyGroups.keyGroupForHash(keyIds.hash(kid), maxParallelism);
        }
        return groups;
    }

    /** The key columns of the batch's distinct keys (key id order), decoded from the key table. */
    private VectorSchemaRoot keyRoot(int[] kids, int count) {
        Column[] decoded = new Column[keyColumns.length];
        for (int k = 0; k < decoded.length; k++) {
            decoded[k] = Physical.newColumn(keyTypes[k]);
        }
        batchKeysDecoder().decode(keyIds, kids, count, decoded);
        VectorSchemaRoot root = VectorSchemaRoot.create(descriptor.keySchema(), context.allocator());
        try {
            for (int k = 0; k < decoded.length; k++) {
                ArrowColumns.write(decoded[k], keyTypes[k], root.getVector(k), null, count);
                JoinStates.canonicalKey(root.getVector(k));
            }
            root.setRowCount(count);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private KeyEncoder decoder;

    /** An encoder whose key columns are 0…k-1, to decode the key table's keys into columns of the key types. */
    private KeyEncoder batchKeysDecoder() {
        if (decoder == null) {
            int[] positions = new int[keyColumns.length];
            for (int k = 0; k < positions.length; k++) {
                positions[k] = k;
            }
            decoder = new KeyEncoder(positions, keyTypes);
        }
        return decoder;
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** Reads the kept rows of the batch's {@code distinct} keys into the store, with one state read. */
    private void load(int distinct) {
        boolean[] present = new boolean[distinct];
        try (VectorSchemaRoot keys = keyRoot(identity(distinct), distinct);
                VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            state().get(KeyBatch.of(keys.getFieldVectors(), groups(distinct), distinct), values, present);
            Column[] loaded = newColumns();
            for (int c = 0; c < loaded.length; c++) {
                ArrowColumns.read(values.getVector(c), rowType.type(c).kind(), loaded[c], distinct);
            }
            int[] rows = new int[distinct];
            int m = 0;
            for (int kid = 0; kid < distinct; kid++) {
                if (present[kid]) {
                    slot[kid] = m;
                    rows[m++] = kid;
                }
            }
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(loaded[c], rows, m);
            }
            live = m;
        }
    }

    /** Writes the batch's keys back: their kept rows with one put, the keys without row with one clear. */
    private void writeBack(int distinct) {
        int[] keptKids = new int[distinct];
        int[] keptRows = new int[distinct];
        int[] goneKids = new int[distinct];
        int kept = 0;
        int gone = 0;
        for (int kid = 0; kid < distinct; kid++) {
            if (slot[kid] != NONE) {
                keptKids[kept] = kid;
                keptRows[kept++] = slot[kid];
            } else {
                goneKids[gone++] = kid;
            }
        }
        int[] allGroups = groups(distinct);
        if (kept > 0) {
            int[] groups = new int[kept];
            for (int i = 0; i < kept; i++) {
                groups[i] = allGroups[keptKids[i]];
            }
            try (VectorSchemaRoot keys = keyRoot(keptKids, kept);
                    VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
                for (int c = 0; c < store.length; c++) {
                    ArrowColumns.write(store[c], rowType.type(c), values.getVector(c), keptRows, kept);
                }
                values.setRowCount(kept);
                state().put(KeyBatch.of(keys.getFieldVectors(), groups, kept), values);
            }
        }
        if (gone > 0) {
            int[] groups = new int[gone];
            for (int i = 0; i < gone; i++) {
                groups[i] = allGroups[goneKids[i]];
            }
            try (VectorSchemaRoot keys = keyRoot(goneKids, gone)) {
                state().clear(KeyBatch.of(keys.getFieldVectors(), groups, gone));
            }
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    /** The keys with a row (unknown when they are in a backend). */
    @Override
    public long stateEntries() {
        return backend != null ? -1 : live;
    }

    @Override
    public void snapshotState(long checkpointId, OperatorStateWriter writer) {
        if (backend != null) {
            state();
            writer.addBackend(backend);
            return;
        }
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = 0;
        for (int kid = 0; kid < keyIds.size(); kid++) {
            if (slot[kid] != NONE) {
                kids[m] = kid;
                rows[m++] = slot[kid];
            }
        }
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
        KeyEncoder encoder = new KeyEncoder(keyColumns, keyTypes);
        in.readRows(STATE, batch -> {
            int n = batch.getRowCount();
            int at = 1 + keyColumns.length;
            for (int c = 0; c < restored.length; c++) {
                ArrowColumns.read(batch.getVector(at + c), rowType.type(c).kind(), restored[c], n);
            }
            Column[] keyCols = new Column[keyColumns.length];
            for (int k = 0; k < keyCols.length; k++) {
                keyCols[k] = restored[keyColumns[k]];
            }
            encoder.encode(keyCols, n); // the key columns only, in key order
            int base = store[0].size();
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(restored[c], identity(n), n);
            }
            for (int i = 0; i < n; i++) {
                int kid = keyIds.findOrInsert(encoder.bytes, encoder.start(i), encoder.length(i), encoder.hashes[i]);
                if (slot.length <= kid) {
                    int old = slot.length;
                    slot = Arrays.copyOf(slot, Math.max(kid + 1, old * 2));
                    Arrays.fill(slot, old, slot.length, NONE);
                }
                slot[kid] = base + i;
                live++;
            }
        });
    }

    @Override
    public void close() {
        input.release();
    }
}
