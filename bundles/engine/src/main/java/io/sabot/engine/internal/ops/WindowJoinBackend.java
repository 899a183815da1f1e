package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.keys.KeyEncoder;
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
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The buffered rows of a window join kept in a state backend (rocksdb) rather than on the heap: list states {@code
 * left} and {@code right} keyed by the join key, which includes the window, with the descriptors the heap's snapshots
 * use. A batch's rows are {@link #append}ed with one list write per side; when windows fire, {@link #drain} scans the
 * stored rows a scan batch at a time, hands them to the operator (which joins the fired windows' rows on the heap, as
 * without a backend) and deletes the fired windows' rows.
 */
final class WindowJoinBackend {

    /** Receives a scan batch of one side's stored rows, every column read. */
    interface Rows {
        void accept(int side, Column[] columns, int n) throws Exception;
    }

    /** Which windows a drain deletes. */
    interface WindowFilter {
        boolean test(long start, long end);
    }

    private final JoinStates states;
    private final RowType[] types;
    private final int[][] keyColumns;
    private final int[] startColumn;
    private final int[] endColumn;
    private final StateDescriptor[] descriptors;
    private final Column[][] scanned = new Column[2][];
    private OperatorContext context;
    private int[] keyGroups = new int[0];

    WindowJoinBackend(
            KeyedStateBackend backend, RowType[] types, int[][] keyColumns, int[] startColumn, int[] endColumn) {
        this.types = types;
        this.keyColumns = keyColumns;
        this.startColumn = startColumn;
        this.endColumn = endColumn;
        this.states = new JoinStates(
                backend,
                JoinSide.rowsDescriptor("left", types[0], keyColumns[0], false),
                JoinSide.rowsDescriptor("right", types[1], keyColumns[1], false));
        this.descriptors = states.descriptors;
        for (int s = 0; s < 2; s++) {
            scanned[s] = new Column[types[s].size()];
            for (int c = 0; c < scanned[s].length; c++) {
                scanned[s][c] = Physical.newColumn(types[s].type(c));
            }
        }
    }

    void open(OperatorContext context) {
        this.context = context;
    }

    private ListState state(int s) {
        return states.state(s);
    }

    /** Restores this subtask's key groups of the checkpoint into the backend. */
    void restore(OperatorStateReader in) throws IOException {
        states.restore(in);
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        states.snapshot(out);
    }

    /** Appends rows {@code rows[0…n)} of side {@code s}'s batch {@code cols} (keys encoded in {@code encoded}). */
    void append(int s, Column[] cols, KeyEncoder encoded, int[] rows, int n) {
        if (n == 0) {
            return;
        }
        if (keyGroups.length < n) {
            keyGroups = new int[Math.max(n, keyGroups.length * 2)];
        }
        int maxParallelism = context.maxParallelism();
        for (int i = 0; i < n; i++) {
            keyGroups[i] = KeyGroups.keyGroupForHash(encoded.hashes[rows[i]], maxParallelism);
        }
        try (VectorSchemaRoot elements = VectorSchemaRoot.create(descriptors[s].valueSchema(), context.allocator())) {
            for (int c = 0; c < cols.length; c++) {
                ArrowColumns.write(cols[c], types[s].type(c), elements.getVector(c), rows, n);
            }
            elements.setRowCount(n);
            if (states.floatKeys[s]) { // canonical copies of the keys
                try (VectorSchemaRoot keys = VectorSchemaRoot.create(descriptors[s].keySchema(), context.allocator())) {
                    for (int k = 0; k < keyColumns[s].length; k++) {
                        int c = keyColumns[s][k];
                        ArrowColumns.write(cols[c], types[s].type(c), keys.getVector(k), rows, n);
                        JoinStates.canonicalKey(keys.getVector(k));
                    }
                    keys.setRowCount(n);
                    state(s).add(KeyBatch.of(keys, keyGroups), elements);
                }
                return;
            }
            List<FieldVector> keys = new ArrayList<>(keyColumns[s].length);
            for (int k : keyColumns[s]) {
                keys.add(elements.getVector(k)); // an element's own key columns: names are not compared
            }
            state(s).add(KeyBatch.of(keys, keyGroups, n), elements);
        }
    }

    /**
     * Scans both sides' stored rows, a scan batch at a time, handing each batch to {@code rows}; then deletes the
     * rows of the windows {@code delete} accepts. Holds on the heap one scan batch (plus what {@code rows} keeps).
     */
    void drain(WindowFilter delete, Rows rows) throws Exception {
        for (int s = 0; s < 2; s++) {
            int side = s;
            int at = 1 + keyColumns[s].length;
            List<VectorSchemaRoot> toDelete = new ArrayList<>();
            List<int[]> toDeleteGroups = new ArrayList<>();
            try (VectorSchemaRoot batch =
                    VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(descriptors[s]), context.allocator())) {
                state(s).scan(states.backend.keyGroupRange(), batch, context.batchSize(), b -> {
                    int n = b.getRowCount();
                    Column[] columns = scanned[side];
                    for (int c = 0; c < columns.length; c++) {
                        ArrowColumns.read(
                                b.getVector(at + c), types[side].type(c).kind(), columns[c], n);
                    }
                    try {
                        rows.accept(side, columns, n);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new DrainFailure(e);
                    }
                    collectDeletes(side, b, columns, n, delete, toDelete, toDeleteGroups);
                });
                for (int i = 0; i < toDelete.size(); i++) {
                    state(s).clear(KeyBatch.of(toDelete.get(i), toDeleteGroups.get(i)));
                }
            } catch (DrainFailure e) {
                throw (Exception) e.getCause();
            } finally {
                toDelete.forEach(VectorSchemaRoot::close);
            }
        }
    }

    /** The keys (with key groups) of the scanned rows of windows {@code delete} accepts, copied off the scan batch. */
    private void collectDeletes(
            int s,
            VectorSchemaRoot b,
            Column[] columns,
            int n,
            WindowFilter delete,
            List<VectorSchemaRoot> toDelete,
            List<int[]> toDeleteGroups) {
        LongColumn starts = (LongColumn) columns[startColumn[s]];
        LongColumn ends = (LongColumn) columns[endColumn[s]];
        int gone = 0;
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) {
            if (delete.test(starts.values[r], ends.values[r])) {
                rows[gone++] = r;
            }
        }
        if (gone == 0) {
            return;
        }
        int keyCount = keyColumns[s].length;
        VectorSchemaRoot keys = VectorSchemaRoot.create(descriptors[s].keySchema(), context.allocator());
        toDelete.add(keys);
        int[] groups = new int[gone];
        IntVector groupColumn = (IntVector) b.getVector(0);
        for (int i = 0; i < gone; i++) {
            for (int c = 0; c < keyCount; c++) {
                keys.getVector(c).copyFromSafe(rows[i], i, b.getVector(1 + c));
            }
            groups[i] = groupColumn.get(rows[i]);
        }
        keys.setRowCount(gone);
        toDeleteGroups.add(groups);
    }

    private static final class DrainFailure extends RuntimeException {
        DrainFailure(Exception cause) {
            super(cause);
        }
    }
}
