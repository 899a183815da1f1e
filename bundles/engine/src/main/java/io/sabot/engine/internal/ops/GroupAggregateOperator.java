package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.plan.GroupAggregate;
import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Unwindowed aggregation emitting a changelog, a batch at a time (like Flink's mini-batch aggregation): for each key
 * a batch touched, in order of first appearance, {@code +I} of its first result, or {@code -U} of the previous and
 * {@code +U} of the new result when it changed (nothing when it did not), or {@code -D} of the previous result when
 * retractions removed all its rows.
 */
public final class GroupAggregateOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    private final GroupAggregate node;
    private final boolean changelogInput;
    private final Aggregation aggregation;
    private final AggState state;
    private final BatchInput input;
    private final Output out;
    private final Column[] oldResults;
    private final Column[] newResults;
    private final Column[] outColumns;
    private OperatorContext context;
    private Collector output;
    private int[] stamp = new int[0];
    private int batchNumber;
    private int[] touched = new int[0];
    private long[] countBefore = new long[0];
    private int[] rows = new int[0];
    private int[] which = new int[0];
    private int[] index = new int[0];
    private byte[] kinds = new byte[0];
    private boolean[] changed = new boolean[0];
    /** The groups in a state backend, or null: then {@link #state} holds every group, else only a batch's. */
    private AggBackend backend;

    public GroupAggregateOperator(GroupAggregate node, boolean changelogInput) {
        this.node = node;
        this.changelogInput = changelogInput;
        if (node.rowType().size() != node.groupKeys().size() + node.aggregates().size()) {
            throw new IllegalArgumentException(
                    "group aggregate output has " + node.rowType().size() + " columns, expected "
                            + (node.groupKeys().size() + node.aggregates().size()));
        }
        this.aggregation = new Aggregation(node.input().rowType(), node.groupKeys(), node.aggregates(), node.rowType());
        this.state = aggregation.newState(changelogInput);
        this.input = new BatchInput(node.input().rowType());
        this.out = new Output(node.rowType(), true);
        int aggs = node.aggregates().size();
        this.oldResults = new Column[aggs];
        this.newResults = new Column[aggs];
        this.outColumns = new Column[node.rowType().size()];
        for (int a = 0; a < aggs; a++) {
            oldResults[a] =
                    Physical.newColumn(node.rowType().type(node.groupKeys().size() + a));
            newResults[a] =
                    Physical.newColumn(node.rowType().type(node.groupKeys().size() + a));
            outColumns[node.groupKeys().size() + a] =
                    Physical.newColumn(node.rowType().type(node.groupKeys().size() + a));
        }
        for (int k = 0; k < node.groupKeys().size(); k++) {
            outColumns[k] = Physical.newColumn(node.rowType().type(k));
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
        int m;
        try {
            int n = batch.getRowCount();
            input.reset(batch);
            aggregation.keys.encode(input);
            if (rows.length < n) {
                rows = new int[Math.max(n, rows.length * 2)];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = i;
                }
            }
            if (backend != null) {
                state.clear(); // a scratch table for this batch's groups
            }
            // the keys this batch touches, in order of first appearance, and their row counts before it
            int[] ids = state.lookup(aggregation.keys, rows, n);
            if (backend != null) {
                backend.load(state, 0, 0);
                backend.loadDistinct(state, input, rows, ids, n);
            }
            int size = state.size();
            if (stamp.length < size) {
                stamp = Arrays.copyOf(stamp, Math.max(size, stamp.length * 2));
            }
            if (touched.length < n) {
                touched = new int[Math.max(n, touched.length * 2)];
                countBefore = new long[touched.length];
            }
            batchNumber++;
            m = 0;
            for (int i = 0; i < n; i++) {
                int g = ids[i];
                if (stamp[g] != batchNumber) {
                    stamp[g] = batchNumber;
                    touched[m] = g;
                    countBefore[m] = state.rowCount(g);
                    m++;
                }
            }
            for (int a = 0; a < oldResults.length; a++) {
                state.result(a, touched, m, oldResults[a]);
            }
            if (changelogInput) {
                aggregation.apply(state, input, rows, n, Batches.rowKinds(batch, true));
            } else {
                state.apply(input, rows, ids, n, false);
            }
            for (int a = 0; a < newResults.length; a++) {
                state.result(a, touched, m, newResults[a]);
            }
            if (backend != null) {
                backend.store(state);
            }
        } finally {
            input.release();
            batch.close();
        }
        emitChanges(m);
    }

    private void emitChanges(int m) throws Exception {
        if (changed.length < m) {
            changed = new boolean[Math.max(m, changed.length * 2)];
        }
        Arrays.fill(changed, 0, m, false);
        for (int a = 0; a < newResults.length; a++) {
            ColumnOps.markDifferent(oldResults[a], newResults[a], m, changed);
        }
        if (which.length < 2 * m) {
            which = new int[Math.max(2 * m, which.length * 2)];
            index = new int[which.length];
            kinds = new byte[which.length];
        }
        int count = 0;
        for (int k = 0; k < m; k++) {
            boolean before = countBefore[k] > 0;
            boolean after = state.rowCount(touched[k]) > 0;
            if (!before && after) {
                count = add(count, 1, k, RowKind.INSERT);
            } else if (before && after && changed[k]) {
                count = add(count, 0, k, RowKind.UPDATE_BEFORE);
                count = add(count, 1, k, RowKind.UPDATE_AFTER);
            } else if (before && !after) {
                count = add(count, 0, k, RowKind.DELETE);
            }
        }
        if (count == 0) {
            return;
        }
        int keyCount = aggregation.groupKeys.length;
        if (keyCount > 0) {
            aggregation.keys.decode(state.keys(), touched, m, aggregation.keyColumns);
            for (int k = 0; k < keyCount; k++) {
                ColumnOps.gather(aggregation.keyColumns[k], index, count, outColumns[k]);
            }
        }
        for (int a = 0; a < newResults.length; a++) {
            ColumnOps.interleave(oldResults[a], newResults[a], which, index, count, outColumns[keyCount + a]);
        }
        int batchSize = context.batchSize();
        if (count <= batchSize) {
            output.emit(out.build(context.allocator(), outColumns, null, count, kinds));
            return;
        }
        for (int from = 0; from < count; from += batchSize) {
            int len = Math.min(batchSize, count - from);
            int[] sel = new int[len];
            byte[] part = new byte[len];
            for (int i = 0; i < len; i++) {
                sel[i] = from + i;
                part[i] = kinds[from + i];
            }
            output.emit(out.build(context.allocator(), outColumns, sel, len, part));
        }
    }

    private int add(int count, int source, int k, RowKind kind) {
        which[count] = source;
        index[count] = k;
        kinds[count] = kind.code();
        return count + 1;
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    private AggSnapshots snapshots;

    private AggSnapshots snapshots() {
        if (snapshots == null) {
            snapshots = new AggSnapshots("groups", aggregation, aggregation.newState(changelogInput), false);
        }
        return snapshots;
    }

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
    }

    /** The groups held. */
    @Override
    public long stateEntries() {
        return backend != null ? -1 : state.size();
    }

    /** Every group with rows: key, row count, accumulators (what the next change's -U is computed from). */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        if (backend != null) {
            backend.snapshot(out);
            return;
        }
        snapshots().add(out, state, 0, 0, context.allocator());
    }

    @Override
    public void restoreState(io.sabot.engine.internal.checkpoint.OperatorStateReader in) throws Exception {
        if (backend != null) {
            backend.restore(in);
            return;
        }
        snapshots().restore(in, (start, end) -> state);
    }

    @Override
    public void close() {
        input.release();
        if (backend != null) {
            backend.close();
        }
    }
}
