package io.sabot.state.rocksdb.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.MapState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/** A map per key: one RocksDB entry per map entry, the stored key followed by the encoded user key. */
final class RocksMapState extends StoredState implements MapState {

    private final RowCodec userKeyCodec;

    RocksMapState(RocksDbKeyedStateBackend backend, StateDescriptor descriptor, ColumnFamilyHandle column) {
        super(backend, descriptor, column);
        this.userKeyCodec = new RowCodec(descriptor.userKeySchema());
    }

    @Override
    int suffixColumns() {
        return userKeyCodec.columns();
    }

    @Override
    void decodeSuffix(byte[] key, int keyEnd, List<FieldVector> columns, int at, int row) {
        userKeyCodec.decode(key, keyEnd, columns, at, row);
    }

    /** The stored keys of (key i, user key i). */
    private byte[][] entryKeys(KeyBatch keys, VectorSchemaRoot userKeys) {
        int n = keys.rowCount();
        if (userKeys.getRowCount() < n || userKeys.getFieldVectors().size() != userKeyCodec.columns()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "': the user keys do not match "
                    + descriptor.userKeySchema() + " for " + n + " rows");
        }
        return appendUserKeys(encodeKeys(keys, 0), userKeys.getFieldVectors(), 0, n);
    }

    @Override
    public int get(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values, boolean[] present) {
        int n = keys.rowCount();
        byte[][] encoded = entryKeys(keys, userKeys);
        List<byte[]> stored;
        try {
            stored = backend.db().multiGetAsList(Collections.nCopies(n, column), Arrays.asList(encoded));
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
        List<FieldVector> columns = values.getFieldVectors();
        return decodeValues(stored, columns, values, present, n);
    }

    @Override
    public void put(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values) {
        int n = keys.rowCount();
        byte[][] encoded = entryKeys(keys, userKeys);
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

    @Override
    public void remove(KeyBatch keys, VectorSchemaRoot userKeys) {
        byte[][] encoded = entryKeys(keys, userKeys);
        WriteBatch batch = new WriteBatch();
        try {
            for (byte[] k : encoded) {
                batch.delete(column, k);
            }
        } catch (RocksDBException e) {
            batch.close();
            throw failure("remove from", e);
        }
        write(batch);
    }

    @Override
    public int entries(KeyBatch keys, IntVector keyRows, VectorSchemaRoot userKeysOut, VectorSchemaRoot valuesOut) {
        int n = keys.rowCount();
        byte[][] encoded = encodeKeys(keys, 0);
        List<FieldVector> userColumns = userKeysOut.getFieldVectors();
        List<FieldVector> valueColumns = valuesOut.getFieldVectors();
        RocksDbKeyedStateBackend.reset(userKeysOut);
        RocksDbKeyedStateBackend.reset(valuesOut);
        keyRows.reset();
        int out = 0;
        try (RocksIterator it = backend.db().newIterator(column, backend.readOptions())) {
            for (int i = 0; i < n; i++) {
                byte[] prefix = encoded[i];
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    if (k.length <= prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                        break;
                    }
                    userKeyCodec.decode(k, prefix.length, userColumns, 0, out);
                    valueCodec.decode(it.value(), 0, valueColumns, 0, out);
                    keyRows.setSafe(out, i);
                    out++;
                }
            }
        }
        keyRows.setValueCount(out);
        RocksDbKeyedStateBackend.finish(userKeysOut, out);
        RocksDbKeyedStateBackend.finish(valuesOut, out);
        return out;
    }

    @Override
    byte[][] storedKeys(byte[][] keys, VectorSchemaRoot root, int n, Map<ByteBuffer, long[]> sequences) {
        return appendUserKeys(keys, root.getFieldVectors(), 1 + keyCodec.columns(), n);
    }

    private byte[][] appendUserKeys(byte[][] encoded, List<FieldVector> columns, int from, int n) {
        int[] lengths = new int[n];
        userKeyCodec.addLengths(columns, from, n, lengths);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = encoded[i].length;
            encoded[i] = Arrays.copyOf(encoded[i], encoded[i].length + lengths[i]);
        }
        userKeyCodec.encode(columns, from, n, encoded, positions);
        return encoded;
    }
}
