package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.IntSorter;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.plan.SortKey;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WindowRank;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Window Top-N: buffers each window's rows (columnar, by window end) and, when the watermark passes the window's
 * end, ranks every partition and emits its first N rows (optionally with their row number). Rows of a window that
 * has already fired are late, dropped and counted, or sent to the dead-letter target when the plan's late policy
 * says so.
 *
 * <p>Checkpointed as list state {@code rows} (key = the partition key columns, elements = every buffered column) and
 * the operator's watermark; a restore buffers the rows of its key groups again, each in its window.
 *
 * <p>With a state backend plug-in ({@link WindowRankBackend}) the rows wait in the backend instead, appended a batch
 * at a time; the heap keeps only the ends of the open windows. When a window fires, one scan of the backend loads the
 * fired windows' rows into their buffers, and they are ranked and emitted as without a backend.
 */
public final class WindowRankOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    private final WindowRank node;
    private final RowType inputType;
    private final int windowEnd;
    private final BatchInput input;
    private final Output out;
    private final TreeMap<Long, Column[]> windows = new TreeMap<>();
    private final KeyEncoder partitionKeys;
    private final int[] partitionColumns;
    private final Column[] batchColumns;
    private final Column[] outColumns;
    private final ColumnsInput storeInput = new ColumnsInput();
    private OperatorContext context;
    private Collector output;
    private long watermark = Long.MIN_VALUE;
    private int[] rows = new int[0];
    /** Where late rows go, or null: they are dropped and counted. */
    private final LateRows lateRows;
    /** The late rows of the current batch, when they go to the dead-letter target. */
    private int[] late = new int[0];

    private int lateCount;

    /** The buffered rows in a state backend, or null (then {@link #windows} holds them). */
    private WindowRankBackend backend;
    /** With a backend: the ends (ms) of the windows with rows in it. */
    private final java.util.TreeSet<Long> openEnds = new java.util.TreeSet<>();
    /** With a backend: the rows of the current batch that go to it. */
    private int[] stored = new int[0];

    /**
     * @param lateRows where late rows go (the plan's policy dead-letters them), or null to drop and count them
     */
    public WindowRankOperator(WindowRank node, LateRows lateRows) {
        this.node = node;
        this.lateRows = lateRows;
        this.inputType = node.input().rowType();
        this.windowEnd = node.windowEndColumn();
        if (windowEnd >= inputType.size() || !inputType.type(windowEnd).kind().isDateTime()) {
            throw new IllegalArgumentException("window end column $" + windowEnd + " is not a timestamp");
        }
        int expected = inputType.size() + (node.outputRowNumber() ? 1 : 0);
        if (node.rowType().size() != expected) {
            throw new IllegalArgumentException(
                    "window Top-N output has " + node.rowType().size() + " columns, expected " + expected);
        }
        int[] keys = node.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
        DataType[] types = new DataType[keys.length];
        for (int k = 0; k < keys.length; k++) {
            types[k] = inputType.type(keys[k]);
        }
        this.partitionKeys = new KeyEncoder(keys, types);
        this.partitionColumns = keys;
        this.input = new BatchInput(inputType);
        this.out = new Output(node.rowType(), false);
        this.batchColumns = new Column[inputType.size()];
        this.outColumns = new Column[node.rowType().size()];
        for (int c = 0; c < outColumns.length; c++) {
            outColumns[c] = Physical.newColumn(node.rowType().type(c));
        }
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
        if (backend != null) {
            backend.open(context);
        }
    }

    @Override
    public void processBatch(int inputIndex, VectorSchemaRoot batch) throws Exception {
        try {
            int n = batch.getRowCount();
            input.reset(batch);
            for (int c = 0; c < batchColumns.length; c++) {
                batchColumns[c] = input.column(c);
            }
            lateCount = 0;
            long dropped = buffer(batchColumns, n, true);
            if (dropped > 0 && lateRows != null) {
                LongColumn ends = (LongColumn) batchColumns[windowEnd];
                for (int k = 0; k < lateCount; k++) {
                    int i = late[k];
                    String message = ends.isNull(i)
                            ? "row without window: its window end column '"
                                    + inputType.columns().get(windowEnd).name() + "' is NULL"
                            : "late row: the watermark " + LateRows.time(watermark) + " has passed the end "
                                    + LateRows.time(endMillis(ends.values[i])) + " of its window";
                    lateRows.add(context.subtask(), batch, i, LateRows.NO_TIME, message);
                }
                context.lateRowsDeadLettered(dropped);
            } else if (dropped > 0) {
                context.lateRowsDropped(dropped);
            }
        } finally {
            input.release();
            batch.close();
        }
    }

    /**
     * Appends rows {@code 0…n-1} of {@code columns} to their windows' buffers; returns how many were dropped (a
     * window end that is NULL, or, when {@code dropLate}, already passed by the watermark).
     */
    private long buffer(Column[] columns, int n, boolean dropLate) {
        LongColumn ends = (LongColumn) columns[windowEnd];
        boolean dates = inputType.type(windowEnd).kind() == TypeKind.DATE;
        if (rows.length < n) {
            rows = new int[Math.max(n, rows.length * 2)];
        }
        long dropped = 0;
        int toStore = 0;
        // rows usually share one window: bucket per distinct end
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (done[i]) {
                continue;
            }
            long end = ends.isNull(i) ? Long.MIN_VALUE : ends.values[i];
            int count = 0;
            for (int j = i; j < n; j++) {
                if (!done[j] && (ends.isNull(j) ? Long.MIN_VALUE : ends.values[j]) == end) {
                    done[j] = true;
                    rows[count++] = j;
                }
            }
            long endMillis = dates ? end * 86_400_000L : end;
            if (end == Long.MIN_VALUE || (dropLate && endMillis - 1 <= watermark)) {
                dropped += count;
                if (dropLate && lateRows != null) {
                    if (late.length < lateCount + count) {
                        late = Arrays.copyOf(late, Math.max(lateCount + count, late.length * 2));
                    }
                    System.arraycopy(rows, 0, late, lateCount, count);
                    lateCount += count;
                }
                continue;
            }
            if (backend != null) {
                openEnds.add(endMillis);
                if (stored.length < toStore + count) {
                    stored = Arrays.copyOf(stored, Math.max(toStore + count, stored.length * 2));
                }
                System.arraycopy(rows, 0, stored, toStore, count);
                toStore += count;
                continue;
            }
            Column[] store = windows.computeIfAbsent(endMillis, e -> newStore());
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(columns[c], rows, count);
            }
        }
        if (toStore > 0) {
            storeInput.reset(columns, n);
            partitionKeys.encode(storeInput);
            backend.append(columns, partitionKeys, stored, toStore);
        }
        return dropped;
    }

    /** A window end in ms (DATE ends are days). */
    private long endMillis(long end) {
        return inputType.type(windowEnd).kind() == TypeKind.DATE ? end * 86_400_000L : end;
    }

    private Column[] newStore() {
        Column[] store = new Column[inputType.size()];
        for (int c = 0; c < store.length; c++) {
            store[c] = Physical.newColumn(inputType.type(c));
        }
        return store;
    }

    @Override
    public void processWatermark(long newWatermark) throws Exception {
        // after a restore the input's first watermarks may lag the restored one: late decisions keep the latter
        watermark = Math.max(watermark, newWatermark);
        if (backend != null && !openEnds.isEmpty() && openEnds.first() - 1 <= watermark) {
            long w = watermark;
            backend.drain(end -> endMillis(end) - 1 <= w, this::load);
            openEnds.headSet(w + 1, true).clear();
        }
        while (!windows.isEmpty() && windows.firstKey() - 1 <= watermark) {
            Map.Entry<Long, Column[]> due = windows.pollFirstEntry();
            fire(due.getValue());
        }
        output.emitWatermark(newWatermark);
    }

    /** Appends rows {@code sel[0…n)} of {@code columns}, read from the backend, to their windows' buffers. */
    private void load(Column[] columns, int[] sel, int n) {
        LongColumn ends = (LongColumn) columns[windowEnd];
        if (rows.length < n) {
            rows = new int[Math.max(n, rows.length * 2)];
        }
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (done[i]) {
                continue;
            }
            long end = ends.values[sel[i]];
            int count = 0;
            for (int j = i; j < n; j++) {
                if (!done[j] && ends.values[sel[j]] == end) {
                    done[j] = true;
                    rows[count++] = sel[j];
                }
            }
            Column[] store = windows.computeIfAbsent(endMillis(end), e -> newStore());
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(columns[c], rows, count);
            }
        }
    }

    private void fire(Column[] store) throws Exception {
        int n = store[0].size();
        storeInput.reset(store, n);
        partitionKeys.encode(storeInput);
        BytesKeyTable partitions = new BytesKeyTable();
        int[] partition = new int[n];
        for (int i = 0; i < n; i++) {
            partition[i] = partitions.findOrInsert(
                    partitionKeys.bytes, partitionKeys.start(i), partitionKeys.length(i), partitionKeys.hashes[i]);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IntSorter.sort(order, n, (a, b) -> {
            int c = Integer.compare(partition[a], partition[b]);
            for (int k = 0; c == 0 && k < node.orderBy().size(); k++) {
                c = compare(store, node.orderBy().get(k), a, b);
            }
            return c;
        });
        int[] selected = new int[n];
        long[] numbers = new long[n];
        int count = 0;
        long rank = 0;
        int current = -1;
        for (int i = 0; i < n; i++) {
            int row = order[i];
            if (partition[row] != current) {
                current = partition[row];
                rank = 0;
            }
            if (++rank <= node.limit()) {
                selected[count] = row;
                numbers[count] = rank;
                count++;
            }
        }
        int width = inputType.size();
        int batchSize = context.batchSize();
        for (int from = 0; from < count; from += batchSize) {
            int len = Math.min(batchSize, count - from);
            int[] chunk = Arrays.copyOfRange(selected, from, from + len);
            for (int c = 0; c < width; c++) {
                io.sabot.engine.internal.column.ColumnOps.gather(store[c], chunk, len, outColumns[c]);
            }
            if (node.outputRowNumber()) {
                LongColumn numberColumn = (LongColumn) outColumns[width];
                numberColumn.reset(len);
                System.arraycopy(numbers, from, numberColumn.values, 0, len);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, null));
        }
    }

    private static int compare(Column[] store, SortKey key, int a, int b) {
        Column c = store[key.column()];
        boolean an = c.isNull(a);
        boolean bn = c.isNull(b);
        if (an || bn) {
            if (an == bn) {
                return 0;
            }
            return an == key.nullsFirst() ? -1 : 1;
        }
        int cmp;
        if (c instanceof LongColumn x) {
            cmp = Long.compare(x.values[a], x.values[b]);
        } else if (c instanceof DecimalColumn x) {
            cmp = Long.compare(x.values[a], x.values[b]);
        } else if (c instanceof DoubleColumn x) {
            cmp = Double.compare(x.values[a], x.values[b]);
        } else if (c instanceof BoolColumn x) {
            cmp = Boolean.compare(x.values[a], x.values[b]);
        } else {
            StringColumn s = (StringColumn) c;
            cmp = Arrays.compareUnsigned(
                    s.bytes, s.offsets[a], s.offsets[a + 1], s.bytes, s.offsets[b], s.offsets[b + 1]);
        }
        return key.descending() ? -cmp : cmp;
    }

    private io.sabot.state.spi.StateDescriptor descriptor;

    /** List state {@code rows}: key = the partition key columns ({@code global} without any), elements = the row. */
    private io.sabot.state.spi.StateDescriptor descriptor() {
        if (descriptor == null) {
            org.apache.arrow.vector.types.pojo.Schema row = inputType.toArrowSchema();
            java.util.List<org.apache.arrow.vector.types.pojo.Field> key = new java.util.ArrayList<>();
            for (int k = 0; k < node.partitionKeys().size(); k++) {
                org.apache.arrow.vector.types.pojo.Field f =
                        row.getFields().get(node.partitionKeys().get(k));
                key.add(new org.apache.arrow.vector.types.pojo.Field(
                        "key" + k + "_" + f.getName(), f.getFieldType(), f.getChildren()));
            }
            if (key.isEmpty()) {
                key.add(org.apache.arrow.vector.types.pojo.Field.notNullable(
                        "global", new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)));
            }
            java.util.List<org.apache.arrow.vector.types.pojo.Field> element = new java.util.ArrayList<>();
            for (int c = 0; c < row.getFields().size(); c++) {
                org.apache.arrow.vector.types.pojo.Field f = row.getFields().get(c);
                element.add(new org.apache.arrow.vector.types.pojo.Field(
                        "c" + c + "_" + f.getName(), f.getFieldType(), f.getChildren()));
            }
            descriptor = io.sabot.state.spi.StateDescriptor.list(
                    "rows",
                    new org.apache.arrow.vector.types.pojo.Schema(key),
                    new org.apache.arrow.vector.types.pojo.Schema(element));
        }
        return descriptor;
    }

    @Override
    public void checkCheckpointable() {
        descriptor();
    }

    @Override
    public boolean canUseBackend() {
        return true;
    }

    @Override
    public void useBackend(io.sabot.state.spi.KeyedStateBackend keyed) {
        backend = new WindowRankBackend(keyed, descriptor(), inputType, partitionColumns, windowEnd);
    }

    /** The rows of the windows not fired held (unknown when they are in a backend). */
    @Override
    public long stateEntries() {
        if (backend != null) {
            return -1;
        }
        long n = 0;
        for (Column[] store : windows.values()) {
            n += store.length == 0 ? 0 : store[0].size();
        }
        return n;
    }

    /** Every buffered row of every window not yet fired, under its partition key's key group; and the watermark. */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        if (backend != null) {
            backend.snapshot(out);
            out.addLong("watermark", watermark);
            return;
        }
        org.apache.arrow.vector.types.pojo.Schema schema =
                io.sabot.state.spi.snapshot.SnapshotFormat.stateFileSchema(descriptor());
        int[] keys = partitionColumns;
        for (Column[] store : windows.values()) {
            int n = store[0].size();
            storeInput.reset(store, n);
            partitionKeys.encode(storeInput);
            for (int from = 0; from < n; from += 65_536) {
                int len = Math.min(65_536, n - from);
                int[] sel = new int[len];
                for (int i = 0; i < len; i++) {
                    sel[i] = from + i;
                }
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
                try {
                    org.apache.arrow.vector.IntVector kg = (org.apache.arrow.vector.IntVector) root.getVector(0);
                    kg.allocateNew(len);
                    for (int i = 0; i < len; i++) {
                        kg.set(
                                i,
                                io.sabot.state.spi.KeyGroups.keyGroupForHash(
                                        partitionKeys.hashes[from + i], out.maxParallelism()));
                    }
                    kg.setValueCount(len);
                    int c = 1;
                    for (int k : keys) {
                        io.sabot.engine.internal.column.ArrowColumns.write(
                                store[k], inputType.type(k), root.getVector(c), sel, len);
                        JoinStates.canonicalKey(root.getVector(c++)); // as a backend stores them
                    }
                    if (keys.length == 0) {
                        org.apache.arrow.vector.IntVector g = (org.apache.arrow.vector.IntVector) root.getVector(c++);
                        g.allocateNew(len);
                        for (int i = 0; i < len; i++) {
                            g.set(i, 0);
                        }
                        g.setValueCount(len);
                    }
                    for (int col = 0; col < store.length; col++) {
                        io.sabot.engine.internal.column.ArrowColumns.write(
                                store[col], inputType.type(col), root.getVector(c++), sel, len);
                    }
                    root.setRowCount(len);
                } catch (RuntimeException e) {
                    root.close();
                    throw e;
                }
                out.addRows(descriptor(), root);
            }
        }
        out.addLong("watermark", watermark);
    }

    @Override
    public void restoreState(io.sabot.engine.internal.checkpoint.OperatorStateReader in) throws Exception {
        watermark = in.minLong("watermark").orElse(Long.MIN_VALUE);
        if (backend != null) {
            backend.restore(in);
            // windows already passed by the restored watermark fire at the next watermark, as on the heap
            backend.ends(end -> openEnds.add(endMillis(end)));
            return;
        }
        Column[] restored = newStore();
        int at = 1 + Math.max(1, node.partitionKeys().size());
        in.readRows(descriptor().name(), batch -> {
            int n = batch.getRowCount();
            for (int c = 0; c < restored.length; c++) {
                io.sabot.engine.internal.column.ArrowColumns.read(
                        batch.getVector(at + c), inputType.type(c).kind(), restored[c], n);
            }
            buffer(restored, n, false);
        });
    }

    @Override
    public boolean dropsLateRows() {
        return true;
    }

    @Override
    public void close() {
        input.release();
        windows.clear();
    }
}
