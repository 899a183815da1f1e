package io.sabot.state.memory.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.TimerDescriptor;
import io.sabot.state.spi.TimerService;
import io.sabot.state.spi.codec.RowCodec;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Timers in a {@link BytesTable} per key group (key: the timestamp, 8 bytes, then the encoded key; so a tuple is
 * registered once) plus a binary min-heap by (timestamp, key group) over the stored key arrays. Deleting removes the
 * table entry only: a heap node whose array is no longer the table's (deleted, or deleted and registered again) is
 * dropped when it reaches the top.
 */
final class MemTimerService implements TimerService {

    private final MemoryKeyedStateBackend backend;
    TimerDescriptor descriptor;
    final RowCodec keyCodec;
    final KeyGroupRange range;
    BytesTable[] tables;
    /** Whether an operator asked for this service (restored ones are attached on first use). */
    boolean attached;

    private long size;

    private long[] heapTimes = new long[16];
    private int[] heapGroups = new int[16];
    private byte[][] heapKeys = new byte[16][];
    private int heapSize;

    private final RowBuffer keyBuf = new RowBuffer();
    private byte[] scratch = new byte[256];

    MemTimerService(MemoryKeyedStateBackend backend, TimerDescriptor descriptor) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.keyCodec = new RowCodec(descriptor.keySchema());
        this.range = backend.keyGroupRange();
        this.tables = new BytesTable[range.size()];
    }

    @Override
    public TimerDescriptor descriptor() {
        return descriptor;
    }

    private void encode(KeyBatch keys) {
        backend.checkOpen();
        if (keys.columnCount() != keyCodec.columns()) {
            throw new IllegalArgumentException("timer service '" + descriptor.name() + "' has " + keyCodec.columns()
                    + " key columns, the batch " + keys.columnCount());
        }
        keys.checkKeyGroupsIn(range);
        keyBuf.encode(keyCodec, keys.columns(), 0, keys.rowCount());
    }

    /** Puts timestamp and key row {@code r} into {@link #scratch}; returns the length. */
    private int composite(int r, long timestamp) {
        int len = 8 + keyBuf.ends[r] - keyBuf.starts[r];
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        RowCodec.putLong(scratch, 0, timestamp);
        System.arraycopy(keyBuf.buf, keyBuf.starts[r], scratch, 8, len - 8);
        return len;
    }

    private BytesTable table(int keyGroup) {
        int i = keyGroup - range.first();
        if (tables[i] == null) {
            tables[i] = new BytesTable(false);
        }
        return tables[i];
    }

    @Override
    public void register(KeyBatch keys, long[] timestamps) {
        encode(keys);
        if (timestamps.length < keys.rowCount()) {
            throw new IllegalArgumentException(timestamps.length + " timestamps for " + keys.rowCount()
                    + " keys of timer service '" + descriptor.name() + "'");
        }
        for (int r = 0; r < keys.rowCount(); r++) {
            add(keys.keyGroups()[r], timestamps[r], composite(r, timestamps[r]));
        }
    }

    @Override
    public void register(KeyBatch keys, long timestamp) {
        encode(keys);
        for (int r = 0; r < keys.rowCount(); r++) {
            add(keys.keyGroups()[r], timestamp, composite(r, timestamp));
        }
    }

    /** Registers the timer in {@code scratch[0, len)}. */
    private void add(int keyGroup, long timestamp, int len) {
        BytesTable t = table(keyGroup);
        int hash = BytesTable.hash(scratch, 0, len);
        if (t.find(scratch, 0, len, hash) >= 0) {
            return;
        }
        byte[] key = Arrays.copyOf(scratch, len);
        t.insert(key, hash);
        size++;
        push(timestamp, keyGroup, key);
    }

    @Override
    public void delete(KeyBatch keys, long[] timestamps) {
        encode(keys);
        for (int r = 0; r < keys.rowCount(); r++) {
            remove(keys.keyGroups()[r], composite(r, timestamps[r]));
        }
    }

    @Override
    public void delete(KeyBatch keys, long timestamp) {
        encode(keys);
        for (int r = 0; r < keys.rowCount(); r++) {
            remove(keys.keyGroups()[r], composite(r, timestamp));
        }
    }

    private void remove(int keyGroup, int len) {
        BytesTable t = tables[keyGroup - range.first()];
        int e = t == null ? -1 : t.find(scratch, 0, len, BytesTable.hash(scratch, 0, len));
        if (e >= 0) {
            t.remove(e);
            size--;
        }
    }

    /** Whether the heap's top node is still a registered timer (not deleted since it was pushed). */
    private boolean topIsLive() {
        byte[] key = heapKeys[0];
        BytesTable t = tables[heapGroups[0] - range.first()];
        int e = t.find(key, 0, key.length, BytesTable.hash(key, 0, key.length));
        return e >= 0 && t.keys[e] == key;
    }

    @Override
    public long nextTimestamp() {
        while (heapSize > 0 && !topIsLive()) {
            pop();
        }
        return heapSize == 0 ? Long.MAX_VALUE : heapTimes[0];
    }

    @Override
    public int pollExpired(long time, int maxTimers, VectorSchemaRoot out) {
        backend.checkOpen();
        if (maxTimers < 1) {
            throw new IllegalArgumentException("maxTimers must be at least 1, got " + maxTimers);
        }
        MemoryKeyedStateBackend.reset(out);
        List<FieldVector> columns = out.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        BigIntVector times = (BigIntVector) columns.get(1);
        int n = 0;
        while (n < maxTimers && nextTimestamp() <= time && heapSize > 0) {
            long ts = heapTimes[0];
            int kg = heapGroups[0];
            byte[] key = heapKeys[0];
            pop();
            BytesTable t = tables[kg - range.first()];
            t.remove(t.find(key, 0, key.length, BytesTable.hash(key, 0, key.length)));
            size--;
            groups.setSafe(n, kg);
            times.setSafe(n, ts);
            keyCodec.decode(key, 8, columns, 2, n);
            n++;
        }
        MemoryKeyedStateBackend.finish(out, n);
        return n;
    }

    @Override
    public long size() {
        return size;
    }

    private void push(long ts, int kg, byte[] key) {
        if (heapSize == heapTimes.length) {
            int n = heapSize * 2;
            heapTimes = Arrays.copyOf(heapTimes, n);
            heapGroups = Arrays.copyOf(heapGroups, n);
            heapKeys = Arrays.copyOf(heapKeys, n);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(ts, kg, heapTimes[parent], heapGroups[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        heapTimes[i] = ts;
        heapGroups[i] = kg;
        heapKeys[i] = key;
    }

    private void pop() {
        int last = --heapSize;
        long ts = heapTimes[last];
        int kg = heapGroups[last];
        byte[] key = heapKeys[last];
        heapKeys[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last
                    && less(heapTimes[child + 1], heapGroups[child + 1], heapTimes[child], heapGroups[child])) {
                child++;
            }
            if (!less(heapTimes[child], heapGroups[child], ts, kg)) {
                break;
            }
            move(child, i);
            i = child;
        }
        heapTimes[i] = ts;
        heapGroups[i] = kg;
        heapKeys[i] = key;
    }

    private void move(int from, int to) {
        heapTimes[to] = heapTimes[from];
        heapGroups[to] = heapGroups[from];
        heapKeys[to] = heapKeys[from];
    }

    private static boolean less(long ts1, int kg1, long ts2, int kg2) {
        return ts1 < ts2 || (ts1 == ts2 && kg1 < kg2);
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

    /** Writes the timers of {@code tables} in the timer file layout, {@code maxRows} at a time. */
    long scan(
            BytesTable[] tables,
            VectorSchemaRoot batch,
            int maxRows,
            Consumer<VectorSchemaRoot> consumer,
            Runnable check) {
        List<FieldVector> columns = batch.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        BigIntVector times = (BigIntVector) columns.get(1);
        long total = 0;
        int n = 0;
        MemoryKeyedStateBackend.reset(batch);
        for (int i = 0; i < tables.length; i++) {
            BytesTable t = tables[i];
            for (int e = 0; t != null && e < t.size; e++) {
                groups.setSafe(n, range.first() + i);
                times.setSafe(n, RowCodec.getLong(t.keys[e], 0));
                keyCodec.decode(t.keys[e], 8, columns, 2, n);
                if (++n == maxRows) {
                    check.run();
                    MemoryKeyedStateBackend.emit(batch, n, consumer);
                    total += n;
                    n = 0;
                    MemoryKeyedStateBackend.reset(batch);
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

    /** Registers the timers of a timer file batch whose key groups lie in the range. */
    void load(VectorSchemaRoot root) {
        int n = root.getRowCount();
        List<FieldVector> columns = root.getFieldVectors();
        IntVector groups = (IntVector) columns.get(0);
        BigIntVector times = (BigIntVector) columns.get(1);
        keyBuf.encode(keyCodec, columns, 2, n);
        for (int r = 0; r < n; r++) {
            if (range.contains(groups.get(r))) {
                add(groups.get(r), times.get(r), composite(r, times.get(r)));
            }
        }
    }

    long bytes() {
        long total = (long) heapSize * 24;
        for (BytesTable t : tables) {
            total += t == null ? 0 : t.bytes();
        }
        return total;
    }
}
