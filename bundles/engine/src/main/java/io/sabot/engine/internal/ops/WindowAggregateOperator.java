package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * TUMBLE, HOP and CUMULATE window aggregation, and the aggregation of rows with attached windows (a window
 * aggregation over another's results, by their window_start and window_end). Each open window has its own group table and accumulators (reused
 * from a pool once it has fired). A batch is assigned arithmetically, one pass per window a row can belong to; the
 * rows of a pass are bucketed by window and each bucket goes through its window's table in one call. A window fires
 * when the watermark reaches its last millisecond ({@code end - 1}); a row whose every window has fired is late,
 * dropped and counted.
 *
 * <p>With a {@link LatePolicy} that {@linkplain LatePolicy#emitsUpdates() emits updates} the output is a changelog:
 * a window fires {@code +I} rows as usual but keeps its state until the watermark passes {@code end - 1 + allowed
 * lateness}; a late row within that bound is applied to its window and the groups it touched are emitted at once
 * ({@code -U} of the previous row and {@code +U} of the new one, {@code +I} for a new group, {@code -D} for a group
 * whose rows were all retracted). Rows beyond the bound are dropped and counted.
 *
 * <p>With {@link LatePolicy#deadLetters()} late rows (and rows without an event time) go to the job's dead-letter
 * target instead of being dropped: the pass that finds them notes the latest window each missed, and only those rows
 * are converted.
 */
public final class WindowAggregateOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    private record Window(long start, long end) {}

    private final WindowAggregate node;
    private final boolean changelogInput;
    private final Aggregation aggregation;
    private final Windows windows;
    private final int timeColumn;
    /** Attached windows: the window start column (the time column is the end); -1 when computed. */
    private final int attachedStart;

    private final BatchInput input;
    private final Output out;
    private final Column[] outColumns;
    private final Map<Window, AggState> open = new HashMap<>();
    private final TreeMap<Long, List<Window>> byEnd = new TreeMap<>();
    /** Update mode: fired windows whose state is kept, by the watermark that releases them. */
    private final TreeMap<Long, List<Window>> retained = new TreeMap<>();

    private final LatePolicy policy;
    private final boolean updating;
    /** Where late rows go, or null: they are dropped and counted. */
    private final LateRows lateRows;
    /** Per late row of a batch: the latest window it missed. */
    private long[] lateStarts = new long[0];

    private long[] lateEnds = new long[0];
    private final Column[] oldResults;
    private final Column[] newResults;
    private final Column[] changeColumns;
    private final ArrayDeque<AggState> pool = new ArrayDeque<>();
    private OperatorContext context;
    private Collector output;
    private long watermark = Long.MIN_VALUE;
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private boolean[] valid = new boolean[0];
    private boolean[] assigned = new boolean[0];
    private boolean[] late = new boolean[0];
    private int[] ids = new int[0];
    private final WindowBuckets buckets = new WindowBuckets();
    /** The groups in a state backend, or null (then {@link #open} holds each window's groups). */
    private AggBackend backend;
    /** With a backend: the groups of one batch's window, or of one fired scan batch. */
    private AggState scratch;
    /** With a backend: every window with stored groups (open, or fired and retained). */
    private final java.util.Set<Window> known = new java.util.HashSet<>();

    /**
     * @param lateRows where late rows go (the plan's policy dead-letters them), or null to drop and count them
     */
    public WindowAggregateOperator(WindowAggregate node, boolean changelogInput, LateRows lateRows) {
        this.node = node;
        this.lateRows = lateRows;
        this.changelogInput = changelogInput;
        this.aggregation = new Aggregation(node.input().rowType(), node.groupKeys(), node.aggregates(), node.rowType());
        aggregation.newState(changelogInput);
        this.windows = new Windows(node.window());
        this.timeColumn = node.window().timeColumn();
        this.attachedStart = node.window().startColumn();
        if (timeColumn >= node.input().rowType().size()
                || !node.input().rowType().type(timeColumn).kind().isDateTime()) {
            throw new IllegalArgumentException("window time column $" + timeColumn + " is not a timestamp");
        }
        this.input = new BatchInput(node.input().rowType());
        this.policy = node.latePolicy();
        this.updating = policy.emitsUpdates();
        this.out = new Output(node.rowType(), updating);
        this.outColumns = new Column[node.rowType().size()];
        int keys = node.groupKeys().size();
        int aggs = node.aggregates().size();
        for (int p = 0; p < node.properties().size(); p++) {
            outColumns[keys + aggs + p] = new LongColumn();
        }
        this.oldResults = new Column[updating ? aggs : 0];
        this.newResults = new Column[updating ? aggs : 0];
        this.changeColumns = new Column[updating ? node.rowType().size() : 0];
        if (updating) {
            for (int c = 0; c < node.rowType().size(); c++) {
                changeColumns[c] =
                        c < keys + aggs ? Physical.newColumn(node.rowType().type(c)) : new LongColumn();
            }
            for (int a = 0; a < aggs; a++) {
                oldResults[a] = Physical.newColumn(node.rowType().type(keys + a));
                newResults[a] = Physical.newColumn(node.rowType().type(keys + a));
            }
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
            aggregation.keys.encode(input);
            TinyIntVector kinds = Batches.rowKinds(batch, changelogInput);
            LongColumn ts = (LongColumn) input.column(timeColumn);
            ensure(n);
            Arrays.fill(assigned, 0, n, false);
            Arrays.fill(late, 0, n, false);
            boolean[] nullTimes = ts.hasNulls() ? ts.nulls() : null;
            for (int pass = 0; pass < windows.passes(); pass++) {
                if (attachedStart >= 0) {
                    windows.assignAttached((LongColumn) input.column(attachedStart), ts, n, starts, ends, valid);
                } else {
                    windows.assign(pass, ts.values, nullTimes, n, starts, ends, valid);
                }
                buckets.reset(n);
                for (int i = 0; i < n; i++) {
                    if (!valid[i]) {
                        buckets.skip(i);
                        continue;
                    }
                    if (ends[i] - 1 <= watermark && (!updating || policy.retainUntil(ends[i]) <= watermark)) {
                        if (!late[i] || ends[i] > lateEnds[i]) {
                            lateStarts[i] = starts[i];
                            lateEnds[i] = ends[i];
                        }
                        late[i] = true;
                        buckets.skip(i);
                        continue;
                    }
                    assigned[i] = true;
                    buckets.add(i, starts[i], ends[i]);
                }
                if (buckets.windows() == 0) {
                    continue;
                }
                // bucket the rows by window (counting sort), then one call per window
                buckets.bucket(n);
                for (int w = 0; w < buckets.windows(); w++) {
                    int count = buckets.count(w);
                    int[] rows = buckets.rows(w);
                    if (buckets.end(w) - 1 <= watermark) {
                        // update mode: a late row within the allowed lateness of a window that has fired
                        lateUpdate(new Window(buckets.start(w), buckets.end(w)), rows, count, kinds);
                        continue;
                    }
                    if (backend != null) {
                        Window window = new Window(buckets.start(w), buckets.end(w));
                        if (known.add(window)) {
                            byEnd.computeIfAbsent(window.end, e -> new ArrayList<>())
                                    .add(window);
                        }
                        scratch.clear();
                        int[] groups = scratch.lookup(aggregation.keys, rows, count);
                        backend.load(scratch, window.start, window.end);
                        backend.loadDistinct(scratch, input, rows, groups, count);
                        aggregation.apply(scratch, input, rows, count, kinds);
                        backend.store(scratch);
                        continue;
                    }
                    AggState state = stateFor(buckets.start(w), buckets.end(w));
                    aggregation.apply(state, input, rows, count, kinds);
                }
            }
            long dropped = 0;
            for (int i = 0; i < n; i++) {
                if (!assigned[i] && (late[i] || (nullTimes != null && nullTimes[i]))) {
                    dropped++;
                    if (lateRows != null) {
                        deadLetter(batch, i, ts, late[i], kinds);
                    }
                }
            }
            if (dropped > 0) {
                if (lateRows != null) {
                    context.lateRowsDeadLettered(dropped);
                } else {
                    context.lateRowsDropped(dropped);
                }
            }
        } finally {
            input.release();
            batch.close();
        }
    }

    /** Sends late row {@code i} (or a row without event time) to the dead-letter target: the rare path. */
    private void deadLetter(VectorSchemaRoot batch, int i, LongColumn ts, boolean late, TinyIntVector kinds) {
        String message = late
                ? LateRows.lateForWindow(ts.values[i], watermark, "window", lateStarts[i], lateEnds[i])
                : LateRows.withoutTime(
                        node.input().rowType().columns().get(timeColumn).name());
        if (kinds != null) {
            // a changelog input: say whether the row added or retracted
            message += " (a " + RowKind.fromCode(kinds.get(i)).shortString() + " row)";
        }
        lateRows.add(context.subtask(), batch, i, late ? ts.values[i] : LateRows.NO_TIME, message);
    }

    private void ensure(int n) {
        if (starts.length < n) {
            int size = Math.max(n, starts.length * 2);
            starts = new long[size];
            ends = new long[size];
            valid = new boolean[size];
            assigned = new boolean[size];
            late = new boolean[size];
            lateStarts = new long[size];
            lateEnds = new long[size];
        }
    }

    private AggState stateFor(long start, long end) {
        Window w = new Window(start, end);
        AggState state = open.get(w);
        if (state == null) {
            state = pool.isEmpty() ? aggregation.newState(changelogInput) : pool.pop();
            open.put(w, state);
            byEnd.computeIfAbsent(end, e -> new ArrayList<>()).add(w);
        }
        return state;
    }

    /**
     * Applies late rows to a fired window (whose state is kept, or which had no rows: then it starts empty) and
     * emits the changes of the groups they touched, in order of first appearance.
     */
    private void lateUpdate(Window w, int[] rows, int count, TinyIntVector kinds) throws Exception {
        AggState state = backend != null ? scratch : open.get(w);
        if (backend != null) {
            if (known.add(w)) {
                retained.computeIfAbsent(policy.retainUntil(w.end), e -> new ArrayList<>())
                        .add(w);
            }
            scratch.clear();
        } else if (state == null) {
            state = pool.isEmpty() ? aggregation.newState(changelogInput) : pool.pop();
            open.put(w, state);
            retained.computeIfAbsent(policy.retainUntil(w.end), e -> new ArrayList<>())
                    .add(w);
        }
        int[] ids = state.lookup(aggregation.keys, rows, count);
        if (backend != null) {
            backend.load(state, w.start, w.end);
            backend.loadDistinct(state, input, rows, ids, count);
        }
        boolean[] seen = new boolean[state.size()];
        int[] touched = new int[count];
        long[] countBefore = new long[count];
        int m = 0;
        for (int i = 0; i < count; i++) {
            int g = ids[i];
            if (!seen[g]) {
                seen[g] = true;
                touched[m] = g;
                countBefore[m] = state.rowCount(g);
                m++;
            }
        }
        for (int a = 0; a < oldResults.length; a++) {
            state.result(a, touched, m, oldResults[a]);
        }
        aggregation.apply(state, input, rows, count, kinds);
        for (int a = 0; a < newResults.length; a++) {
            state.result(a, touched, m, newResults[a]);
        }
        if (backend != null) {
            backend.store(state);
        }
        boolean[] changed = new boolean[m];
        for (int a = 0; a < newResults.length; a++) {
            ColumnOps.markDifferent(oldResults[a], newResults[a], m, changed);
        }
        int[] which = new int[2 * m];
        int[] index = new int[2 * m];
        byte[] rowKinds = new byte[2 * m];
        int n = 0;
        for (int k = 0; k < m; k++) {
            boolean before = countBefore[k] > 0;
            boolean after = state.rowCount(touched[k]) > 0;
            if (!before && after) {
                which[n] = 1;
                index[n] = k;
                rowKinds[n++] = RowKind.INSERT.code();
            } else if (before && after && changed[k]) {
                which[n] = 0;
                index[n] = k;
                rowKinds[n++] = RowKind.UPDATE_BEFORE.code();
                which[n] = 1;
                index[n] = k;
                rowKinds[n++] = RowKind.UPDATE_AFTER.code();
            } else if (before && !after) {
                which[n] = 0;
                index[n] = k;
                rowKinds[n++] = RowKind.DELETE.code();
            }
        }
        if (n == 0) {
            return;
        }
        int keys = aggregation.groupKeys.length;
        int aggs = aggregation.calls.size();
        if (keys > 0) {
            aggregation.keys.decode(state.keys(), touched, m, aggregation.keyColumns);
            for (int k = 0; k < keys; k++) {
                ColumnOps.gather(aggregation.keyColumns[k], index, n, changeColumns[k]);
            }
        }
        for (int a = 0; a < aggs; a++) {
            ColumnOps.interleave(oldResults[a], newResults[a], which, index, n, changeColumns[keys + a]);
        }
        for (int p = 0; p < node.properties().size(); p++) {
            LongColumn c = (LongColumn) changeColumns[keys + aggs + p];
            c.reset(n);
            Arrays.fill(c.values, 0, n, propertyValue(p, w));
        }
        int batchSize = context.batchSize();
        for (int from = 0; from < n; from += batchSize) {
            int len = Math.min(batchSize, n - from);
            int[] sel = new int[len];
            byte[] part = new byte[len];
            for (int i = 0; i < len; i++) {
                sel[i] = from + i;
                part[i] = rowKinds[from + i];
            }
            output.emit(out.build(context.allocator(), changeColumns, sel, len, part));
        }
    }

    private long propertyValue(int p, Window w) {
        WindowProperty property = node.properties().get(p);
        return property == WindowProperty.WINDOW_START
                ? w.start
                : property == WindowProperty.WINDOW_END ? w.end : w.end - 1;
    }

    @Override
    public void processWatermark(long newWatermark) throws Exception {
        // after a restore the input's first watermarks may lag the restored one: late decisions keep the latter
        watermark = Math.max(watermark, newWatermark);
        if (backend != null) {
            fireFromBackend();
            output.emitWatermark(newWatermark);
            return;
        }
        while (!byEnd.isEmpty() && byEnd.firstKey() - 1 <= watermark) {
            List<Window> due = byEnd.pollFirstEntry().getValue();
            due.sort((a, b) -> Long.compare(a.start, b.start));
            for (Window w : due) {
                AggState state = open.get(w);
                boolean keep = updating && policy.retainUntil(w.end) > watermark;
                try {
                    fire(w, state);
                } finally {
                    if (keep) {
                        retained.computeIfAbsent(policy.retainUntil(w.end), e -> new ArrayList<>())
                                .add(w);
                    } else {
                        release(w);
                    }
                }
            }
        }
        while (!retained.isEmpty() && retained.firstKey() <= watermark) {
            for (Window w : retained.pollFirstEntry().getValue()) {
                release(w);
            }
        }
        output.emitWatermark(newWatermark);
    }

    /**
     * Fires the windows the watermark closed and forgets those past their allowed lateness, in one scan of the
     * backend: fired windows' groups are loaded a scan batch at a time and emitted; their rows are deleted unless
     * the window is retained for late updates.
     */
    private void fireFromBackend() throws Exception {
        java.util.Set<Window> fire = new java.util.HashSet<>();
        java.util.Set<Window> delete = new java.util.HashSet<>();
        while (!byEnd.isEmpty() && byEnd.firstKey() - 1 <= watermark) {
            for (Window w : byEnd.pollFirstEntry().getValue()) {
                fire.add(w);
                if (updating && policy.retainUntil(w.end) > watermark) {
                    retained.computeIfAbsent(policy.retainUntil(w.end), e -> new ArrayList<>())
                            .add(w);
                } else {
                    delete.add(w);
                }
            }
        }
        while (!retained.isEmpty() && retained.firstKey() <= watermark) {
            delete.addAll(retained.pollFirstEntry().getValue());
        }
        if (fire.isEmpty() && delete.isEmpty()) {
            return;
        }
        known.removeAll(delete);
        backend.drain(
                (s, e) -> {
                    Window w = new Window(s, e);
                    return fire.contains(w) || delete.contains(w);
                },
                (s, e) -> fire.contains(new Window(s, e)),
                (s, e) -> delete.contains(new Window(s, e)),
                scratch,
                (s, e, groups) -> fire(new Window(s, e), groups));
    }

    private void release(Window w) {
        AggState state = open.remove(w);
        state.clear();
        pool.push(state);
    }

    private void fire(Window w, AggState state) throws Exception {
        int size = state.size();
        if (ids.length < size) {
            ids = new int[Math.max(size, ids.length * 2)];
        }
        int m = 0;
        for (int g = 0; g < size; g++) {
            if (state.rowCount(g) > 0) {
                ids[m++] = g;
            }
        }
        int keys = aggregation.groupKeys.length;
        int aggs = aggregation.calls.size();
        int batchSize = context.batchSize();
        for (int from = 0; from < m; from += batchSize) {
            int len = Math.min(batchSize, m - from);
            int[] chunk = from == 0 ? ids : Arrays.copyOfRange(ids, from, from + len);
            if (keys > 0) {
                aggregation.keys.decode(state.keys(), chunk, len, aggregation.keyColumns);
                System.arraycopy(aggregation.keyColumns, 0, outColumns, 0, keys);
            }
            for (int a = 0; a < aggs; a++) {
                state.result(a, chunk, len, aggregation.aggColumns[a]);
                outColumns[keys + a] = aggregation.aggColumns[a];
            }
            for (int p = 0; p < node.properties().size(); p++) {
                LongColumn c = (LongColumn) outColumns[keys + aggs + p];
                c.reset(len);
                Arrays.fill(c.values, 0, len, propertyValue(p, w));
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, null));
        }
    }

    private AggSnapshots snapshots() {
        if (snapshots == null) {
            snapshots = new AggSnapshots("windows", aggregation, aggregation.newState(changelogInput), true);
        }
        return snapshots;
    }

    private AggSnapshots snapshots;

    @Override
    public void checkCheckpointable() {
        snapshots();
    }

    @Override
    public boolean canUseBackend() {
        return true;
    }

    @Override
    public void useBackend(io.sabot.state.spi.KeyedStateBackend keyed) {
        backend = new AggBackend(snapshots(), aggregation, keyed);
        scratch = aggregation.newState(changelogInput);
    }

    /** The (group, window) pairs of the open windows held. */
    @Override
    public long stateEntries() {
        if (backend != null) {
            return -1;
        }
        long n = 0;
        for (AggState s : open.values()) {
            n += s.size();
        }
        return n;
    }

    /** Every open (and, in update mode, retained) window's groups, and the operator's watermark. */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        if (backend != null) {
            backend.snapshot(out);
            out.addLong("watermark", watermark);
            return;
        }
        AggSnapshots s = snapshots();
        for (Map.Entry<Window, AggState> e : open.entrySet()) {
            s.add(out, e.getValue(), e.getKey().start, e.getKey().end, context.allocator());
        }
        out.addLong("watermark", watermark);
    }

    @Override
    public void restoreState(io.sabot.engine.internal.checkpoint.OperatorStateReader in) throws Exception {
        watermark = in.minLong("watermark").orElse(Long.MIN_VALUE);
        if (backend != null) {
            backend.restore(in);
            for (long[] bounds : backend.windows()) {
                Window w = new Window(bounds[0], bounds[1]);
                known.add(w);
                if (w.end - 1 <= watermark) {
                    retained.computeIfAbsent(policy.retainUntil(w.end), x -> new ArrayList<>())
                            .add(w);
                } else {
                    byEnd.computeIfAbsent(w.end, x -> new ArrayList<>()).add(w);
                }
            }
            return;
        }
        snapshots().restore(in, (start, end) -> {
            Window w = new Window(start, end);
            AggState state = open.get(w);
            if (state == null) {
                state = pool.isEmpty() ? aggregation.newState(changelogInput) : pool.pop();
                open.put(w, state);
                if (end - 1 <= watermark) {
                    retained.computeIfAbsent(policy.retainUntil(end), x -> new ArrayList<>())
                            .add(w);
                } else {
                    byEnd.computeIfAbsent(end, x -> new ArrayList<>()).add(w);
                }
            }
            return state;
        });
    }

    @Override
    public boolean dropsLateRows() {
        return true;
    }

    @Override
    public void close() {
        input.release();
        if (backend != null) {
            backend.close();
        }
        known.clear();
        open.clear();
        byEnd.clear();
        retained.clear();
        pool.clear();
    }
}
