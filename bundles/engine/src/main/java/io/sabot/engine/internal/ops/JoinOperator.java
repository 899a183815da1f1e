package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.DataType;
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.RowType;
import java.util.Arrays;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A regular equi-join with both sides in state, with Flink's changelog semantics: a row arriving on one side joins
 * every stored row of the other side with its key (and passing the extra condition); an outer side's row without
 * matches comes out null-padded, and that padded row is retracted ({@code -D}) when its first match arrives and
 * emitted again ({@code +I}) when its last match goes.
 *
 * <p>Per batch: keys are encoded and candidate pairs collected for all rows at once, the extra condition is
 * evaluated over all pairs in one vectorised call, then rows are applied in order (state changes and output rows),
 * and the output columns are gathered in one pass per column.
 *
 * <p>With a state backend plug-in ({@link JoinBackend}) the two sides are scratch tables holding, per batch, just the
 * stored rows of the batch's keys, read and written back in one call per state; the per-row logic is the same.
 */
public final class JoinOperator implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    private final Join join;
    private final JoinSide[] sides = new JoinSide[2];
    private final boolean[] outer = new boolean[2];
    private final boolean[] changelogInput = new boolean[2];
    private final BatchInput[] inputs = new BatchInput[2];
    private final PairCondition condition;
    private final Output out;
    private final boolean changelog;
    private final int leftWidth;
    private final Column[] outColumns;
    private final Column[] pairColumns;
    private final ColumnsInput pairInput = new ColumnsInput();
    private OperatorContext context;
    private Collector output;
    // per batch scratch
    private final Column[] batchColumns0;
    private final Column[] batchColumns1;
    private int[] pairRow = new int[0];
    private int[] pairOther = new int[0];
    private int[] pairStart = new int[0];
    private int[] storeRows = new int[0];
    private int[] storeMatches = new int[0];
    private int[] outBatchRow = new int[0];
    private int[] outStoreRow = new int[0];
    private byte[] outKinds = new byte[0];
    private int outCount;
    /** Both sides' rows in a state backend, or null: then {@link #sides} hold every row, else only a batch's keys'. */
    private JoinBackend backend;

    public JoinOperator(Join join) {
        this(join, ExpressionErrors.failing("Join"));
    }

    /** @param errors where the pairs its extra condition fails on go */
    public JoinOperator(Join join, ExpressionErrors errors) {
        this.join = join;
        RowType left = join.left().rowType();
        RowType right = join.right().rowType();
        this.leftWidth = left.size();
        if (join.rowType().size() != left.size() + right.size()) {
            throw new IllegalArgumentException(
                    "join output has " + join.rowType().size() + " columns, expected " + (left.size() + right.size()));
        }
        int[] leftKeys = join.leftKeys().stream().mapToInt(Integer::intValue).toArray();
        int[] rightKeys = join.rightKeys().stream().mapToInt(Integer::intValue).toArray();
        DataType[] leftTypes = new DataType[leftKeys.length];
        DataType[] rightTypes = new DataType[rightKeys.length];
        for (int k = 0; k < leftKeys.length; k++) {
            if (leftKeys[k] >= left.size() || rightKeys[k] >= right.size()) {
                throw new IllegalArgumentException(
                        "join key $" + leftKeys[k] + " = $" + rightKeys[k] + " refers to a column that does not exist");
            }
            leftTypes[k] = left.type(leftKeys[k]);
            rightTypes[k] = right.type(rightKeys[k]);
            if (Physical.of(leftTypes[k]) != Physical.of(rightTypes[k])
                    || (leftTypes[k].kind() == io.sabot.plan.TypeKind.DECIMAL
                            && leftTypes[k].scale() != rightTypes[k].scale())) {
                throw new IllegalArgumentException("join key " + k + " compares " + leftTypes[k] + " with "
                        + rightTypes[k] + "; the planner must cast them to one type");
            }
        }
        sides[0] = new JoinSide(left, new KeyEncoder(leftKeys, leftTypes));
        sides[1] = new JoinSide(right, new KeyEncoder(rightKeys, rightTypes));
        outer[0] = join.kind() == JoinKind.LEFT || join.kind() == JoinKind.FULL;
        outer[1] = join.kind() == JoinKind.RIGHT || join.kind() == JoinKind.FULL;
        changelogInput[0] = join.left().changelog() == ChangelogKind.RETRACT;
        changelogInput[1] = join.right().changelog() == ChangelogKind.RETRACT;
        inputs[0] = new BatchInput(left);
        inputs[1] = new BatchInput(right);
        this.condition = join.condition() == null ? null : new PairCondition(join.condition(), join.rowType(), errors);
        this.changelog = join.changelog() == ChangelogKind.RETRACT;
        this.out = new Output(join.rowType(), changelog);
        this.outColumns = new Column[join.rowType().size()];
        this.pairColumns = new Column[join.rowType().size()];
        for (int c = 0; c < outColumns.length; c++) {
            outColumns[c] = Physical.newColumn(join.rowType().type(c));
            pairColumns[c] = Physical.newColumn(join.rowType().type(c));
        }
        this.batchColumns0 = new Column[left.size()];
        this.batchColumns1 = new Column[right.size()];
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
            process(side, batch);
        } finally {
            inputs[side].release();
            batch.close();
        }
    }

    private void process(int s, VectorSchemaRoot batch) throws Exception {
        int o = 1 - s;
        JoinSide self = sides[s];
        JoinSide other = sides[o];
        int n = batch.getRowCount();
        BatchInput in = inputs[s];
        in.reset(batch);
        Column[] cols = s == 0 ? batchColumns0 : batchColumns1;
        for (int c = 0; c < cols.length; c++) {
            cols[c] = in.column(c);
        }
        self.keys.encode(in);
        TinyIntVector kinds = Batches.rowKinds(batch, changelogInput[s]);
        boolean retractions = false;
        if (kinds != null) {
            for (int i = 0; i < n && !retractions; i++) {
                retractions = Aggregation.isRetraction(kinds.get(i));
            }
        }
        if (backend != null) {
            // this side's stored rows are needed only to find the ones retracted
            backend.load(s, cols, self.keys, n, sides, retractions);
        }

        // candidate pairs, grouped by row
        if (pairStart.length < n + 1) {
            pairStart = new int[Math.max(n + 1, pairStart.length * 2)];
        }
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            pairStart[i] = pairs;
            if (self.keys.anyNull[i]) {
                continue;
            }
            for (int id = other.first(self.keys, i); id >= 0; id = other.next[id]) {
                if (pairs == pairRow.length) {
                    pairRow = Arrays.copyOf(pairRow, Math.max(16, pairs * 2));
                    pairOther = Arrays.copyOf(pairOther, pairRow.length);
                }
                pairRow[pairs] = i;
                pairOther[pairs] = id;
                pairs++;
            }
        }
        pairStart[n] = pairs;
        if (condition != null && pairs > 0) {
            pairs = filterPairs(s, cols, other, n, pairs);
        }

        // apply rows in order
        outCount = 0;
        int stored = 0;
        if (storeRows.length < n) {
            storeRows = new int[Math.max(n, storeRows.length * 2)];
            storeMatches = new int[storeRows.length];
        }
        for (int i = 0; i < n; i++) {
            int from = pairStart[i];
            int to = pairStart[i + 1];
            boolean retract = kinds != null && Aggregation.isRetraction(kinds.get(i));
            if (!retract) {
                if (from == to) {
                    if (outer[s]) {
                        emit(RowKind.INSERT, i, -1);
                    }
                } else {
                    if (outer[o]) {
                        for (int p = from; p < to; p++) {
                            int m = pairOther[p];
                            if (other.associations[m]++ == 0) {
                                emit(RowKind.DELETE, -1, m);
                            }
                        }
                    }
                    for (int p = from; p < to; p++) {
                        emit(RowKind.INSERT, i, pairOther[p]);
                    }
                }
                if (!self.keys.anyNull[i]) {
                    if (retractions) {
                        self.addAll(cols, new int[] {i}, new int[] {to - from}, 1);
                    } else {
                        storeRows[stored] = i;
                        storeMatches[stored] = to - from;
                        stored++;
                    }
                }
            } else {
                if (!self.keys.anyNull[i]) {
                    self.remove(cols, i);
                }
                if (from == to) {
                    if (outer[s]) {
                        emit(RowKind.DELETE, i, -1);
                    }
                } else {
                    for (int p = from; p < to; p++) {
                        emit(RowKind.DELETE, i, pairOther[p]);
                    }
                    if (outer[o]) {
                        for (int p = from; p < to; p++) {
                            int m = pairOther[p];
                            if (--other.associations[m] == 0) {
                                emit(RowKind.INSERT, -1, m);
                            }
                        }
                    }
                }
            }
        }
        if (backend == null) {
            if (stored > 0) {
                self.addAll(cols, storeRows, storeMatches, stored);
            }
        } else {
            if (stored > 0) {
                backend.append(s, cols, self.keys, storeRows, storeMatches, stored);
            }
            backend.store(s, cols, self.keys, sides, retractions, outer[o]);
        }
        flush(s, cols, other);
    }

    /** Keeps the pairs passing the extra condition; returns how many remain (pairStart updated). */
    private int filterPairs(int s, Column[] cols, JoinSide other, int n, int pairs) {
        int selfOffset = s == 0 ? 0 : leftWidth;
        int otherOffset = s == 0 ? leftWidth : 0;
        for (int c = 0; c < cols.length; c++) {
            ColumnOps.gather(cols[c], pairRow, pairs, pairColumns[selfOffset + c]);
        }
        for (int c = 0; c < other.columns.length; c++) {
            ColumnOps.gather(other.columns[c], pairOther, pairs, pairColumns[otherOffset + c]);
        }
        pairInput.reset(pairColumns, pairs);
        BoolColumn keep = condition.evaluate(pairInput, pairColumns, pairs);
        return PairCondition.compact(keep, pairRow, pairOther, pairStart, n, pairs);
    }

    private void emit(RowKind kind, int batchRow, int storeRow) {
        if (outCount == outBatchRow.length) {
            int size = Math.max(16, outCount * 2);
            outBatchRow = Arrays.copyOf(outBatchRow, size);
            outStoreRow = Arrays.copyOf(outStoreRow, size);
            outKinds = Arrays.copyOf(outKinds, size);
        }
        outBatchRow[outCount] = batchRow;
        outStoreRow[outCount] = storeRow;
        outKinds[outCount] = kind.code();
        outCount++;
    }

    private void flush(int s, Column[] cols, JoinSide other) throws Exception {
        int batchSize = context.batchSize();
        int selfOffset = s == 0 ? 0 : leftWidth;
        int otherOffset = s == 0 ? leftWidth : 0;
        for (int from = 0; from < outCount; from += batchSize) {
            int len = Math.min(batchSize, outCount - from);
            int[] batchRows = from == 0 ? outBatchRow : Arrays.copyOfRange(outBatchRow, from, from + len);
            int[] storeRows = from == 0 ? outStoreRow : Arrays.copyOfRange(outStoreRow, from, from + len);
            byte[] kinds = from == 0 ? outKinds : Arrays.copyOfRange(outKinds, from, from + len);
            for (int c = 0; c < cols.length; c++) {
                ColumnOps.gatherOrNull(cols[c], batchRows, len, outColumns[selfOffset + c]);
            }
            for (int c = 0; c < other.columns.length; c++) {
                ColumnOps.gatherOrNull(other.columns[c], storeRows, len, outColumns[otherOffset + c]);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, changelog ? kinds : null));
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    /** Without equi-join keys (a cross join) there is no key to address a backend's state by: it stays on the heap. */
    @Override
    public boolean canUseBackend() {
        return !join.leftKeys().isEmpty();
    }

    @Override
    public void useBackend(io.sabot.state.spi.KeyedStateBackend keyed) {
        backend = new JoinBackend(
                keyed,
                join.left().rowType(),
                join.right().rowType(),
                toArray(join.leftKeys()),
                toArray(join.rightKeys()));
    }

    /** The rows of both sides held (unknown when they are in a backend). */
    @Override
    public long stateEntries() {
        return backend != null ? -1 : (long) sides[0].liveRows() + sides[1].liveRows();
    }

    /** Both sides' stored rows (list states {@code left} and {@code right}, keyed by the join key). */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        if (backend != null) {
            backend.snapshot(out);
            return;
        }
        sides[0].snapshot("left", toArray(join.leftKeys()), out, context.allocator());
        sides[1].snapshot("right", toArray(join.rightKeys()), out, context.allocator());
    }

    @Override
    public void restoreState(io.sabot.engine.internal.checkpoint.OperatorStateReader in) throws Exception {
        if (backend != null) {
            backend.restore(in);
            return;
        }
        sides[0].restore("left", toArray(join.leftKeys()), in);
        sides[1].restore("right", toArray(join.rightKeys()), in);
    }

    private static int[] toArray(java.util.List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        inputs[0].release();
        inputs[1].release();
    }
}
