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
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.plan.SinkUpsertMaterialize;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flink's {@code SinkUpsertMaterializer} (1.20, without upsert key and state TTL): per sink primary key the list of
 * rows received. {@code +I}/{@code +U} appends its row and emits it, as {@code +I} when the list was empty, else as
 * {@code +U}; {@code -U}/{@code -D} removes the first equal row (all columns) and, when that was the list's last row,
 * emits the new last row as {@code +U}, or {@code -D} of the removed row when the list is empty; an unknown row emits
 * nothing.
 *
 * <p>Per batch: keys are encoded at once, the batch's added rows appended to the store columns in one pass, the
 * changes applied in order on linked lists of store rows (per key id head and tail, per row next and previous), and
 * the output gathered from the store one column at a time. On the heap the store holds every key's rows and is
 * compacted when removed rows dominate; with a state backend it holds the batch's keys' lists, read with one {@link
 * ListState#get} and written back with one {@code replace} and one {@code clear} per batch. Either way the state is
 * one list state, {@value #STATE}: key = the primary key columns, elements = every column in list order, so a
 * checkpoint restores on either.
 */
public final class SinkUpsertMaterializeOperator implements BatchOperator, BackendStateOperator {

    static final String STATE = "materialized";
    private static final int NONE = -1;

    private final RowType rowType;
    private final int[] keyColumns;
    private final DataType[] keyTypes;
    private final StateDescriptor descriptor;
    private final KeyTableState keyState;
    private final KeyEncoder batchKeys;
    private final BatchInput input;
    private final Output out;
    private final Column[] batchColumns;

    // the lists: store rows linked per key id (head/tail), per row (next/prev)
    private Column[] store;
    private final BytesKeyTable keyIds = new BytesKeyTable();
    private int[] head = new int[0];
    private int[] tail = new int[0];
    private int[] next = new int[0];
    private int[] prev = new int[0];
    private int live;
    private int removed;

    private OperatorContext context;
    private Collector output;
    private KeyedStateBackend backend;
    private ListState state;

    // per-batch scratch
    private int[] batchKid = new int[0];
    private int[] added = new int[0];
    private int[] emitRows = new int[0];
    private byte[] emitKinds = new byte[0];
    private int emitted;

    public SinkUpsertMaterializeOperator(SinkUpsertMaterialize node) {
        this.rowType = node.rowType();
        this.keyColumns = node.keys().stream().mapToInt(Integer::intValue).toArray();
        this.keyTypes = new DataType[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            keyTypes[k] = rowType.type(keyColumns[k]);
        }
        this.descriptor = descriptor(rowType, keyColumns);
        this.keyState = new KeyTableState(descriptor, keyTypes);
        this.batchKeys = new KeyEncoder(keyColumns, keyTypes);
        this.input = new BatchInput(rowType);
        this.out = new Output(rowType, true);
        this.store = newColumns();
        this.batchColumns = new Column[rowType.size()];
    }

    /** List state {@value #STATE}: key = the key columns, elements = every column. */
    static StateDescriptor descriptor(RowType rowType, int[] keyColumns) {
        Schema[] schemas = KeyTableState.rowSchemas(rowType, keyColumns);
        return StateDescriptor.list(STATE, schemas[0], schemas[1]);
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

    private ListState state() {
        if (state == null) {
            state = backend.listState(descriptor);
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
            added = new int[batchKid.length];
        }
        if (backend != null) {
            clearStore();
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
        // the batch's inserts and update-afters go to the store first; their rows are base + j
        int adds = 0;
        for (int i = 0; i < n; i++) {
            if (!Aggregation.isRetraction(kinds.get(i))) {
                added[adds++] = i;
            }
        }
        int base = store[0].size();
        for (int c = 0; c < store.length; c++) {
            store[c].appendRows(batchColumns[c], added, adds);
        }
        growRows(base + adds);
        emitted = 0;
        int a = 0;
        for (int i = 0; i < n; i++) {
            int kid = batchKid[i];
            if (!Aggregation.isRetraction(kinds.get(i))) {
                int row = base + a++;
                link(kid, row);
                emit(row, head[kid] == row ? RowKind.INSERT : RowKind.UPDATE_AFTER);
                continue;
            }
            int row = head[kid];
            while (row != NONE && !equalsBatchRow(row, i)) {
                row = next[row];
            }
            if (row == NONE) {
                continue; // a retraction of a row never received (Flink logs it and goes on)
            }
            boolean wasLast = row == tail[kid];
            unlink(kid, row);
            if (wasLast) {
                if (tail[kid] == NONE) {
                    emit(row, RowKind.DELETE);
                } else {
                    emit(tail[kid], RowKind.UPDATE_AFTER);
                }
            }
        }
        flush();
        if (backend != null) {
            writeBack(distinct);
        } else if (removed > 1024 && removed > live) {
            compact();
        }
    }

    private boolean equalsBatchRow(int row, int batchRow) {
        for (int c = 0; c < store.length; c++) {
            if (!ColumnOps.rowEquals(store[c], row, batchColumns[c], batchRow)) {
                return false;
            }
        }
        return true;
    }

    private void newKeys(int from, int to) {
        if (head.length < to) {
            head = Arrays.copyOf(head, Math.max(to, head.length * 2));
            tail = Arrays.copyOf(tail, head.length);
        }
        Arrays.fill(head, from, to, NONE);
        Arrays.fill(tail, from, to, NONE);
    }

    private void growRows(int rows) {
        if (next.length < rows) {
            next = Arrays.copyOf(next, Math.max(rows, next.length * 2));
            prev = Arrays.copyOf(prev, next.length);
        }
    }

    private void link(int kid, int row) {
        next[row] = NONE;
        prev[row] = tail[kid];
        if (tail[kid] == NONE) {
            head[kid] = row;
        } else {
            next[tail[kid]] = row;
        }
        tail[kid] = row;
        live++;
    }

    private void unlink(int kid, int row) {
        if (prev[row] == NONE) {
            head[kid] = next[row];
        } else {
            next[prev[row]] = next[row];
        }
        if (next[row] == NONE) {
            tail[kid] = prev[row];
        } else {
            prev[next[row]] = prev[row];
        }
        live--;
        removed++;
    }

    private void emit(int row, RowKind kind) {
        if (emitted == emitRows.length) {
            int size = Math.max(16, emitted * 2);
            emitRows = Arrays.copyOf(emitRows, size);
            emitKinds = Arrays.copyOf(emitKinds, size);
        }
        emitRows[emitted] = row;
        emitKinds[emitted++] = kind.code();
    }

    private void flush() throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < emitted; from += batchSize) {
            int len = Math.min(batchSize, emitted - from);
            int[] rows = from == 0 ? emitRows : Arrays.copyOfRange(emitRows, from, from + len);
            byte[] kinds = from == 0 ? emitKinds : Arrays.copyOfRange(emitKinds, from, from + len);
            output.emit(out.build(context.allocator(), store, rows, len, kinds));
        }
    }

    /** The store rows of every list, key by key in list order; {@code kids} gets each row's key id. */
    private int listed(int[] kids, int[] rows) {
        int m = 0;
        for (int kid = 0; kid < keyIds.size(); kid++) {
            for (int row = head[kid]; row != NONE; row = next[row]) {
                kids[m] = kid;
                rows[m++] = row;
            }
        }
        return m;
    }

    /** Keeps only the listed rows (on the heap), relinking them in order. */
    private void compact() {
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = listed(kids, rows);
        Column[] fresh = newColumns();
        for (int c = 0; c < fresh.length; c++) {
            fresh[c].appendRows(store[c], rows, m);
        }
        store = fresh;
        Arrays.fill(head, 0, keyIds.size(), NONE);
        Arrays.fill(tail, 0, keyIds.size(), NONE);
        live = 0;
        for (int i = 0; i < m; i++) {
            link(kids[i], i);
        }
        removed = 0;
    }

    private void clearStore() {
        for (Column column : store) {
            column.clear();
        }
        keyIds.clear();
        live = 0;
        removed = 0;
    }

    // ---- with a state backend: the store holds the batch's keys' lists ----

    /** Reads the lists of the batch's {@code distinct} keys into the store, with one state read. */
    private void load(int distinct) {
        int[] kids = KeyTableState.identity(distinct);
        try (VectorSchemaRoot keys = keyState.keyRoot(keyIds, kids, distinct, context.allocator());
                IntVector keyRows = new IntVector("key_row", context.allocator());
                VectorSchemaRoot elements = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            int m = state().get(
                            KeyTableState.batch(keys, keyIds, kids, distinct, context.maxParallelism()),
                            keyRows,
                            elements);
            for (int c = 0; c < store.length; c++) {
                ArrowColumns.read(elements.getVector(c), rowType.type(c).kind(), store[c], m);
            }
            growRows(m);
            for (int i = 0; i < m; i++) {
                link(keyRows.get(i), i);
            }
        }
    }

    /** Writes the batch's keys back: their lists with one replace, the keys with an empty list with one clear. */
    private void writeBack(int distinct) {
        int[] kids = new int[live];
        int[] rows = new int[live];
        int m = listed(kids, rows);
        if (m > 0) {
            try (VectorSchemaRoot keys = keyState.keyRoot(keyIds, kids, m, context.allocator());
                    VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
                for (int c = 0; c < store.length; c++) {
                    ArrowColumns.write(store[c], rowType.type(c), values.getVector(c), rows, m);
                }
                values.setRowCount(m);
                state().replace(KeyTableState.batch(keys, keyIds, kids, m, context.maxParallelism()), values);
            }
        }
        int[] gone = new int[distinct];
        int g = 0;
        for (int kid = 0; kid < distinct; kid++) {
            if (head[kid] == NONE) {
                gone[g++] = kid;
            }
        }
        if (g > 0) {
            try (VectorSchemaRoot keys = keyState.keyRoot(keyIds, gone, g, context.allocator())) {
                state().clear(KeyTableState.batch(keys, keyIds, gone, g, context.maxParallelism()));
            }
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    /** The rows kept (unknown when they are in a backend). */
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
        int m = listed(kids, rows);
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
        in.readRows(STATE, batch -> {
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
            growRows(base + n);
            for (int i = 0; i < n; i++) {
                int before = keyIds.size();
                int kid = keyIds.findOrInsert(encoder.bytes, encoder.start(i), encoder.length(i), encoder.hashes[i]);
                if (kid == before) {
                    newKeys(before, before + 1);
                }
                link(kid, base + i);
            }
        });
    }

    @Override
    public void close() {
        input.release();
    }
}
