package io.sabot.state.rocksdb.internal;

import io.sabot.state.spi.AggregatingState;
import io.sabot.state.spi.BatchAggregateFunction;
import io.sabot.state.spi.BatchReduceFunction;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.ReducingState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One value row per key: {@link ValueState}, and {@link ReducingState} and {@link AggregatingState}, which store the
 * same way (the reduced value, the accumulator). A batch read is one multi-get, a batch write one write batch.
 */
final class RocksValueState extends StoredState implements ValueState, ReducingState, AggregatingState {

    private BatchReduceFunction reduce;
    private BatchAggregateFunction aggregate;

    RocksValueState(RocksDbKeyedStateBackend backend, StateDescriptor descriptor, ColumnFamilyHandle column) {
        super(backend, descriptor, column);
    }

    @Override
    void bind(BatchReduceFunction reduce, BatchAggregateFunction aggregate) {
        this.reduce = reduce;
        this.aggregate = aggregate;
    }

    @Override
    void clearKey(WriteBatch batch, byte[] key) throws RocksDBException {
        batch.delete(column, key);
    }

    /** The stored values of the keys, null where absent: one multi-get. */
    private List<byte[]> fetch(byte[][] keys, int n) {
        try {
            return backend.db()
                    .multiGetAsList(
                            Collections.nCopies(n, column), Arrays.asList(keys).subList(0, n));
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    /**
     * {@link ValueState#get} and {@link ReducingState#get} return stored rows; {@link AggregatingState#get} returns
     * the function's results. All three share this signature, so the state's type decides.
     */
    @Override
    public int get(KeyBatch keys, VectorSchemaRoot values, boolean[] present) {
        if (aggregate != null) {
            return results(keys, values, present);
        }
        int n = keys.rowCount();
        List<byte[]> stored = fetch(encodeKeys(keys, 0), n);
        return decodeInto(stored, values, present, n);
    }

    private int decodeInto(List<byte[]> stored, VectorSchemaRoot values, boolean[] present, int n) {
        List<FieldVector> columns = values.getFieldVectors();
        if (columns.size() != valueCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + valueCodec.columns()
                    + " value columns, the output " + columns.size());
        }
        return decodeValues(stored, columns, values, present, n);
    }

    @Override
    public void put(KeyBatch keys, VectorSchemaRoot values) {
        int n = keys.rowCount();
        byte[][] encoded = encodeKeys(keys, 0);
        byte[][] rows = encodeValues(values, n);
        WriteBatch batch = new WriteBatch();
        try {
            for (int i = 0; i < n; i++) {
                batch.put(column, encoded[i], rows[i]);
            }
        } catch (RocksDBException e) {
            batch.close();
            throw failure("write", e);
        }
        write(batch);
    }

    // ---- reducing and aggregating: fold row by row in "rounds" (the i-th occurrence of each key of the batch), so a
    // key occurring several times in a batch is folded in row order and each call sees one pair per key ----

    @Override
    public void add(KeyBatch keys, VectorSchemaRoot rows) {
        if (reduce == null && aggregate == null) {
            throw new UnsupportedOperationException(
                    "state '" + descriptor.name() + "' is a " + descriptor.type() + " state: use put");
        }
        int n = keys.rowCount();
        if (rows.getRowCount() < n) {
            throw new IllegalArgumentException(
                    "state '" + descriptor.name() + "': " + n + " keys but " + rows.getRowCount() + " rows");
        }
        byte[][] encoded = encodeKeys(keys, 0);
        int[] round = new int[n];
        int rounds = 0;
        Map<ByteBuffer, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int r = seen.merge(ByteBuffer.wrap(encoded[i]), 1, Integer::sum) - 1;
            round[i] = r;
            rounds = Math.max(rounds, r + 1);
        }
        var allocator = backend.context().allocator();
        for (int r = 0; r < rounds; r++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (round[i] == r) {
                    members.add(i);
                }
            }
            int m = members.size();
            byte[][] roundKeys = new byte[m][];
            for (int k = 0; k < m; k++) {
                roundKeys[k] = encoded[members.get(k)];
            }
            List<byte[]> stored = fetch(roundKeys, m);
            try (VectorSchemaRoot current = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                    VectorSchemaRoot input = VectorSchemaRoot.create(rows.getSchema(), allocator);
                    VectorSchemaRoot out = VectorSchemaRoot.create(descriptor.valueSchema(), allocator)) {
                boolean[] present = new boolean[m];
                decodeInto(stored, current, present, m);
                for (int k = 0; k < m; k++) {
                    for (int c = 0; c < rows.getFieldVectors().size(); c++) {
                        input.getVector(c).copyFromSafe(members.get(k), k, rows.getVector(c));
                    }
                }
                RocksDbKeyedStateBackend.finish(input, m);
                if (aggregate != null) {
                    fillAbsent(current, present, m);
                    aggregate.add(current, input, m, out);
                } else {
                    reduceRound(current, input, present, m, out);
                }
                byte[][] values = encodeValues(out, m);
                WriteBatch batch = new WriteBatch();
                try {
                    for (int k = 0; k < m; k++) {
                        batch.put(column, roundKeys[k], values[k]);
                    }
                } catch (RocksDBException e) {
                    batch.close();
                    throw failure("write", e);
                }
                write(batch);
            }
        }
    }

    /**
     * Folds the round's rows into the stored values: the function sees only (stored, new) pairs of keys that have a
     * value; a key without one takes its row as it is.
     */
    private void reduceRound(
            VectorSchemaRoot current, VectorSchemaRoot input, boolean[] present, int m, VectorSchemaRoot out) {
        var allocator = backend.context().allocator();
        int columns = input.getFieldVectors().size();
        try (VectorSchemaRoot left = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot right = VectorSchemaRoot.create(descriptor.valueSchema(), allocator);
                VectorSchemaRoot reduced = VectorSchemaRoot.create(descriptor.valueSchema(), allocator)) {
            int p = 0;
            for (int k = 0; k < m; k++) {
                if (present[k]) {
                    for (int c = 0; c < columns; c++) {
                        left.getVector(c).copyFromSafe(k, p, current.getVector(c));
                        right.getVector(c).copyFromSafe(k, p, input.getVector(c));
                    }
                    p++;
                }
            }
            RocksDbKeyedStateBackend.finish(left, p);
            RocksDbKeyedStateBackend.finish(right, p);
            if (p > 0) {
                reduce.reduce(left, right, p, reduced);
            }
            RocksDbKeyedStateBackend.reset(out);
            int j = 0;
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < columns; c++) {
                    if (present[k]) {
                        out.getVector(c).copyFromSafe(j, k, reduced.getVector(c));
                    } else {
                        out.getVector(c).copyFromSafe(k, k, input.getVector(c));
                    }
                }
                if (present[k]) {
                    j++;
                }
            }
            RocksDbKeyedStateBackend.finish(out, m);
        }
    }

    /** Replaces the rows of absent keys by fresh accumulators. */
    private void fillAbsent(VectorSchemaRoot current, boolean[] present, int m) {
        int absent = 0;
        for (int k = 0; k < m; k++) {
            if (!present[k]) {
                absent++;
            }
        }
        if (absent == 0) {
            return;
        }
        try (VectorSchemaRoot fresh = VectorSchemaRoot.create(
                descriptor.valueSchema(), backend.context().allocator())) {
            aggregate.createAccumulators(absent, fresh);
            int j = 0;
            for (int k = 0; k < m; k++) {
                if (!present[k]) {
                    for (int c = 0; c < current.getFieldVectors().size(); c++) {
                        current.getVector(c).copyFromSafe(j, k, fresh.getVector(c));
                    }
                    j++;
                }
            }
        }
    }

    /** {@link AggregatingState#get}: the function's results; for other types, {@link ValueState#get}. */
    int results(KeyBatch keys, VectorSchemaRoot results, boolean[] present) {
        int n = keys.rowCount();
        List<byte[]> stored = fetch(encodeKeys(keys, 0), n);
        boolean[] found = present != null ? present : new boolean[n];
        try (VectorSchemaRoot accumulators = VectorSchemaRoot.create(
                        descriptor.valueSchema(), backend.context().allocator());
                VectorSchemaRoot all = VectorSchemaRoot.create(
                        results.getSchema(), backend.context().allocator())) {
            int count = decodeInto(stored, accumulators, found, n);
            // absent keys get fresh accumulators for the call, and nulls in the output
            fillAbsent(accumulators, found, n);
            aggregate.getResults(accumulators, n, all);
            RocksDbKeyedStateBackend.reset(results);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < results.getFieldVectors().size(); c++) {
                    FieldVector to = results.getVector(c);
                    if (found[i]) {
                        to.copyFromSafe(i, i, all.getVector(c));
                    } else {
                        RowCodec.setNull(to, i);
                    }
                }
            }
            RocksDbKeyedStateBackend.finish(results, n);
            return count;
        }
    }
}
