package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The buffered rows of a window Top-N kept in a state backend (rocksdb) rather than on the heap: list state {@code
 * rows} keyed by the partition key, with the descriptor the heap's snapshots use. A batch's rows are {@link #append}ed
 * with one list write; when windows fire, {@link #drain} scans the stored rows a scan batch at a time and hands the
 * fired windows' rows to the operator, which ranks them on the heap as without a backend.
 *
 * <p>The key does not include the window, so a key's list can hold rows of windows that have not fired yet: the drain
 * reads the lists of the keys with fired rows once more (one batched read per chunk of keys), clears them and appends
 * their rows of open windows again.
 */
final class WindowRankBackend {

    /** Receives rows {@code rows[0…n)} of {@code columns}: rows of fired windows, every column read. */
    interface Rows {
        void accept(Column[] columns, int[] rows, int n);
    }

    /** Whether the window with this stored end value (as the end column holds it) fires. */
    interface Fires {
        boolean test(long end);
    }

    private final KeyedStateBackend backend;
    private final StateDescriptor descriptor;
    private final RowType type;
    private final int[] keyColumns;
    private final int windowEnd;
    private final boolean floatKeys;
    /** Key encoders of the scanned rows and of the rows read back for deletion. */
    private final KeyEncoder scannedKeys;

    private final KeyEncoder fetchedKeys;
    private final Column[] scanned;
    private final Column[] fetched;
    private final ColumnsInput columnsInput = new ColumnsInput();
    private ListState state;
    private OperatorContext context;
    private int[] keyGroups = new int[0];

    WindowRankBackend(
            KeyedStateBackend backend, StateDescriptor descriptor, RowType type, int[] keyColumns, int windowEnd) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.type = type;
        this.keyColumns = keyColumns;
        this.windowEnd = windowEnd;
        boolean floats = false;
        for (Field f : descriptor.keySchema().getFields()) {
            floats |= f.getType() instanceof ArrowType.FloatingPoint;
        }
        this.floatKeys = floats;
        DataType[] types = new DataType[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            types[k] = type.type(keyColumns[k]);
        }
        this.scannedKeys = new KeyEncoder(keyColumns, types);
        this.fetchedKeys = new KeyEncoder(keyColumns, types);
        this.scanned = newColumns();
        this.fetched = newColumns();
    }

    private Column[] newColumns() {
        Column[] columns = new Column[type.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Physical.newColumn(type.type(c));
        }
        return columns;
    }

    void open(OperatorContext context) {
        this.context = context;
    }

    /** The state, created on first use (after a restore, which must reach the backend first). */
    private ListState state() {
        if (state == null) {
            state = backend.listState(descriptor);
        }
        return state;
    }

    /** Restores this subtask's key groups of the checkpoint into the backend. */
    void restore(OperatorStateReader in) throws IOException {
        in.restoreInto(backend);
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        state();
        out.addBackend(backend);
    }

    /** Appends rows {@code rows[0…n)} of {@code cols}, whose partition keys {@code encoded} holds, in one write. */
    void append(Column[] cols, KeyEncoder encoded, int[] rows, int n) {
        if (n == 0) {
            return;
        }
        int[] groups = keyGroups(encoded, rows, n);
        try (VectorSchemaRoot elements = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            for (int c = 0; c < cols.length; c++) {
                ArrowColumns.write(cols[c], type.type(c), elements.getVector(c), rows, n);
            }
            elements.setRowCount(n);
            if (keyColumns.length == 0 || floatKeys) {
                try (VectorSchemaRoot keys = keys(cols, rows, n)) {
                    state().add(KeyBatch.of(keys, groups), elements);
                }
                return;
            }
            List<FieldVector> keys = new ArrayList<>(keyColumns.length);
            for (int k : keyColumns) {
                keys.add(elements.getVector(k)); // an element's own key columns: names are not compared
            }
            state().add(KeyBatch.of(keys, groups, n), elements);
        }
    }

    private int[] keyGroups(KeyEncoder encoded, int[] rows, int n) {
        if (keyGroups.length < n) {
            keyGroups = new int[Math.max(n, keyGroups.length * 2)];
        }
        int maxParallelism = context.maxParallelism();
        for (int i = 0; i < n; i++) {
            keyGroups[i] = KeyGroups.keyGroupForHash(encoded.hashes[rows[i]], maxParallelism);
        }
        return keyGroups;
    }

    /** The stored keys of rows {@code rows[0…n)}: canonical copies of the key columns, or {@code global} = 0. */
    private VectorSchemaRoot keys(Column[] cols, int[] rows, int n) {
        VectorSchemaRoot keys = VectorSchemaRoot.create(descriptor.keySchema(), context.allocator());
        try {
            if (keyColumns.length == 0) {
                IntVector global = (IntVector) keys.getVector(0);
                global.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    global.set(i, 0);
                }
                global.setValueCount(n);
            }
            for (int k = 0; k < keyColumns.length; k++) {
                int c = keyColumns[k];
                ArrowColumns.write(cols[c], type.type(c), keys.getVector(k), rows, n);
                JoinStates.canonicalKey(keys.getVector(k));
            }
            keys.setRowCount(n);
            return keys;
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** Scans the stored rows and reports the end of each (windows found open after a restore). Changes nothing. */
    void ends(LongConsumer ends) {
        int at = 1 + Math.max(1, keyColumns.length);
        try (VectorSchemaRoot batch =
                VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(descriptor), context.allocator())) {
            state().scan(backend.keyGroupRange(), batch, context.batchSize(), b -> {
                int n = b.getRowCount();
                LongColumn end = (LongColumn) scanned[windowEnd];
                ArrowColumns.read(
                        b.getVector(at + windowEnd), type.type(windowEnd).kind(), end, n);
                for (int i = 0; i < n; i++) {
                    ends.accept(end.values[i]);
                }
            });
        }
    }

    /**
     * Scans the stored rows, a scan batch at a time, handing the rows of the windows that {@code fires} to {@code
     * rows}; then removes them from the backend. Holds on the heap one scan batch, one row per key with fired rows,
     * and one read-back chunk of those keys' lists (plus what {@code rows} keeps).
     */
    void drain(Fires fires, Rows rows) {
        int at = 1 + Math.max(1, keyColumns.length);
        BytesKeyTable firedKeys = new BytesKeyTable();
        Column[] keyRows = newColumns(); // one row of every key with fired rows
        int[][] selection = {new int[0], new int[0]};
        try (VectorSchemaRoot batch =
                VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(descriptor), context.allocator())) {
            state().scan(backend.keyGroupRange(), batch, context.batchSize(), b -> {
                int n = b.getRowCount();
                for (int c = 0; c < scanned.length; c++) {
                    ArrowColumns.read(b.getVector(at + c), type.type(c).kind(), scanned[c], n);
                }
                if (selection[0].length < n) {
                    selection[0] = new int[n];
                    selection[1] = new int[n];
                }
                int[] sel = selection[0];
                LongColumn ends = (LongColumn) scanned[windowEnd];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (fires.test(ends.values[i])) {
                        sel[m++] = i;
                    }
                }
                if (m == 0) {
                    return;
                }
                rows.accept(scanned, sel, m);
                columnsInput.reset(scanned, n);
                scannedKeys.encode(columnsInput);
                int[] first = selection[1];
                int k = 0;
                for (int j = 0; j < m; j++) {
                    int i = sel[j];
                    int before = firedKeys.size();
                    firedKeys.findOrInsert(
                            scannedKeys.bytes, scannedKeys.start(i), scannedKeys.length(i), scannedKeys.hashes[i]);
                    if (firedKeys.size() > before) {
                        first[k++] = i;
                    }
                }
                for (int c = 0; c < keyRows.length; c++) {
                    keyRows[c].appendRows(scanned[c], first, k);
                }
            });
        }
        removeFired(keyRows, fires);
    }

    /** Clears the lists of the keys of {@code keyRows} and appends again their rows of windows that do not fire. */
    private void removeFired(Column[] keyRows, Fires fires) {
        int total = keyRows[0].size();
        if (total == 0) {
            return;
        }
        columnsInput.reset(keyRows, total);
        scannedKeys.encode(columnsInput);
        int chunk = Math.max(1, context.batchSize());
        int[] sel = new int[Math.min(chunk, total)];
        for (int from = 0; from < total; from += chunk) {
            int len = Math.min(chunk, total - from);
            for (int i = 0; i < len; i++) {
                sel[i] = from + i;
            }
            int[] groups = keyGroups(scannedKeys, sel, len).clone();
            try (VectorSchemaRoot keys = keys(keyRows, sel, len);
                    IntVector owners = new IntVector("key_row", context.allocator());
                    VectorSchemaRoot elements =
                            VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
                KeyBatch batch = KeyBatch.of(keys, groups);
                int n = state().get(batch, owners, elements);
                for (int c = 0; c < fetched.length; c++) {
                    ArrowColumns.read(elements.getVector(c), type.type(c).kind(), fetched[c], n);
                }
                LongColumn ends = (LongColumn) fetched[windowEnd];
                int[] kept = new int[n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (!fires.test(ends.values[i])) {
                        kept[m++] = i;
                    }
                }
                state().clear(batch);
                if (m > 0) {
                    columnsInput.reset(fetched, n);
                    fetchedKeys.encode(columnsInput);
                    append(fetched, fetchedKeys, kept, m);
                }
            }
        }
    }
}
