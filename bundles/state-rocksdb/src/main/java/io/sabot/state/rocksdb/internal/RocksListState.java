package io.sabot.state.rocksdb.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A list per key: one RocksDB entry per element, the stored key followed by the element's 8-byte big-endian sequence
 * number, so a key's elements are adjacent and in list order.
 */
final class RocksListState extends StoredState implements ListState {

    private static final byte[] LAST = {-1, -1, -1, -1, -1, -1, -1, -1};

    RocksListState(RocksDbKeyedStateBackend backend, StateDescriptor descriptor, ColumnFamilyHandle column) {
        super(backend, descriptor, column);
    }

    @Override
    public int get(KeyBatch keys, IntVector keyRows, VectorSchemaRoot elements) {
        int n = keys.rowCount();
        byte[][] encoded = encodeKeys(keys, 0);
        List<FieldVector> columns = elements.getFieldVectors();
        RocksDbKeyedStateBackend.reset(elements);
        keyRows.reset();
        int out = 0;
        try (RocksIterator it = backend.db().newIterator(column, backend.readOptions())) {
            for (int i = 0; i < n; i++) {
                byte[] prefix = encoded[i];
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    if (k.length != prefix.length + 8
                            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                        break;
                    }
                    valueCodec.decode(it.value(), 0, columns, 0, out);
                    keyRows.setSafe(out, i);
                    out++;
                }
            }
        }
        keyRows.setValueCount(out);
        RocksDbKeyedStateBackend.finish(elements, out);
        return out;
    }

    @Override
    public void add(KeyBatch keys, VectorSchemaRoot elements) {
        append(keys, elements, false);
    }

    @Override
    public void replace(KeyBatch keys, VectorSchemaRoot elements) {
        append(keys, elements, true);
    }

    private void append(KeyBatch keys, VectorSchemaRoot elements, boolean replace) {
        int n = keys.rowCount();
        byte[][] encoded = encodeKeys(keys, 0);
        byte[][] values = encodeValues(elements, n);
        Map<ByteBuffer, long[]> next = new HashMap<>();
        WriteBatch batch = new WriteBatch();
        try (RocksIterator it = backend.db().newIterator(column, backend.readOptions())) {
            for (int i = 0; i < n; i++) {
                byte[] prefix = encoded[i];
                long[] seq = next.get(ByteBuffer.wrap(prefix));
                if (seq == null) {
                    seq = new long[] {replace ? 0 : nextSequence(it, prefix)};
                    next.put(ByteBuffer.wrap(prefix), seq);
                    if (replace) {
                        clearKey(batch, prefix);
                    }
                }
                byte[] key = Arrays.copyOf(prefix, prefix.length + 8);
                RowCodec.putLong(key, prefix.length, seq[0]++);
                batch.put(column, key, values[i]);
            }
        } catch (RocksDBException e) {
            batch.close();
            throw failure("append to", e);
        }
        write(batch);
    }

    private static long nextSequence(RocksIterator it, byte[] prefix) {
        byte[] last = Arrays.copyOf(prefix, prefix.length + 8);
        System.arraycopy(LAST, 0, last, prefix.length, 8);
        it.seekForPrev(last);
        if (!it.isValid()) {
            return 0;
        }
        byte[] k = it.key();
        if (k.length != prefix.length + 8 || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
            return 0;
        }
        return RowCodec.getLong(k, prefix.length) + 1;
    }

    @Override
    byte[][] storedKeys(byte[][] keys, VectorSchemaRoot root, int n, Map<ByteBuffer, long[]> sequences) {
        byte[][] stored = new byte[n][];
        for (int r = 0; r < n; r++) {
            long[] seq = sequences.computeIfAbsent(ByteBuffer.wrap(keys[r]), k -> new long[1]);
            stored[r] = Arrays.copyOf(keys[r], keys[r].length + 8);
            RowCodec.putLong(stored[r], keys[r].length, seq[0]++);
        }
        return stored;
    }
}
