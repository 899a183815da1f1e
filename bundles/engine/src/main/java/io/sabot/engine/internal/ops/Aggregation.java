package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.expr.EvalInput;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.AggregateCall;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import java.util.List;
import org.apache.arrow.vector.TinyIntVector;

/** What window and group aggregation share: key encoding, the columns for output, applying changelog rows. */
final class Aggregation {

    final RowType input;
    final int[] groupKeys;
    final List<AggregateCall> calls;
    final KeyEncoder keys;
    final Column[] keyColumns;
    final Column[] aggColumns;
    private int[] accumulateRows = new int[0];
    private int[] retractRows = new int[0];
    private int[] groupScratch = new int[0];

    Aggregation(RowType input, List<Integer> groupKeys, List<AggregateCall> calls, RowType output) {
        this.input = input;
        this.groupKeys = groupKeys.stream().mapToInt(Integer::intValue).toArray();
        this.calls = calls;
        DataType[] types = new DataType[this.groupKeys.length];
        this.keyColumns = new Column[this.groupKeys.length];
        for (int k = 0; k < types.length; k++) {
            if (this.groupKeys[k] >= input.size()) {
                throw new IllegalArgumentException("group key $" + this.groupKeys[k] + " does not exist");
            }
            types[k] = input.type(this.groupKeys[k]);
            keyColumns[k] = Physical.newColumn(types[k]);
            if (Physical.of(types[k]) != Physical.of(output.type(k))) {
                throw new IllegalArgumentException("group key $" + this.groupKeys[k] + " is " + types[k]
                        + " but output column " + k + " is " + output.type(k));
            }
        }
        this.keys = new KeyEncoder(this.groupKeys, types);
        this.aggColumns = new Column[calls.size()];
        for (int a = 0; a < calls.size(); a++) {
            aggColumns[a] = Physical.newColumn(output.type(this.groupKeys.length + a));
        }
    }

    AggState newState(boolean retracting) {
        AggState state = new AggState(calls, input);
        if (retracting) {
            state.checkRetractable();
        }
        return state;
    }

    /** Whether a row kind retracts (-U, -D). */
    static boolean isRetraction(byte kind) {
        return kind == RowKind.UPDATE_BEFORE.code() || kind == RowKind.DELETE.code();
    }

    /**
     * Applies rows {@code rows[0…n)} to {@code state}: the accumulating ones, then (for a changelog, {@code kinds}
     * not null) the retracting ones.
     */
    void apply(AggState state, EvalInput in, int[] rows, int n, TinyIntVector kinds) {
        if (kinds == null) {
            int[] ids = state.lookup(keys, rows, n);
            state.apply(in, rows, ids, n, false);
            return;
        }
        if (accumulateRows.length < n) {
            accumulateRows = new int[Math.max(n, accumulateRows.length * 2)];
            retractRows = new int[accumulateRows.length];
        }
        int acc = 0;
        int ret = 0;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (isRetraction(kinds.get(r))) {
                retractRows[ret++] = r;
            } else {
                accumulateRows[acc++] = r;
            }
        }
        if (acc > 0) {
            int[] ids = state.lookup(keys, accumulateRows, acc);
            state.apply(in, accumulateRows, ids, acc, false);
        }
        if (ret > 0) {
            int[] ids = state.lookup(keys, retractRows, ret);
            if (groupScratch.length < ret) {
                groupScratch = new int[Math.max(ret, groupScratch.length * 2)];
            }
            System.arraycopy(ids, 0, groupScratch, 0, ret);
            state.apply(in, retractRows, groupScratch, ret, true);
        }
    }
}
