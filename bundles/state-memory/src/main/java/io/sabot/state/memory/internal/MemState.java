package io.sabot.state.memory.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyedState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.StateType;
import io.sabot.state.spi.codec.RowCodec;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What every memory state shares: one {@link BytesTable} per key group of the backend's range (created on first
 * write), the codecs of its columns, batch key encoding, and the scan in the canonical file layout, which also writes
 * snapshots from {@link #copyTables() copies}.
 */
abstract class MemState implements KeyedState {

    final MemoryKeyedStateBackend backend;
    StateDescriptor descriptor;
    final RowCodec keyCodec;
    final RowCodec userKeyCodec;
    final RowCodec valueCodec;
    final KeyGroupRange range;
    BytesTable[] tables;
    /** Whether an operator asked for this state (restored states are attached on first use). */
    boolean attached;

    final RowBuffer keyBuf = new RowBuffer();
    final RowBuffer valueBuf = new RowBuffer();

    MemState(MemoryKeyedStateBackend backend, StateDescriptor descriptor) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.range = backend.keyGroupRange();
        this.keyCodec = new RowCodec(descriptor.keySchema());
        this.userKeyCodec = descriptor.type() == StateType.MAP ? new RowCodec(descriptor.userKeySchema()) : null;
        this.valueCodec = new RowCodec(descriptor.valueSchema());
        this.tables = new BytesTable[range.size()];
    }

    static MemState create(MemoryKeyedStateBackend backend, StateDescriptor descriptor) {
        return switch (descriptor.type()) {
            case VALUE, REDUCING, AGGREGATING -> new MemValueState(backend, descriptor);
            case LIST -> new MemListState(backend, descriptor);
            case MAP -> new MemMapState(backend, descriptor);
        };
    }

    @Override
    public StateDescriptor descriptor() {
        return descriptor;
    }

    /** Checks and encodes the batch's keys into {@link #keyBuf}. */
    void encodeKeys(KeyBatch keys) {
        backend.checkOpen();
        if (keys.columnCount() != keyCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + keyCodec.columns()
                    + " key columns, the batch " + keys.columnCount());
        }
        keys.checkKeyGroupsIn(range);
        keyBuf.encode(keyCodec, keys.columns(), 0, keys.rowCount());
    }

    /** Checks that {@code values} has the value columns and at least {@code rows} rows. */
    void checkValues(VectorSchemaRoot values, RowCodec codec, int rows, String what) {
        if (values.getFieldVectors().size() != codec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + codec.columns() + " " + what
                    + " columns, the batch " + values.getFieldVectors().size());
        }
        if (values.getRowCount() < rows) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "': " + rows + " keys but only "
                    + values.getRowCount() + " " + what + " rows");
        }
    }

    BytesTable table(int keyGroup, boolean create) {
        int i = keyGroup - range.first();
        BytesTable t = tables[i];
        if (t == null && create) {
            t = new BytesTable(descriptor.type() == StateType.MAP);
            tables[i] = t;
        }
        return t;
    }

    /** The entry of encoded key row {@code r} in {@code t}, or -1. */
    int find(BytesTable t, int r) {
        return t == null ? -1 : t.find(keyBuf.buf, keyBuf.starts[r], keyBuf.ends[r], keyBuf.hashes[r]);
    }

    int findOrInsert(int keyGroup, int r) {
        return table(keyGroup, true).findOrInsert(keyBuf.buf, keyBuf.starts[r], keyBuf.ends[r], keyBuf.hashes[r]);
    }

    @Override
    public void clear(KeyBatch keys) {
        encodeKeys(keys);
        int[] groups = keys.keyGroups();
        for (int r = 0; r < keys.rowCount(); r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            if (e >= 0) {
                t.remove(e);
            }
        }
    }

    /** Read-only copies of the tables, for a snapshot. */
    BytesTable[] copyTables() {
        BytesTable[] copy = new BytesTable[tables.length];
        for (int i = 0; i < tables.length; i++) {
            if (tables[i] != null && tables[i].size > 0) {
                copy[i] = tables[i].copy();
            }
        }
        return copy;
    }

    @Override
    public long scan(
            KeyGroupRange keyGroups, VectorSchemaRoot batch, int maxRows, Consumer<VectorSchemaRoot> consumer) {
        backend.checkOpen();
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        return scan(tables, keyGroups.intersection(range), batch, maxRows, consumer, () -> {});
    }

    /**
     * Writes the rows of {@code tables} in {@code keyGroups} in the canonical file layout into {@code batch}, {@code
     * maxRows} at a time; {@code check} runs before each batch is handed out (a closed backend stops a snapshot).
     */
    long scan(
            BytesTable[] tables,
            KeyGroupRange keyGroups,
            VectorSchemaRoot batch,
            int maxRows,
            Consumer<VectorSchemaRoot> consumer,
            Runnable check) {
        if (keyGroups.isEmpty()) {
            return 0;
        }
        List<FieldVector> columns = batch.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        int keyAt = 1;
        int userKeyAt = keyAt + keyCodec.columns();
        int valueAt = userKeyAt + (userKeyCodec == null ? 0 : userKeyCodec.columns());
        long total = 0;
        int n = 0;
        MemoryKeyedStateBackend.reset(batch);
        for (int kg = keyGroups.first(); kg <= keyGroups.last(); kg++) {
            BytesTable t = tables[kg - range.first()];
            if (t == null) {
                continue;
            }
            for (int e = 0; e < t.size; e++) {
                int elements = descriptor.type() == StateType.MAP ? t.maps[e].size : t.counts[e];
                int p = 0;
                for (int j = 0; j < elements; j++) {
                    groups.setSafe(n, kg);
                    keyCodec.decode(t.keys[e], 0, columns, keyAt, n);
                    if (descriptor.type() == StateType.MAP) {
                        BytesTable m = t.maps[e];
                        userKeyCodec.decode(m.keys[j], 0, columns, userKeyAt, n);
                        valueCodec.decode(m.values[j], 0, columns, valueAt, n);
                    } else {
                        p = valueCodec.decode(t.values[e], p, columns, valueAt, n);
                    }
                    if (++n == maxRows) {
                        check.run();
                        MemoryKeyedStateBackend.emit(batch, n, consumer);
                        total += n;
                        n = 0;
                        MemoryKeyedStateBackend.reset(batch);
                    }
                }
            }
        }
        if (n > 0) {
            check.run();
            MemoryKeyedStateBackend.emit(batch, n, consumer);
            total += n;
        }
        return total;
    }

    /** Loads the rows of a snapshot file batch ({@code root}, canonical layout) whose key groups lie in the range. */
    void load(VectorSchemaRoot root) {
        int n = root.getRowCount();
        List<FieldVector> columns = root.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        keyBuf.encode(keyCodec, columns, 1, n);
        int userKeyAt = 1 + keyCodec.columns();
        int valueAt = userKeyAt + (userKeyCodec == null ? 0 : userKeyCodec.columns());
        valueBuf.encode(valueCodec, columns, valueAt, n);
        RowBuffer userKeys = null;
        if (userKeyCodec != null) {
            userKeys = new RowBuffer();
            userKeys.encode(userKeyCodec, columns, userKeyAt, n);
        }
        for (int r = 0; r < n; r++) {
            int kg = groups.get(r);
            if (!range.contains(kg)) {
                continue;
            }
            BytesTable t = table(kg, true);
            int e = findOrInsert(kg, r);
            int from = valueBuf.starts[r];
            int to = valueBuf.ends[r];
            switch (descriptor.type()) {
                case LIST -> t.append(e, valueBuf.buf, from, to);
                case MAP -> {
                    BytesTable m = t.maps[e];
                    int u = m.findOrInsert(userKeys.buf, userKeys.starts[r], userKeys.ends[r], userKeys.hashes[r]);
                    m.set(u, valueBuf.buf, from, to);
                }
                default -> t.set(e, valueBuf.buf, from, to);
            }
        }
    }

    long bytes() {
        long total = 0;
        for (BytesTable t : tables) {
            total += t == null ? 0 : t.bytes();
        }
        return total;
    }
}
