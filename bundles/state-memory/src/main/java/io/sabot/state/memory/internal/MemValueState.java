package io.sabot.state.memory.internal;

import io.sabot.state.spi.AggregatingState;
import io.sabot.state.spi.BatchAggregateFunction;
import io.sabot.state.spi.BatchReduceFunction;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.ReducingState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.StateType;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.codec.RowCodec;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One encoded value row per key: {@link ValueState}, and {@link ReducingState} and {@link AggregatingState}, which
 * store the same way and fold new rows in with their function.
 *
 * <p>A fold runs in passes so that the function sees at most one pair per key per call: pass {@code p} takes the
 * {@code p}-th occurrence of every key of the batch, in row order. A batch without repeated keys is one pass over the
 * caller's own vectors.
 */
final class MemValueState extends MemState implements ValueState, ReducingState, AggregatingState {

    private BatchReduceFunction reduce;
    private BatchAggregateFunction aggregate;
    private int[] entries = new int[0];
    private int[] ranks = new int[0];
    private int[] selected = new int[0];
    private final RowBuffer outBuf = new RowBuffer();
    /** The encoded accumulator of no input, for keys an aggregating state has not seen. */
    private byte[] fresh;

    MemValueState(MemoryKeyedStateBackend backend, StateDescriptor descriptor) {
        super(backend, descriptor);
    }

    void bind(BatchReduceFunction reduce, BatchAggregateFunction aggregate) {
        this.reduce = reduce;
        this.aggregate = aggregate;
        this.fresh = null;
    }

    @Override
    public int get(KeyBatch keys, VectorSchemaRoot values, boolean[] present) {
        if (descriptor.type() == StateType.AGGREGATING) {
            return results(keys, values, present);
        }
        return read(keys, values, present);
    }

    /** Decodes the stored rows of the batch's keys into {@code values}, nulls where absent. */
    private int read(KeyBatch keys, VectorSchemaRoot values, boolean[] present) {
        encodeKeys(keys);
        int n = keys.rowCount();
        int[] groups = keys.keyGroups();
        List<FieldVector> columns = values.getFieldVectors();
        if (columns.size() != valueCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + valueCodec.columns()
                    + " value columns, the output " + columns.size());
        }
        int found = 0;
        for (int r = 0; r < n; r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            if (e >= 0) {
                valueCodec.decode(t.values[e], 0, columns, 0, r);
                found++;
            } else {
                valueCodec.setNulls(columns, 0, r);
            }
            if (present != null) {
                present[r] = e >= 0;
            }
        }
        MemoryKeyedStateBackend.finish(values, n);
        return found;
    }

    @Override
    public void put(KeyBatch keys, VectorSchemaRoot values) {
        encodeKeys(keys);
        int n = keys.rowCount();
        checkValues(values, valueCodec, n, "value");
        valueBuf.encode(valueCodec, values.getFieldVectors(), 0, n);
        int[] groups = keys.keyGroups();
        for (int r = 0; r < n; r++) {
            BytesTable t = table(groups[r], true);
            t.set(findOrInsert(groups[r], r), valueBuf.buf, valueBuf.starts[r], valueBuf.ends[r]);
        }
    }

    @Override
    public void add(KeyBatch keys, VectorSchemaRoot rows) {
        encodeKeys(keys);
        int n = keys.rowCount();
        if (n == 0) {
            return;
        }
        if (descriptor.type() == StateType.REDUCING) {
            checkValues(rows, valueCodec, n, "value");
        } else if (rows.getRowCount() < n) {
            throw new IllegalArgumentException(
                    "state '" + descriptor.name() + "': " + n + " keys but only " + rows.getRowCount() + " input rows");
        }
        if (entries.length < n) {
            entries = new int[n];
            ranks = new int[n];
            selected = new int[n];
        }
        int[] groups = keys.keyGroups();
        // the rank of each row among the rows of its key; counts[] of value entries is free for that meanwhile
        for (int r = 0; r < n; r++) {
            entries[r] = findOrInsert(groups[r], r);
            table(groups[r], false).counts[entries[r]] = 0;
        }
        int passes = 0;
        for (int r = 0; r < n; r++) {
            ranks[r] = table(groups[r], false).counts[entries[r]]++;
            passes = Math.max(passes, ranks[r] + 1);
        }
        for (int r = 0; r < n; r++) {
            table(groups[r], false).counts[entries[r]] = 1;
        }
        if (descriptor.type() == StateType.REDUCING) {
            valueBuf.encode(valueCodec, rows.getFieldVectors(), 0, n);
        }
        for (int pass = 0; pass < passes; pass++) {
            int m = 0;
            for (int r = 0; r < n; r++) {
                if (ranks[r] == pass) {
                    selected[m++] = r;
                }
            }
            if (descriptor.type() == StateType.REDUCING) {
                reducePass(groups, rows, m);
            } else {
                aggregatePass(groups, rows, m, m == n);
            }
        }
    }

    /** Folds the selected rows (one per key) into their stored values with the reduce function. */
    private void reducePass(int[] groups, VectorSchemaRoot rows, int m) {
        var allocator = backend.allocator();
        try (VectorSchemaRoot left = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot right = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot out = VectorSchemaRoot.create(descriptor.valueSchema(), allocator)) {
            int pairs = 0;
            int[] paired = new int[m];
            for (int i = 0; i < m; i++) {
                int r = selected[i];
                BytesTable t = table(groups[r], false);
                byte[] stored = t.values[entries[r]];
                if (stored == null) {
                    // a key's first value is the row itself
                    t.set(entries[r], valueBuf.buf, valueBuf.starts[r], valueBuf.ends[r]);
                } else {
                    valueCodec.decode(stored, 0, left.getFieldVectors(), 0, pairs);
                    valueCodec.decode(valueBuf.buf, valueBuf.starts[r], right.getFieldVectors(), 0, pairs);
                    paired[pairs++] = r;
                }
            }
            if (pairs == 0) {
                return;
            }
            MemoryKeyedStateBackend.finish(left, pairs);
            MemoryKeyedStateBackend.finish(right, pairs);
            reduce.reduce(left, right, pairs, out);
            store(groups, out, paired, pairs);
        }
    }

    /** Adds the selected rows (one per key) to their accumulators, fresh ones for keys without. */
    private void aggregatePass(int[] groups, VectorSchemaRoot inputs, int m, boolean allRows) {
        var allocator = backend.allocator();
        try (VectorSchemaRoot acc = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot out = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot gathered = allRows ? null : VectorSchemaRoot.create(inputs.getSchema(), allocator)) {
            byte[] empty = freshAccumulator();
            List<FieldVector> accColumns = acc.getFieldVectors();
            for (int i = 0; i < m; i++) {
                int r = selected[i];
                byte[] stored = table(groups[r], false).values[entries[r]];
                valueCodec.decode(stored == null ? empty : stored, 0, accColumns, 0, i);
                if (gathered != null) {
                    // repeated keys only: the cold path copies the pass's input rows
                    for (int c = 0; c < inputs.getFieldVectors().size(); c++) {
                        gathered.getVector(c).copyFromSafe(r, i, inputs.getVector(c));
                    }
                }
            }
            MemoryKeyedStateBackend.finish(acc, m);
            VectorSchemaRoot in = inputs;
            if (gathered != null) {
                MemoryKeyedStateBackend.finish(gathered, m);
                in = gathered;
            }
            aggregate.add(acc, in, m, out);
            store(groups, out, selected, m);
        }
    }

    private byte[] freshAccumulator() {
        if (fresh == null) {
            try (VectorSchemaRoot one = VectorSchemaRoot.create(descriptor.valueSchema(), backend.allocator())) {
                aggregate.createAccumulators(1, one);
                MemoryKeyedStateBackend.finish(one, 1);
                RowBuffer b = new RowBuffer();
                b.encode(valueCodec, one.getFieldVectors(), 0, 1);
                fresh = java.util.Arrays.copyOfRange(b.buf, b.starts[0], b.ends[0]);
            }
        }
        return fresh;
    }

    /** Stores row {@code i} of {@code out} as the value of key row {@code rowsOf[i]}. */
    private void store(int[] groups, VectorSchemaRoot out, int[] rowsOf, int count) {
        outBuf.encode(valueCodec, out.getFieldVectors(), 0, count);
        for (int i = 0; i < count; i++) {
            int r = rowsOf[i];
            table(groups[r], false).set(entries[r], outBuf.buf, outBuf.starts[i], outBuf.ends[i]);
        }
    }

    /** An aggregating state's get: the function's results of the stored accumulators. */
    private int results(KeyBatch keys, VectorSchemaRoot results, boolean[] present) {
        int n = keys.rowCount();
        boolean[] has = present != null ? present : new boolean[n];
        try (VectorSchemaRoot acc = VectorSchemaRoot.create(descriptor.valueSchema(), backend.allocator())) {
            int found = read(keys, acc, has);
            if (found == n) {
                aggregate.getResults(acc, n, results);
                MemoryKeyedStateBackend.finish(results, n);
                return found;
            }
            // some keys have no accumulator: results of the others, nulls for them
            try (VectorSchemaRoot compact = VectorSchemaRoot.create(descriptor.valueSchema(), backend.allocator());
                    VectorSchemaRoot some = VectorSchemaRoot.create(results.getSchema(), backend.allocator())) {
                int m = 0;
                for (int r = 0; r < n; r++) {
                    if (has[r]) {
                        for (int c = 0; c < acc.getFieldVectors().size(); c++) {
                            compact.getVector(c).copyFromSafe(r, m, acc.getVector(c));
                        }
                        m++;
                    }
                }
                MemoryKeyedStateBackend.finish(compact, m);
                aggregate.getResults(compact, m, some);
                int j = 0;
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < results.getFieldVectors().size(); c++) {
                        FieldVector to = results.getVector(c);
                        if (has[r]) {
                            to.copyFromSafe(j, r, some.getVector(c));
                        } else {
                            RowCodec.setNull(to, r);
                        }
                    }
                    if (has[r]) {
                        j++;
                    }
                }
                MemoryKeyedStateBackend.finish(results, n);
            }
            return found;
        }
    }
}
