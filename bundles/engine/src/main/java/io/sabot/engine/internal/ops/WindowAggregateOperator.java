package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
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
 * TUMBLE, HOP and CUMULATE window aggregation. Each open window has its own group table and accumulators (reused
 * from a pool once it has fired). A batch is assigned arithmetically, one pass per window a row can belong to; the
 * rows of a pass are bucketed by window and each bucket goes through its window's table in one call. A window fires
 * when the watermark reaches its last millisecond ({@code end - 1}); a row whose every window has fired is late,
 * dropped and counted.
 */
public final class WindowAggregateOperator implements BatchOperator {

    private record Window(long start, long end) {}

    private final WindowAggregate node;
    private final boolean changelogInput;
    private final Aggregation aggregation;
    private final Windows windows;
    private final int timeColumn;
    private final BatchInput input;
    private final Output out;
    private final Column[] outColumns;
    private final Map<Window, AggState> open = new HashMap<>();
    private final TreeMap<Long, List<Window>> byEnd = new TreeMap<>();
    private final ArrayDeque<AggState> pool = new ArrayDeque<>();
    private OperatorContext context;
    private Collector output;
    private long watermark = Long.MIN_VALUE;
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private boolean[] valid = new boolean[0];
    private boolean[] assigned = new boolean[0];
    private boolean[] late = new boolean[0];
    private int[] local = new int[0];
    private int[] bucketed = new int[0];
    private long[] localStarts = new long[16];
    private long[] localEnds = new long[16];
    private int[] localCounts = new int[16];
    private int[] ids = new int[0];

    public WindowAggregateOperator(WindowAggregate node, boolean changelogInput) {
        this.node = node;
        this.changelogInput = changelogInput;
        this.aggregation = new Aggregation(node.input().rowType(), node.groupKeys(), node.aggregates(), node.rowType());
        aggregation.newState(changelogInput);
        this.windows = new Windows(node.window());
        this.timeColumn = node.window().timeColumn();
        if (timeColumn >= node.input().rowType().size()
                || !node.input().rowType().type(timeColumn).kind().isDateTime()) {
            throw new IllegalArgumentException("window time column $" + timeColumn + " is not a timestamp");
        }
        this.input = new BatchInput(node.input().rowType());
        this.out = new Output(node.rowType(), false);
        this.outColumns = new Column[node.rowType().size()];
        int keys = node.groupKeys().size();
        int aggs = node.aggregates().size();
        for (int p = 0; p < node.properties().size(); p++) {
            outColumns[keys + aggs + p] = new LongColumn();
        }
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
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
                windows.assign(pass, ts.values, nullTimes, n, starts, ends, valid);
                int distinct = 0;
                int last = -1;
                for (int i = 0; i < n; i++) {
                    if (!valid[i]) {
                        local[i] = -1;
                        continue;
                    }
                    if (ends[i] - 1 <= watermark) {
                        late[i] = true;
                        local[i] = -1;
                        continue;
                    }
                    assigned[i] = true;
                    if (last >= 0 && localStarts[last] == starts[i] && localEnds[last] == ends[i]) {
                        local[i] = last;
                        localCounts[last]++;
                        continue;
                    }
                    int w = 0;
                    while (w < distinct && (localStarts[w] != starts[i] || localEnds[w] != ends[i])) {
                        w++;
                    }
                    if (w == distinct) {
                        if (distinct == localStarts.length) {
                            localStarts = Arrays.copyOf(localStarts, distinct * 2);
                            localEnds = Arrays.copyOf(localEnds, distinct * 2);
                            localCounts = Arrays.copyOf(localCounts, distinct * 2);
                        }
                        localStarts[w] = starts[i];
                        localEnds[w] = ends[i];
                        localCounts[w] = 0;
                        distinct++;
                    }
                    local[i] = w;
                    localCounts[w]++;
                    last = w;
                }
                if (distinct == 0) {
                    continue;
                }
                // bucket the rows by window (counting sort), then one call per window
                int[] offsets = new int[distinct + 1];
                for (int w = 0; w < distinct; w++) {
                    offsets[w + 1] = offsets[w] + localCounts[w];
                }
                int[] fill = Arrays.copyOf(offsets, distinct);
                for (int i = 0; i < n; i++) {
                    if (local[i] >= 0) {
                        bucketed[fill[local[i]]++] = i;
                    }
                }
                for (int w = 0; w < distinct; w++) {
                    AggState state = stateFor(localStarts[w], localEnds[w]);
                    int count = offsets[w + 1] - offsets[w];
                    int[] rows = offsets[w] == 0 ? bucketed : Arrays.copyOfRange(bucketed, offsets[w], offsets[w + 1]);
                    aggregation.apply(state, input, rows, count, kinds);
                }
            }
            long dropped = 0;
            for (int i = 0; i < n; i++) {
                if (!assigned[i] && (late[i] || (nullTimes != null && nullTimes[i]))) {
                    dropped++;
                }
            }
            if (dropped > 0) {
                context.counters().lateRowsDropped.add(dropped);
            }
        } finally {
            input.release();
            batch.close();
        }
    }

    private void ensure(int n) {
        if (starts.length < n) {
            int size = Math.max(n, starts.length * 2);
            starts = new long[size];
            ends = new long[size];
            valid = new boolean[size];
            assigned = new boolean[size];
            late = new boolean[size];
            local = new int[size];
            bucketed = new int[size];
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

    @Override
    public void processWatermark(long newWatermark) throws Exception {
        watermark = newWatermark;
        while (!byEnd.isEmpty() && byEnd.firstKey() - 1 <= watermark) {
            List<Window> due = byEnd.pollFirstEntry().getValue();
            due.sort((a, b) -> Long.compare(a.start, b.start));
            for (Window w : due) {
                AggState state = open.remove(w);
                try {
                    fire(w, state);
                } finally {
                    state.clear();
                    pool.push(state);
                }
            }
        }
        output.emitWatermark(newWatermark);
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
                long value = node.properties().get(p) == WindowProperty.WINDOW_START
                        ? w.start
                        : node.properties().get(p) == WindowProperty.WINDOW_END ? w.end : w.end - 1;
                Arrays.fill(c.values, 0, len, value);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, null));
        }
    }

    @Override
    public void close() {
        input.release();
        open.clear();
        byEnd.clear();
        pool.clear();
    }
}
