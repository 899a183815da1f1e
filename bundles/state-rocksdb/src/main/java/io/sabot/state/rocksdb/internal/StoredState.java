package io.sabot.state.rocksdb.internal;

import io.sabot.plugin.PluginException;
import io.sabot.state.spi.BatchAggregateFunction;
import io.sabot.state.spi.BatchReduceFunction;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyedState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * What every RocksDB-backed state shares: its column family, the codecs of its key and value columns, batch key
 * encoding, and the scan in the canonical file layout. A stored key is {@code key group (2 bytes) + key row} plus,
 * for lists and maps, a suffix per element (its sequence number) or entry (its user key).
 */
abstract class StoredState implements KeyedState {

    final RocksDbKeyedStateBackend backend;
    final StateDescriptor descriptor;
    final ColumnFamilyHandle column;
    final RowCodec keyCodec;
    final RowCodec valueCodec;
    /** Whether an operator asked for this state (restored states are attached on first use). */
    boolean handleCreated;

    private int[] lengths = new int[0];
    /** After {@link #encodeKeys}: where each row's key ends (and its suffix starts). */
    int[] keyEnds = new int[0];

    StoredState(RocksDbKeyedStateBackend backend, StateDescriptor descriptor, ColumnFamilyHandle column) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.column = column;
        this.keyCodec = new RowCodec(descriptor.keySchema());
        this.valueCodec = new RowCodec(descriptor.valueSchema());
    }

    void bind(BatchReduceFunction reduce, BatchAggregateFunction aggregate) {}

    @Override
    public StateDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The stored keys of the batch's rows, each with {@code extra} bytes of room after the key; {@link #keyEnds} holds
     * where each key ends.
     */
    byte[][] encodeKeys(KeyBatch keys, int extra) {
        backend.checkOpen();
        if (keys.columnCount() != keyCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + keyCodec.columns()
                    + " key columns, the batch " + keys.columnCount());
        }
        keys.checkKeyGroupsIn(backend.keyGroupRange());
        return encode(keys.columns(), 0, keys.keyGroups(), keys.rowCount(), keyCodec, extra);
    }

    /** Encodes rows of {@code vectors[from…)} with {@code codec}, prefixed by their key groups. */
    byte[][] encode(List<FieldVector> vectors, int from, int[] keyGroups, int rows, RowCodec codec, int extra) {
        if (lengths.length < rows) {
            lengths = new int[Math.max(rows, lengths.length * 2)];
            keyEnds = new int[lengths.length];
        }
        java.util.Arrays.fill(lengths, 0, rows, 2);
        codec.addLengths(vectors, from, rows, lengths);
        byte[][] out = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            byte[] b = new byte[lengths[r] + extra];
            b[0] = (byte) (keyGroups[r] >>> 8);
            b[1] = (byte) keyGroups[r];
            out[r] = b;
            keyEnds[r] = 2;
        }
        codec.encode(vectors, from, rows, out, keyEnds);
        return out;
    }

    /** Encodes value rows {@code 0…rows)} of {@code values}. */
    byte[][] encodeValues(VectorSchemaRoot values, int rows) {
        if (values.getFieldVectors().size() != valueCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' has " + valueCodec.columns()
                    + " value columns, the batch " + values.getFieldVectors().size());
        }
        if (values.getRowCount() < rows) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "': " + rows + " keys but only "
                    + values.getRowCount() + " value rows");
        }
        int[] positions = new int[rows];
        int[] sizes = new int[rows];
        valueCodec.addLengths(values.getFieldVectors(), 0, rows, sizes);
        byte[][] out = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = new byte[sizes[r]];
        }
        valueCodec.encode(values.getFieldVectors(), 0, rows, out, positions);
        return out;
    }

    void write(WriteBatch batch) {
        try {
            backend.db().write(backend.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw new PluginException("cannot write state '" + descriptor.name() + "': " + e, e, false);
        } finally {
            batch.close();
        }
    }

    PluginException failure(String what, RocksDBException e) {
        return new PluginException("cannot " + what + " state '" + descriptor.name() + "': " + e, e, false);
    }

    /** Decodes the suffix (a map entry's user key) into the file columns starting at {@code at}; lists skip it. */
    void decodeSuffix(byte[] key, int keyEnd, List<FieldVector> columns, int at, int row) {}

    /** The number of file columns the suffix decodes into. */
    int suffixColumns() {
        return 0;
    }

    @Override
    public void clear(KeyBatch keys) {
        byte[][] encoded = encodeKeys(keys, 0);
        WriteBatch batch = new WriteBatch();
        try {
            for (int r = 0; r < keys.rowCount(); r++) {
                clearKey(batch, encoded[r]);
            }
        } catch (RocksDBException e) {
            batch.close();
            throw failure("clear", e);
        }
        write(batch);
    }

    /** Adds the removal of everything stored for one key to {@code batch}. */
    void clearKey(WriteBatch batch, byte[] key) throws RocksDBException {
        byte[] end = RocksDbKeyedStateBackend.successor(key);
        batch.deleteRange(column, key, end);
    }

    @Override
    public long scan(
            KeyGroupRange keyGroups, VectorSchemaRoot batch, int maxRows, Consumer<VectorSchemaRoot> consumer) {
        backend.checkOpen();
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        KeyGroupRange r = keyGroups.intersection(backend.keyGroupRange());
        if (r.isEmpty()) {
            return 0;
        }
        return scan(backend.readOptions(), r, batch, maxRows, consumer);
    }

    /** Reads the rows of {@code keyGroups} in the canonical file layout, {@code maxRows} at a time. */
    long scan(
            ReadOptions read,
            KeyGroupRange keyGroups,
            VectorSchemaRoot batch,
            int maxRows,
            Consumer<VectorSchemaRoot> consumer) {
        List<FieldVector> columns = batch.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        int valueAt = 1 + keyCodec.columns() + suffixColumns();
        long total = 0;
        int n = 0;
        RocksDbKeyedStateBackend.reset(batch);
        try (RocksIterator it = backend.db().newIterator(column, read)) {
            byte[] end = RocksDbKeyedStateBackend.keyGroupPrefix(keyGroups.last() + 1);
            for (it.seek(RocksDbKeyedStateBackend.keyGroupPrefix(keyGroups.first())); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (keyGroups.last() < 65_535 && java.util.Arrays.compareUnsigned(key, 0, 2, end, 0, 2) >= 0) {
                    break;
                }
                groups.setSafe(n, RocksDbKeyedStateBackend.keyGroupOf(key));
                int keyEnd = keyCodec.decode(key, 2, columns, 1, n);
                decodeSuffix(key, keyEnd, columns, 1 + keyCodec.columns(), n);
                valueCodec.decode(it.value(), 0, columns, valueAt, n);
                n++;
                if (n == maxRows) {
                    RocksDbKeyedStateBackend.emit(batch, n, consumer);
                    total += n;
                    n = 0;
                    RocksDbKeyedStateBackend.reset(batch);
                }
            }
        }
        if (n > 0) {
            RocksDbKeyedStateBackend.emit(batch, n, consumer);
            total += n;
        }
        return total;
    }

    /**
     * Writes the rows of a snapshot file batch ({@code root}, canonical layout) that lie in {@code range};
     * {@code sequences} carries list positions across batches of one file.
     */
    void load(VectorSchemaRoot root, KeyGroupRange range, Map<ByteBuffer, long[]> sequences) throws RocksDBException {
        int n = root.getRowCount();
        IntVector groups = (IntVector) root.getVector(0);
        int[] keyGroups = new int[n];
        for (int i = 0; i < n; i++) {
            keyGroups[i] = groups.get(i);
        }
        List<FieldVector> columns = root.getFieldVectors();
        byte[][] keys = encode(columns, 1, keyGroups, n, keyCodec, 0);
        byte[][] values = new byte[n][];
        int valueAt = 1 + keyCodec.columns() + suffixColumns();
        int[] positions = new int[n];
        int[] sizes = new int[n];
        valueCodec.addLengths(columns, valueAt, n, sizes);
        for (int r = 0; r < n; r++) {
            values[r] = new byte[sizes[r]];
        }
        valueCodec.encode(columns, valueAt, n, values, positions);
        keys = storedKeys(keys, root, n, sequences);
        try (WriteBatch batch = new WriteBatch()) {
            for (int r = 0; r < n; r++) {
                if (range.contains(keyGroups[r])) {
                    batch.put(column, keys[r], values[r]);
                }
            }
            backend.db().write(backend.writeOptions(), batch);
        }
    }

    /** The stored keys of restored rows whose keys (with key group) are {@code keys}. */
    byte[][] storedKeys(byte[][] keys, VectorSchemaRoot root, int n, Map<ByteBuffer, long[]> sequences) {
        return keys;
    }

    /**
     * Decodes multi-get results into {@code values}' columns, nulls where absent; marks {@code present} if given.
     *
     * @return how many were found
     */
    int decodeValues(
            java.util.List<byte[]> stored,
            java.util.List<org.apache.arrow.vector.FieldVector> columns,
            org.apache.arrow.vector.VectorSchemaRoot values,
            boolean[] present,
            int n) {
        int found = 0;
        for (int i = 0; i < n; i++) {
            byte[] v = stored.get(i);
            if (v == null) {
                valueCodec.setNulls(columns, 0, i);
            } else {
                valueCodec.decode(v, 0, columns, 0, i);
                found++;
            }
            if (present != null) {
                present[i] = v != null;
            }
        }
        RocksDbKeyedStateBackend.finish(values, n);
        return found;
    }
}
