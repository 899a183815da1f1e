package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.plan.RowType;
import io.sabot.plan.SinkUpsertMaterialize;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import java.util.Arrays;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flink's {@code SinkUpsertMaterializer} (1.20, without upsert key and state TTL): per sink primary key the list of
 * rows received. {@code +I}/{@code +U} appends its row and emits it, as {@code +I} when the list was empty, else as
 * {@code +U}; {@code -U}/{@code -D} removes the first equal row (all columns) and, when that was the list's last row,
 * emits the new last row as {@code +U}, or {@code -D} of the removed row when the list is empty; an unknown row emits
 * nothing.
 *
 * <p>Per batch: keys are encoded at once, the batch's added rows appended to the store columns in one pass, the
 * changes applied in order on linked lists of store rows (per key id head and tail, per row next and previous), and
 * the output gathered from the store one column at a time. On the heap the store holds every key's rows and is
 * compacted when removed rows dominate; with a state backend it holds the batch's keys' lists, read with one {@link
 * ListState#get} and written back with one {@code replace} and one {@code clear} per batch. Either way the state is
 * one list state, {@value #STATE}: key = the primary key columns, elements = every column in list order, so a
 * checkpoint restores on either.
 */
public final class SinkUpsertMaterializeOperator extends KeyedChangelogOperator<ListState> {

    static final String STATE = "materialized";

    // the lists: store rows linked per key id (head/tail), per row (next/prev)
    private int[] head = new int[0];
    private int[] tail = new int[0];
    private int[] next = new int[0];
    private int[] prev = new int[0];

    // per-batch scratch
    private int[] emitRows = new int[0];
    private byte[] emitKinds = new byte[0];
    private int emitted;

    public SinkUpsertMaterializeOperator(SinkUpsertMaterialize node) {
        super(node.rowType(), node.keys(), SinkUpsertMaterializeOperator::descriptor, KeyedStateBackend::listState);
    }

    /** List state {@value #STATE}: key = the key columns, elements = every column. */
    static StateDescriptor descriptor(RowType rowType, int[] keyColumns) {
        Schema[] schemas = KeyTableState.rowSchemas(rowType, keyColumns);
        return StateDescriptor.list(STATE, schemas[0], schemas[1]);
    }

    @Override
    void apply(int n, TinyIntVector kinds) throws Exception {
        // the batch's inserts and update-afters go to the store first; their rows are base + j
        int adds = 0;
        for (int i = 0; i < n; i++) {
            if (!Aggregation.isRetraction(kinds.get(i))) {
                appendRows[adds++] = i;
            }
        }
        int base = store[0].size();
        for (int c = 0; c < store.length; c++) {
            store[c].appendRows(batchColumns[c], appendRows, adds);
        }
        growRows(base + adds);
        emitted = 0;
        int a = 0;
        for (int i = 0; i < n; i++) {
            int kid = batchKid[i];
            if (!Aggregation.isRetraction(kinds.get(i))) {
                int row = base + a++;
                link(kid, row);
                emit(row, head[kid] == row ? RowKind.INSERT : RowKind.UPDATE_AFTER);
                continue;
            }
            int row = head[kid];
            while (row != NONE && !equalsBatchRow(row, i)) {
                row = next[row];
            }
            if (row == NONE) {
                continue; // a retraction of a row never received (Flink logs it and goes on)
            }
            boolean wasLast = row == tail[kid];
            unlink(kid, row);
            if (wasLast) {
                if (tail[kid] == NONE) {
                    emit(row, RowKind.DELETE);
                } else {
                    emit(tail[kid], RowKind.UPDATE_AFTER);
                }
            }
        }
        flush();
    }

    private boolean equalsBatchRow(int row, int batchRow) {
        for (int c = 0; c < store.length; c++) {
            if (!ColumnOps.rowEquals(store[c], row, batchColumns[c], batchRow)) {
                return false;
            }
        }
        return true;
    }

    @Override
    void newKeys(int from, int to) {
        if (head.length < to) {
            head = Arrays.copyOf(head, Math.max(to, head.length * 2));
            tail = Arrays.copyOf(tail, head.length);
        }
        Arrays.fill(head, from, to, NONE);
        Arrays.fill(tail, from, to, NONE);
    }

    private void growRows(int rows) {
        if (next.length < rows) {
            next = Arrays.copyOf(next, Math.max(rows, next.length * 2));
            prev = Arrays.copyOf(prev, next.length);
        }
    }

    private void link(int kid, int row) {
        next[row] = NONE;
        prev[row] = tail[kid];
        if (tail[kid] == NONE) {
            head[kid] = row;
        } else {
            next[tail[kid]] = row;
        }
        tail[kid] = row;
        live++;
    }

    private void unlink(int kid, int row) {
        if (prev[row] == NONE) {
            head[kid] = next[row];
        } else {
            next[prev[row]] = next[row];
        }
        if (next[row] == NONE) {
            tail[kid] = prev[row];
        } else {
            prev[next[row]] = prev[row];
        }
        live--;
        dead++;
    }

    private void emit(int row, RowKind kind) {
        if (emitted == emitRows.length) {
            int size = Math.max(16, emitted * 2);
            emitRows = Arrays.copyOf(emitRows, size);
            emitKinds = Arrays.copyOf(emitKinds, size);
        }
        emitRows[emitted] = row;
        emitKinds[emitted++] = kind.code();
    }

    private void flush() throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < emitted; from += batchSize) {
            int len = Math.min(batchSize, emitted - from);
            int[] rows = from == 0 ? emitRows : Arrays.copyOfRange(emitRows, from, from + len);
            byte[] kinds = from == 0 ? emitKinds : Arrays.copyOfRange(emitKinds, from, from + len);
            output.emit(out.build(context.allocator(), store, rows, len, kinds));
        }
    }

    /** The store rows of every list, key by key in list order; {@code kids} gets each row's key id. */
    @Override
    int listRows(int[] kids, int[] rows) {
        int m = 0;
        for (int kid = 0; kid < keyIds.size(); kid++) {
            for (int row = head[kid]; row != NONE; row = next[row]) {
                kids[m] = kid;
                rows[m++] = row;
            }
        }
        return m;
    }

    @Override
    void relink(int[] kids, int m) {
        Arrays.fill(head, 0, keyIds.size(), NONE);
        Arrays.fill(tail, 0, keyIds.size(), NONE);
        live = 0;
        for (int i = 0; i < m; i++) {
            link(kids[i], i);
        }
    }

    /** Reads the lists of the batch's {@code distinct} keys into the store, with one state read. */
    @Override
    void load(int distinct) {
        int[] kids = KeyTableState.identity(distinct);
        try (VectorSchemaRoot keys = keyRoot(kids, distinct);
                IntVector keyRows = new IntVector("key_row", context.allocator());
                VectorSchemaRoot elements = VectorSchemaRoot.create(descriptor.valueSchema(), context.allocator())) {
            int m = state().get(keyBatch(keys, kids, distinct), keyRows, elements);
            for (int c = 0; c < store.length; c++) {
                ArrowColumns.read(elements.getVector(c), rowType.type(c).kind(), store[c], m);
            }
            growRows(m);
            for (int i = 0; i < m; i++) {
                link(keyRows.get(i), i);
            }
        }
    }

    @Override
    void write(ListState state, KeyBatch keys, VectorSchemaRoot values) {
        state.replace(keys, values);
    }

    @Override
    void restored(int[] kids, int base, int n) {
        growRows(base + n);
        for (int i = 0; i < n; i++) {
            link(kids[i], base + i);
        }
    }
}
