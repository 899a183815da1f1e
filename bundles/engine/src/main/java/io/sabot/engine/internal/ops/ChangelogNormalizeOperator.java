package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.plan.ChangelogNormalize;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.ValueState;
import java.util.Arrays;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flink's {@code ChangelogNormalize} (its {@code DeduplicateFunctionHelper.processLastRowOnChangelog} without state
 * TTL): keeps the last row per primary key and turns an upsert stream into a retract changelog. An upsert of a new
 * key is {@code +I}; of a known key {@code -U} of the kept row and {@code +U} of the new one, or nothing when the two
 * are equal; a delete is {@code -D} of the kept row, or nothing for a key without row.
 *
 * <p>Per batch: keys are encoded at once, rows are applied in order against a per-key slot (an index into growing
 * columns, or into the batch for rows the same batch upserted), and the new rows are appended and the output gathered
 * one column at a time. On the heap the columns hold every key's row and are compacted when replaced rows dominate;
 * with a state backend they are scratch holding the batch's keys' rows, read with one {@link ValueState#get} and
 * written back with one {@code put} and one {@code clear} per batch. Either way the state is one value state,
 * {@value #STATE}: key = the key columns, value = every column, so a checkpoint restores on either.
 */
public final class ChangelogNormalizeOperator extends KeyedChangelogOperator<ValueState> {

    static final String STATE = "rows";

    private final Column[] outColumns;

    // per key id (in keyIds) its row's index or NONE
    private int[] slot = new int[0];

    // per-batch scratch
    private int[] emitWhich = new int[0];
    private int[] emitIndex = new int[0];
    private byte[] emitKinds = new byte[0];
    private int emitted;

    public ChangelogNormalizeOperator(ChangelogNormalize node) {
        super(node.rowType(), node.keys(), ChangelogNormalizeOperator::descriptor, KeyedStateBackend::valueState);
        this.outColumns = newColumns();
    }

    /** Value state {@value #STATE}: key = the key columns ({@code key<k>_<name>}), value = every column. */
    static StateDescriptor descriptor(RowType rowType, int[] keyColumns) {
        Schema[] schemas = KeyTableState.rowSchemas(rowType, keyColumns);
        return StateDescriptor.value(STATE, schemas[0], schemas[1]);
    }

    @Override
    void newKeys(int from, int to) {
        if (slot.length < to) {
            int old = slot.length;
            slot = Arrays.copyOf(slot, Math.max(to, old * 2));
            Arrays.fill(slot, old, slot.length, NONE);
        }
        Arrays.fill(slot, from, to, NONE);
    }

    @Override
    void apply(int n, TinyIntVector kinds) throws Exception {
        // apply in order; slot >= base refers to batch row appendRows[slot - base]
        int base = store[0].size();
        int appended = 0;
        emitted = 0;
        for (int i = 0; i < n; i++) {
            int kid = batchKid[i];
            int prev = slot[kid];
            if (Aggregation.isRetraction(kinds.get(i))) {
                if (prev != NONE) {
                    emit(RowKind.DELETE, prev, base);
                    slot[kid] = NONE;
                    live--;
                    dead++;
                }
                continue;
            }
            if (prev == NONE) {
                emit(RowKind.INSERT, base + appended, base, i);
                live++;
            } else if (sameRow(prev, base, i)) {
                continue; // an upsert equal to the kept row changes nothing (Flink drops it)
            } else {
                emit(RowKind.UPDATE_BEFORE, prev, base);
                emit(RowKind.UPDATE_AFTER, base + appended, base, i);
                dead++;
            }
            appendRows[appended] = i;
            slot[kid] = base + appended++;
        }
        flush(base);
        for (int c = 0; c < store.length; c++) {
            store[c].appendRows(batchColumns[c], appendRows, appended);
        }
    }

    private boolean sameRow(int prev, int base, int row) {
        for (int c = 0; c < batchColumns.length; c++) {
            boolean equal = prev < base
                    ? ColumnOps.rowEquals(store[c], prev, batchColumns[c], row)
                    : ColumnOps.rowEquals(batchColumns[c], appendRows[prev - base], batchColumns[c], row);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private void emit(RowKind kind, int ref, int base) {
        emit(kind, ref, base, ref < base ? -1 : appendRows[ref - base]);
    }

    /** Adds an output row: kept row {@code ref} when below {@code base}, else batch row {@code batchRow}. */
    private void emit(RowKind kind, int ref, int base, int batchRow) {
        if (emitted == emitWhich.length) {
            int size = Math.max(16, emitted * 2);
            emitWhich = Arrays.copyOf(emitWhich, size);
            emitIndex = Arrays.copyOf(emitIndex, size);
            emitKinds = Arrays.copyOf(emitKinds, size);
        }
        emitWhich[emitted] = ref < base ? 0 : 1;
        emitIndex[emitted] = ref < base ? ref : batchRow;
        emitKinds[emitted] = kind.code();
        emitted++;
    }

    private void flush(int base) throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < emitted; from += batchSize) {
            int len = Math.min(batchSize, emitted - from);
            int[] which = from == 0 ? emitWhich : Arrays.copyOfRange(emitWhich, from, from + len);
            int[] index = from == 0 ? emitIndex : Arrays.copyOfRange(emitIndex, from, from + len);
            byte[] kinds = from == 0 ? emitKinds : Arrays.copyOfRange(emitKinds, from, from + len);
            for (int c = 0; c < outColumns.length; c++) {
                ColumnOps.interleave(store[c], batchColumns[c], which, index, len, outColumns[c]);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, kinds));
        }
    }

    @Override
    int listRows(int[] kids, int[] rows) {
        int m = 0;
        for (int kid = 0; kid < keyIds.size(); kid++) {
            if (slot[kid] != NONE) {
                kids[m] = kid;
                rows[m++] = slot[kid];
            }
        }
        return m;
    }

    @Override
    void relink(int[] kids, int m) {
        for (int i = 0; i < m; i++) {
            slot[kids[i]] = i;
        }
    }

    /** Reads the kept rows of the batch's {@code distinct} keys into the store, with one state read. */
    @Override
    void load(int distinct) {
        boolean[] present = new boolean[distinct];
        int[] kids = KeyTableState.identity(distinct);
        try (VectorSchemaRoot keys = keyRoot(kids, distinct);
                VectorSchemaRoot values = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            state().get(keyBatch(keys, kids, distinct), values, present);
            Column[] loaded = newColumns();
            for (int c = 0; c < loaded.length; c++) {
                ArrowColumns.read(values.getVector(c), rowType.type(c).kind(), loaded[c], distinct);
            }
            int[] rows = new int[distinct];
            int m = 0;
            for (int kid = 0; kid < distinct; kid++) {
                if (present[kid]) {
                    slot[kid] = m;
                    rows[m++] = kid;
                }
            }
            for (int c = 0; c < store.length; c++) {
                store[c].appendRows(loaded[c], rows, m);
            }
            live = m;
        }
    }

    @Override
    void write(ValueState state, KeyBatch keys, VectorSchemaRoot values) {
        state.put(keys, values);
    }

    @Override
    void restored(int[] kids, int base, int n) {
        for (int i = 0; i < n; i++) {
            slot[kids[i]] = base + i;
            live++;
        }
    }
}
