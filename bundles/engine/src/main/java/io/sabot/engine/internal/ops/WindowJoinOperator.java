package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.DataType;
import io.sabot.plan.JoinKind;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WindowJoin;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A window join: each side's rows are appended, column by column, to their window's buffer; when the watermark
 * reaches a window's last millisecond ({@code end - 1}) the window's right rows are indexed by join key, its left
 * rows probe the index, the extra condition is evaluated over all candidate pairs at once, the pairs (and, for outer
 * joins, the unmatched rows null-padded) are emitted as insert-only batches, and the window's buffers are reused. A
 * row whose window has fired is late: dropped and counted.
 *
 * <p>Between windows the operator holds only the rows of windows that have not fired, so over window aggregates
 * (whose rows arrive just as the watermark passes their window) its state is usually empty at a checkpoint.
 *
 * <p>With a state backend plug-in ({@link WindowJoinBackend}) the rows wait in the backend instead, appended a batch
 * at a time; the open windows' buffers stay empty until their window fires, when a scan of the backend loads the
 * fired windows' rows into them and the window is joined as without a backend.
 */
public final class WindowJoinOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    /** One window's rows of both sides. */
    private static final class Buffers {
        long start;
        long end;
        final Column[][] columns = new Column[2][];
        final int[] size = new int[2];
    }

    private record Window(long start, long end) {}

    private final WindowJoin join;
    private final RowType[] types = new RowType[2];
    private final int[][] keyColumns = new int[2][];
    private final KeyEncoder[] keys = new KeyEncoder[2];
    private final Column[][] keyView = new Column[2][];
    private final int[] startColumn = new int[2];
    private final int[] endColumn = new int[2];
    private final boolean[] outer = new boolean[2];
    private final BatchInput[] inputs = new BatchInput[2];
    private final Column[][] batchColumns = new Column[2][];
    private final PairCondition condition;
    private final Output out;
    private final int leftWidth;
    private final Column[] outColumns;
    private final Column[] pairColumns;
    private final ColumnsInput pairInput = new ColumnsInput();
    private final Map<Window, Buffers> open = new HashMap<>();
    private final TreeMap<Long, List<Buffers>> byEnd = new TreeMap<>();
    private final ArrayDeque<Buffers> pool = new ArrayDeque<>();
    private final BytesKeyTable index = new BytesKeyTable();
    private OperatorContext context;
    private Collector output;
    private long watermark = Long.MIN_VALUE;
    // scratch
    private final WindowBuckets buckets = new WindowBuckets();
    private int[] head = new int[0];
    private int[] next = new int[0];
    private int[] kids = new int[0];
    private int[] pairLeft = new int[0];
    private int[] pairRight = new int[0];
    private boolean[] matched = new boolean[0];
    /** The buffered rows in a state backend, or null (then {@link #open} holds them). */
    private WindowJoinBackend backend;

    private int[] stored = new int[0];

    public WindowJoinOperator(WindowJoin join) {
        this(join, ExpressionErrors.failing("WindowJoin"));
    }

    /** @param errors where the pairs its extra condition fails on go */
    public WindowJoinOperator(WindowJoin join, ExpressionErrors errors) {
        this.join = join;
        types[0] = join.left().rowType();
        types[1] = join.right().rowType();
        this.leftWidth = types[0].size();
        if (join.rowType().size() != types[0].size() + types[1].size()) {
            throw new IllegalArgumentException("window join output has "
                    + join.rowType().size() + " columns, expected " + (types[0].size() + types[1].size()));
        }
        if (join.left().changelog() == ChangelogKind.RETRACT || join.right().changelog() == ChangelogKind.RETRACT) {
            throw new IllegalArgumentException("a window join needs insert-only inputs: " + join.describe());
        }
        keyColumns[0] = join.leftKeys().stream().mapToInt(Integer::intValue).toArray();
        keyColumns[1] = join.rightKeys().stream().mapToInt(Integer::intValue).toArray();
        startColumn[0] = join.leftWindow().startColumn();
        endColumn[0] = join.leftWindow().endColumn();
        startColumn[1] = join.rightWindow().startColumn();
        endColumn[1] = join.rightWindow().endColumn();
        for (int s = 0; s < 2; s++) {
            DataType[] keyTypes = new DataType[keyColumns[s].length];
            for (int k = 0; k < keyTypes.length; k++) {
                if (keyColumns[s][k] >= types[s].size()) {
                    throw new IllegalArgumentException(
                            "join key $" + keyColumns[s][k] + " refers to a column that does not exist");
                }
                keyTypes[k] = types[s].type(keyColumns[s][k]);
            }
            keys[s] = new KeyEncoder(keyColumns[s], keyTypes);
            keyView[s] = new Column[keyTypes.length];
            for (int c : new int[] {startColumn[s], endColumn[s]}) {
                if (c >= types[s].size() || !types[s].type(c).kind().isDateTime()) {
                    throw new IllegalArgumentException("window column $" + c + " is not a timestamp");
                }
            }
            inputs[s] = new BatchInput(types[s]);
            batchColumns[s] = new Column[types[s].size()];
        }
        for (int k = 0; k < keyColumns[0].length; k++) {
            DataType l = types[0].type(keyColumns[0][k]);
            DataType r = types[1].type(keyColumns[1][k]);
            if (Physical.of(l) != Physical.of(r) || (l.kind() == TypeKind.DECIMAL && l.scale() != r.scale())) {
                throw new IllegalArgumentException(
                        "join key " + k + " compares " + l + " with " + r + "; the planner must cast them to one type");
            }
        }
        outer[0] = join.kind() == JoinKind.LEFT || join.kind() == JoinKind.FULL;
        outer[1] = join.kind() == JoinKind.RIGHT || join.kind() == JoinKind.FULL;
        this.condition = join.condition() == null ? null : new PairCondition(join.condition(), join.rowType(), errors);
        this.out = new Output(join.rowType(), false);
        this.outColumns = new Column[join.rowType().size()];
        this.pairColumns = new Column[join.rowType().size()];
        for (int c = 0; c < outColumns.length; c++) {
            outColumns[c] = Physical.newColumn(join.rowType().type(c));
            pairColumns[c] = Physical.newColumn(join.rowType().type(c));
        }
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
        if (backend != null) {
            backend.open(context);
        }
        if (condition != null) {
            condition.open(context);
        }
    }

    @Override
    public void processBatch(int side, VectorSchemaRoot batch) throws Exception {
        try {
            int n = batch.getRowCount();
            BatchInput in = inputs[side];
            in.reset(batch);
            Column[] cols = batchColumns[side];
            for (int c = 0; c < cols.length; c++) {
                cols[c] = in.column(c);
            }
            add(side, cols, n);
        } finally {
            inputs[side].release();
            batch.close();
        }
    }

    /** Appends rows {@code 0…n} of {@code cols} to their windows' buffers; rows of fired windows are dropped. */
    private void add(int side, Column[] cols, int n) {
        LongColumn starts = (LongColumn) cols[startColumn[side]];
        LongColumn ends = (LongColumn) cols[endColumn[side]];
        buckets.reset(n);
        long dropped = 0;
        for (int i = 0; i < n; i++) {
            if (starts.isNull(i) || ends.isNull(i) || ends.values[i] - 1 <= watermark) {
                buckets.skip(i);
                dropped++;
            } else {
                buckets.add(i, starts.values[i], ends.values[i]);
            }
        }
        if (dropped > 0 && context != null) {
            context.lateRowsDropped(dropped);
        }
        buckets.bucket(n);
        if (backend != null) {
            // the windows are known open here; their rows go to the backend
            int m = 0;
            if (stored.length < n) {
                stored = new int[Math.max(n, stored.length * 2)];
            }
            for (int w = 0; w < buckets.windows(); w++) {
                buffers(buckets.start(w), buckets.end(w));
                System.arraycopy(buckets.rows(w), 0, stored, m, buckets.count(w));
                m += buckets.count(w);
            }
            if (m > 0) {
                encode(side, cols, n);
                backend.append(side, cols, keys[side], stored, m);
            }
            return;
        }
        for (int w = 0; w < buckets.windows(); w++) {
            append(buffers(buckets.start(w), buckets.end(w)), side, cols, buckets.rows(w), buckets.count(w));
        }
    }

    /** Appends the rows of {@code cols} whose window fires at the watermark to their (open) windows' buffers. */
    private void load(int side, Column[] cols, int n) {
        LongColumn starts = (LongColumn) cols[startColumn[side]];
        LongColumn ends = (LongColumn) cols[endColumn[side]];
        buckets.reset(n);
        for (int i = 0; i < n; i++) {
            if (ends.values[i] - 1 <= watermark) {
                buckets.add(i, starts.values[i], ends.values[i]);
            } else {
                buckets.skip(i);
            }
        }
        buckets.bucket(n);
        for (int w = 0; w < buckets.windows(); w++) {
            append(buffers(buckets.start(w), buckets.end(w)), side, cols, buckets.rows(w), buckets.count(w));
        }
    }

    private void append(Buffers b, int side, Column[] cols, int[] rows, int count) {
        Column[] target = b.columns[side];
        for (int c = 0; c < target.length; c++) {
            target[c].appendRows(cols[c], rows, count);
        }
        b.size[side] += count;
    }

    private Buffers buffers(long start, long end) {
        Window key = new Window(start, end);
        Buffers b = open.get(key);
        if (b == null) {
            b = pool.isEmpty() ? newBuffers() : pool.pop();
            b.start = start;
            b.end = end;
            open.put(key, b);
            byEnd.computeIfAbsent(end, e -> new ArrayList<>()).add(b);
        }
        return b;
    }

    private Buffers newBuffers() {
        Buffers b = new Buffers();
        for (int s = 0; s < 2; s++) {
            b.columns[s] = new Column[types[s].size()];
            for (int c = 0; c < b.columns[s].length; c++) {
                b.columns[s][c] = Physical.newColumn(types[s].type(c));
            }
        }
        return b;
    }

    @Override
    public void processWatermark(long newWatermark) throws Exception {
        watermark = Math.max(watermark, newWatermark);
        if (backend != null && !byEnd.isEmpty() && byEnd.firstKey() - 1 <= watermark) {
            long w = watermark;
            backend.drain((start, end) -> end - 1 <= w, this::load);
        }
        while (!byEnd.isEmpty() && byEnd.firstKey() - 1 <= watermark) {
            for (Buffers b : byEnd.pollFirstEntry().getValue()) {
                fire(b);
                open.remove(new Window(b.start, b.end));
                for (Column[] side : b.columns) {
                    for (Column c : side) {
                        c.clear();
                    }
                }
                b.size[0] = 0;
                b.size[1] = 0;
                pool.push(b);
            }
        }
        output.emitWatermark(newWatermark);
    }

    /** Joins one window's rows and emits the result. */
    private void fire(Buffers b) throws Exception {
        int nl = b.size[0];
        int nr = b.size[1];
        Column[] left = b.columns[0];
        Column[] right = b.columns[1];
        int pairs = 0;
        if (nl > 0 && nr > 0) {
            // index the right rows by key: head[key id] -> first row, next[row] -> the following row
            encode(1, right, nr);
            KeyEncoder rk = keys[1];
            index.clear();
            if (kids.length < nr) {
                kids = new int[Math.max(nr, kids.length * 2)];
                next = new int[kids.length];
            }
            for (int r = 0; r < nr; r++) {
                kids[r] = rk.anyNull[r] ? -1 : index.findOrInsert(rk.bytes, rk.start(r), rk.length(r), rk.hashes[r]);
            }
            if (head.length < index.size()) {
                head = new int[Math.max(index.size(), head.length * 2)];
            }
            Arrays.fill(head, 0, index.size(), -1);
            for (int r = nr - 1; r >= 0; r--) {
                if (kids[r] >= 0) {
                    next[r] = head[kids[r]];
                    head[kids[r]] = r;
                }
            }
            encode(0, left, nl);
            KeyEncoder lk = keys[0];
            for (int l = 0; l < nl; l++) {
                if (lk.anyNull[l]) {
                    continue;
                }
                int kid = index.find(lk.bytes, lk.start(l), lk.length(l), lk.hashes[l]);
                for (int r = kid < 0 ? -1 : head[kid]; r >= 0; r = next[r]) {
                    pairs = pair(pairs, l, r);
                }
            }
            if (condition != null && pairs > 0) {
                pairs = filter(left, right, pairs);
            }
        }
        if (outer[0]) {
            pairs = unmatched(pairs, nl, pairLeft, true);
        }
        if (outer[1]) {
            pairs = unmatched(pairs, nr, pairRight, false);
        }
        emit(left, right, pairs);
    }

    private void encode(int side, Column[] columns, int n) {
        for (int k = 0; k < keyColumns[side].length; k++) {
            keyView[side][k] = columns[keyColumns[side][k]];
        }
        keys[side].encode(keyView[side], n);
    }

    private int pair(int pairs, int l, int r) {
        if (pairs == pairLeft.length) {
            pairLeft = Arrays.copyOf(pairLeft, Math.max(64, pairs * 2));
            pairRight = Arrays.copyOf(pairRight, pairLeft.length);
        }
        pairLeft[pairs] = l;
        pairRight[pairs] = r;
        return pairs + 1;
    }

    /** Keeps the pairs passing the extra condition, evaluated over all pairs in one call. */
    private int filter(Column[] left, Column[] right, int pairs) {
        for (int c = 0; c < left.length; c++) {
            ColumnOps.gather(left[c], pairLeft, pairs, pairColumns[c]);
        }
        for (int c = 0; c < right.length; c++) {
            ColumnOps.gather(right[c], pairRight, pairs, pairColumns[leftWidth + c]);
        }
        pairInput.reset(pairColumns, pairs);
        BoolColumn keep = condition.evaluate(pairInput, pairColumns, pairs);
        int kept = 0;
        for (int p = 0; p < pairs; p++) {
            if (keep.isTrue(p)) {
                pairLeft[kept] = pairLeft[p];
                pairRight[kept] = pairRight[p];
                kept++;
            }
        }
        return kept;
    }

    /** Adds a null-padded pair for every row of one side ({@code 0…n}) that no matched pair names. */
    private int unmatched(int pairs, int n, int[] side, boolean leftSide) {
        if (matched.length < n) {
            matched = new boolean[Math.max(n, matched.length * 2)];
        }
        Arrays.fill(matched, 0, n, false);
        int matchedPairs = pairs;
        for (int p = 0; p < matchedPairs; p++) {
            int row = side[p];
            if (row >= 0) {
                matched[row] = true;
            }
        }
        for (int row = 0; row < n; row++) {
            if (!matched[row]) {
                pairs = leftSide ? pair(pairs, row, -1) : pair(pairs, -1, row);
            }
        }
        return pairs;
    }

    private void emit(Column[] left, Column[] right, int pairs) throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < pairs; from += batchSize) {
            int len = Math.min(batchSize, pairs - from);
            int[] l = from == 0 ? pairLeft : Arrays.copyOfRange(pairLeft, from, from + len);
            int[] r = from == 0 ? pairRight : Arrays.copyOfRange(pairRight, from, from + len);
            for (int c = 0; c < left.length; c++) {
                ColumnOps.gatherOrNull(left[c], l, len, outColumns[c]);
            }
            for (int c = 0; c < right.length; c++) {
                ColumnOps.gatherOrNull(right[c], r, len, outColumns[leftWidth + c]);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, null));
        }
    }

    @Override
    public boolean dropsLateRows() {
        return true;
    }

    @Override
    public boolean canUseBackend() {
        return true; // the keys include the window: a fired window's rows are whole keys, deleted as such
    }

    @Override
    public void useBackend(io.sabot.state.spi.KeyedStateBackend keyed) {
        backend = new WindowJoinBackend(keyed, types, keyColumns, startColumn, endColumn);
    }

    /** The rows of both sides in windows not fired held (unknown when they are in a backend). */
    @Override
    public long stateEntries() {
        if (backend != null) {
            return -1;
        }
        long n = 0;
        for (Buffers b : open.values()) {
            n += b.size[0] + b.size[1];
        }
        return n;
    }

    /**
     * The rows of windows that have not fired, as list states {@code left} and {@code right} keyed by the join key
     * (which includes the window), so that a restore at another parallelism finds them where the exchange sends
     * their key; and the watermark.
     */
    @Override
    public void snapshotState(long checkpointId, OperatorStateWriter writer) {
        if (backend != null) {
            backend.snapshot(writer);
            writer.addLong("watermark", watermark);
            return;
        }
        for (int s = 0; s < 2; s++) {
            StateDescriptor descriptor = JoinSide.rowsDescriptor(name(s), types[s], keyColumns[s], false);
            Schema schema = SnapshotFormat.stateFileSchema(descriptor);
            for (List<Buffers> windows : byEnd.values()) {
                for (Buffers b : windows) {
                    if (b.size[s] > 0) {
                        snapshot(s, b.columns[s], b.size[s], descriptor, schema, writer);
                    }
                }
            }
        }
        writer.addLong("watermark", watermark);
    }

    private void snapshot(
            int s, Column[] columns, int n, StateDescriptor descriptor, Schema schema, OperatorStateWriter writer) {
        encode(s, columns, n);
        int[] hashes = keys[s].hashes;
        for (int from = 0; from < n; from += 65_536) {
            int len = Math.min(65_536, n - from);
            int[] sel = new int[len];
            for (int i = 0; i < len; i++) {
                sel[i] = from + i;
            }
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
            try {
                IntVector groups = (IntVector) root.getVector(0);
                groups.allocateNew(len);
                for (int i = 0; i < len; i++) {
                    groups.set(i, KeyGroups.keyGroupForHash(hashes[from + i], writer.maxParallelism()));
                }
                groups.setValueCount(len);
                int v = 1;
                for (int k : keyColumns[s]) {
                    ArrowColumns.write(columns[k], types[s].type(k), root.getVector(v), sel, len);
                    JoinStates.canonicalKey(root.getVector(v++)); // as a backend stores them
                }
                for (int c = 0; c < columns.length; c++) {
                    ArrowColumns.write(columns[c], types[s].type(c), root.getVector(v++), sel, len);
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
    public void restoreState(OperatorStateReader reader) throws Exception {
        if (backend != null) {
            watermark = reader.minLong("watermark").orElse(Long.MIN_VALUE);
            backend.restore(reader);
            // the restored rows' windows are open (a fired window's rows are deleted before a checkpoint sees them)
            backend.drain((start, end) -> false, (side, cols, n) -> {
                LongColumn starts = (LongColumn) cols[startColumn[side]];
                LongColumn ends = (LongColumn) cols[endColumn[side]];
                for (int i = 0; i < n; i++) {
                    buffers(starts.values[i], ends.values[i]);
                }
            });
            return;
        }
        for (int s = 0; s < 2; s++) {
            int side = s;
            Column[] restored = new Column[types[s].size()];
            for (int c = 0; c < restored.length; c++) {
                restored[c] = Physical.newColumn(types[s].type(c));
            }
            int at = 1 + keyColumns[s].length;
            reader.readRows(name(s), batch -> {
                int n = batch.getRowCount();
                for (int c = 0; c < restored.length; c++) {
                    ArrowColumns.read(
                            batch.getVector(at + c), types[side].type(c).kind(), restored[c], n);
                }
                add(side, restored, n);
            });
        }
        // after a restore the inputs' first watermarks may lag the restored one: late decisions keep the latter
        watermark = reader.minLong("watermark").orElse(Long.MIN_VALUE);
    }

    private static String name(int side) {
        return side == 0 ? "left" : "right";
    }

    @Override
    public void close() {
        inputs[0].release();
        inputs[1].release();
    }
}
