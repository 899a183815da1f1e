package io.sabot.state.rocksdb.internal;

import io.sabot.plugin.PluginException;
import io.sabot.state.spi.AggregatingState;
import io.sabot.state.spi.BatchAggregateFunction;
import io.sabot.state.spi.BatchReduceFunction;
import io.sabot.state.spi.IncompatibleStateException;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.MapState;
import io.sabot.state.spi.ReducingState;
import io.sabot.state.spi.StateBackendContext;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.StateType;
import io.sabot.state.spi.TimerDescriptor;
import io.sabot.state.spi.TimerService;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import io.sabot.state.spi.snapshot.SnapshotLocation;
import io.sabot.state.spi.snapshot.StateFile;
import io.sabot.state.spi.snapshot.StateRestore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Keyed state of one operator subtask in an embedded RocksDB under the backend's working directory: one column family
 * per state, every key prefixed by its key group (two bytes, big-endian) so that a key-group range is one contiguous
 * scan. Snapshots are written in the canonical Arrow format from a RocksDB snapshot, off the task thread.
 *
 * <p>The write-ahead log is off: state is recovered from checkpoints, never from the local files (the working
 * directory does not survive a restart).
 */
final class RocksDbKeyedStateBackend implements KeyedStateBackend {

    static final String IDENTIFIER = "rocksdb";
    static final String VERSION = "1.0.0";
    /** Rows per batch of snapshot files and restore writes. */
    static final int CHUNK = 16_384;

    private final StateBackendContext context;
    private final KeyGroupRange range;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final LRUCache cache;
    private final BloomFilter bloom;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    /** Every state held, created or restored, by name, in creation order. */
    private final Map<String, StoredState> states = new LinkedHashMap<>();

    private final boolean incremental;
    /** Names this DB instance's table files are shared under: unique per instance, since file numbers are not. */
    private final String instance = java.util.UUID.randomUUID().toString();
    /** Shared table files this instance wrote (checked against the location before they are referred to again). */
    private final java.util.Set<String> uploaded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CompletableFuture<KeyedStateSnapshot> inFlight;
    private volatile boolean closed;

    RocksDbKeyedStateBackend(StateBackendContext context) {
        this.context = context;
        this.range = context.keyGroupRange();
        if (context.maxParallelism() > 65_536) {
            throw new IllegalArgumentException("the rocksdb backend supports at most 65536 key groups");
        }
        RocksDB.loadLibrary();
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setMaxOpenFiles(256)
                // the files are scratch space, deleted after close: never flush memtables just to close
                .setAvoidFlushDuringShutdown(true);
        var options = context.options();
        incremental = options.get(RocksDbStateBackendFactory.INCREMENTAL);
        long cacheSize = options.get(RocksDbStateBackendFactory.BLOCK_CACHE_SIZE);
        cache = cacheSize > 0 ? new LRUCache(cacheSize) : null;
        BlockBasedTableConfig table = new BlockBasedTableConfig();
        if (cache != null) {
            table.setBlockCache(cache).setCacheIndexAndFilterBlocks(true);
        } else {
            table.setNoBlockCache(true);
        }
        if (options.get(RocksDbStateBackendFactory.BLOOM_FILTER)) {
            bloom = new BloomFilter(10, false);
            table.setFilterPolicy(bloom);
        } else {
            bloom = null;
        }
        columnOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(options.get(RocksDbStateBackendFactory.WRITE_BUFFER_SIZE))
                // most lookups of an aggregation are of new groups: a memtable bloom filter answers them cheaply
                .setMemtableWholeKeyFiltering(true)
                .setMemtablePrefixBloomSizeRatio(0.05);
        writeOptions = new WriteOptions().setDisableWAL(true);
        readOptions = new ReadOptions();
        try {
            java.nio.file.Path dir = context.workingDirectory().resolve("db");
            Files.createDirectories(dir);
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            db = RocksDB.open(
                    dbOptions,
                    dir.toString(),
                    List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions)),
                    opened);
            handles.addAll(opened);
        } catch (RocksDBException | IOException e) {
            closeOptions();
            throw new PluginException(
                    "cannot open RocksDB in " + context.workingDirectory() + " for " + context.operatorId() + ": " + e,
                    e,
                    false);
        }
    }

    RocksDB db() {
        return db;
    }

    StateBackendContext context() {
        return context;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    // ---- states ----

    @Override
    public ValueState valueState(StateDescriptor descriptor) {
        return (ValueState) state(descriptor, StateType.VALUE, null, null);
    }

    @Override
    public ListState listState(StateDescriptor descriptor) {
        return (ListState) state(descriptor, StateType.LIST, null, null);
    }

    @Override
    public MapState mapState(StateDescriptor descriptor) {
        return (MapState) state(descriptor, StateType.MAP, null, null);
    }

    @Override
    public ReducingState reducingState(StateDescriptor descriptor, BatchReduceFunction function) {
        return (ReducingState) state(descriptor, StateType.REDUCING, function, null);
    }

    @Override
    public AggregatingState aggregatingState(StateDescriptor descriptor, BatchAggregateFunction function) {
        return (AggregatingState) state(descriptor, StateType.AGGREGATING, null, function);
    }

    @Override
    public TimerService timerService(TimerDescriptor descriptor) {
        throw new UnsupportedOperationException("timer service '" + descriptor.name()
                + "': the rocksdb state backend does not hold timers yet (operators keep their timers on the heap)");
    }

    private StoredState state(
            StateDescriptor descriptor, StateType type, BatchReduceFunction reduce, BatchAggregateFunction aggregate) {
        checkOpen();
        if (descriptor.type() != type) {
            throw new IllegalArgumentException(
                    "state '" + descriptor.name() + "' is declared as " + descriptor.type() + ", not " + type);
        }
        StoredState s = states.get(descriptor.name());
        if (s == null) {
            s = create(descriptor, columnFamily(descriptor.name()));
            states.put(descriptor.name(), s);
        } else if (s.handleCreated) {
            if (!s.descriptor.equals(descriptor)) {
                throw new IncompatibleStateException(
                        "state '" + descriptor.name() + "' was created with another descriptor: " + s.descriptor);
            }
        } else {
            descriptor.checkRestorableAs(s.descriptor);
            StoredState attached = create(descriptor, s.column);
            states.put(descriptor.name(), attached);
            s = attached;
        }
        s.handleCreated = true;
        s.bind(reduce, aggregate);
        return s;
    }

    private StoredState create(StateDescriptor descriptor, ColumnFamilyHandle column) {
        return switch (descriptor.type()) {
            case VALUE, REDUCING, AGGREGATING -> new RocksValueState(this, descriptor, column);
            case LIST -> new RocksListState(this, descriptor, column);
            case MAP -> new RocksMapState(this, descriptor, column);
        };
    }

    private ColumnFamilyHandle columnFamily(String name) {
        try {
            ColumnFamilyHandle h = db.createColumnFamily(
                    new ColumnFamilyDescriptor(("state:" + name).getBytes(StandardCharsets.UTF_8), columnOptions));
            handles.add(h);
            return h;
        } catch (RocksDBException e) {
            throw new PluginException("cannot create the column family of state '" + name + "': " + e, e, false);
        }
    }

    // ---- restore ----

    @Override
    public void restore(StateRestore restore) throws IOException {
        checkOpen();
        restore.manifest().checkRestorable(context.maxParallelism());
        if (!restore.manifest().timers().isEmpty()) {
            throw new IncompatibleStateException("operator " + context.operatorId()
                    + " has timers in its snapshot, which the rocksdb state backend does not hold yet");
        }
        for (StateDescriptor d : restore.manifest().states()) {
            StoredState s = create(d, columnFamily(d.name()));
            states.put(d.name(), s);
        }
        List<StateFile> nativeFiles = new ArrayList<>();
        for (StateFile file : restore.files()) {
            if (file.kind() == StateFile.Kind.NATIVE) {
                nativeFiles.add(file);
            }
        }
        if (!nativeFiles.isEmpty()) {
            if (!IDENTIFIER.equals(restore.manifest().backend())) {
                throw new IncompatibleStateException("operator " + context.operatorId() + " has native files of the '"
                        + restore.manifest().backend() + "' backend, which rocksdb cannot read");
            }
            restoreNative(restore, nativeFiles);
        }
        for (StateFile file : restore.files()) {
            if (file.kind() != StateFile.Kind.STATE) {
                continue;
            }
            StoredState s = states.get(file.name());
            if (s == null) {
                throw new IncompatibleStateException(
                        "file '" + file.path() + "' names undeclared state " + file.name());
            }
            long rows = 0;
            try (SeekableByteChannel channel = restore.open(file);
                    ArrowFileReader reader = new ArrowFileReader(channel, context.allocator())) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                if (!SnapshotFormat.stateFileSchema(s.descriptor)
                        .getFields()
                        .equals(root.getSchema().getFields())) {
                    throw new IncompatibleStateException("file '" + file.path() + "' has the columns "
                            + root.getSchema() + ", not those of state '" + file.name() + "'");
                }
                Map<ByteBuffer, long[]> sequences = new HashMap<>();
                while (reader.loadNextBatch()) {
                    rows += root.getRowCount();
                    s.load(root, range, sequences);
                }
            } catch (RocksDBException e) {
                throw new IOException("cannot restore state '" + file.name() + "' from '" + file.path() + "': " + e, e);
            }
            if (rows != file.rows()) {
                throw new IOException(
                        "state file '" + file.path() + "' holds " + rows + " rows, its manifest says " + file.rows());
            }
        }
    }

    // ---- snapshot ----

    @Override
    public CompletableFuture<KeyedStateSnapshot> snapshot(long checkpointId, SnapshotLocation location) {
        checkOpen();
        if (inFlight != null && !inFlight.isDone()) {
            throw new IllegalStateException("a snapshot of " + context.operatorId() + " is still being written");
        }
        if (incremental && !location.isSavepoint() && !range.isEmpty()) {
            return nativeSnapshot(checkpointId, location);
        }
        Snapshot snapshot = db.getSnapshot();
        List<StoredState> copy = new ArrayList<>(states.values());
        CompletableFuture<KeyedStateSnapshot> result = new CompletableFuture<>();
        inFlight = result;
        try {
            context.ioExecutor().execute(() -> {
                KeyedStateSnapshot written = null;
                Throwable failure = null;
                try {
                    written = write(snapshot, copy, location);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    // before completing: close() waits for the future, then closes the db
                    db.releaseSnapshot(snapshot);
                }
                if (failure == null) {
                    result.complete(written);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            db.releaseSnapshot(snapshot);
            throw e;
        }
        return result;
    }

    private KeyedStateSnapshot write(Snapshot snapshot, List<StoredState> copy, SnapshotLocation location)
            throws IOException {
        List<StateDescriptor> descriptors = new ArrayList<>();
        List<StateFile> files = new ArrayList<>();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot)) {
            for (StoredState s : copy) {
                descriptors.add(s.descriptor);
                if (range.isEmpty()) {
                    continue;
                }
                String path = SnapshotFormat.stateFilePath(s.descriptor.name(), range);
                long[] rows = {0};
                boolean any;
                try (RocksIterator it = db.newIterator(s.column, read)) {
                    it.seek(keyGroupPrefix(range.first()));
                    any = it.isValid() && keyGroupOf(it.key()) <= range.last();
                }
                if (!any) {
                    continue;
                }
                CountingChannel channel = new CountingChannel(location.create(path));
                try (channel;
                        VectorSchemaRoot root = VectorSchemaRoot.create(
                                SnapshotFormat.stateFileSchema(s.descriptor), context.allocator());
                        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
                    writer.start();
                    s.scan(read, range, root, CHUNK, batch -> {
                        if (closed) {
                            throw new CancellationException("the backend of " + context.operatorId() + " closed");
                        }
                        try {
                            writer.writeBatch();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        rows[0] += batch.getRowCount();
                    });
                    writer.end();
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                files.add(
                        new StateFile(StateFile.Kind.STATE, s.descriptor.name(), path, range, rows[0], channel.bytes));
            }
        }
        return new KeyedStateSnapshot(
                context.subtaskIndex(), range, IDENTIFIER, VERSION, descriptors, List.of(), files);
    }

    /**
     * An incremental checkpoint: a RocksDB checkpoint (memtables flushed, table files hard-linked) taken now in the
     * working directory, then written asynchronously: table files that an earlier checkpoint of this instance
     * already shared are referred to again, new ones are shared, the small per-checkpoint files (MANIFEST, CURRENT,
     * OPTIONS) go to the checkpoint's own directory.
     */
    private CompletableFuture<KeyedStateSnapshot> nativeSnapshot(long checkpointId, SnapshotLocation location) {
        java.nio.file.Path local =
                context.workingDirectory().resolve("checkpoints").resolve("chk-" + checkpointId);
        List<StateDescriptor> descriptors = new ArrayList<>();
        for (StoredState s : states.values()) {
            descriptors.add(s.descriptor);
        }
        try {
            Files.createDirectories(local.getParent());
            deleteTree(local);
            try (org.rocksdb.Checkpoint checkpoint = org.rocksdb.Checkpoint.create(db)) {
                checkpoint.createCheckpoint(local.toString());
            }
        } catch (IOException | RocksDBException e) {
            throw new PluginException(
                    "cannot take a RocksDB checkpoint of " + context.operatorId() + ": " + e, e, true);
        }
        CompletableFuture<KeyedStateSnapshot> result = new CompletableFuture<>();
        inFlight = result;
        context.ioExecutor().execute(() -> {
            KeyedStateSnapshot written = null;
            Throwable failure = null;
            try {
                written = writeNative(local, descriptors, location);
            } catch (Throwable e) {
                failure = e;
            } finally {
                deleteTree(local);
            }
            if (failure == null) {
                result.complete(written);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private KeyedStateSnapshot writeNative(
            java.nio.file.Path local, List<StateDescriptor> descriptors, SnapshotLocation location) throws IOException {
        List<StateFile> files = new ArrayList<>();
        String own = "native/" + String.format("kg-%05d-%05d", range.first(), range.last()) + "/";
        List<java.nio.file.Path> content;
        try (var list = Files.list(local)) {
            content = list.sorted().toList();
        }
        for (java.nio.file.Path file : content) {
            if (closed) {
                throw new CancellationException("the backend of " + context.operatorId() + " closed");
            }
            String name = file.getFileName().toString();
            long size = Files.size(file);
            if (name.endsWith(".sst")) {
                String shared = instance + "/" + name;
                if (!(uploaded.contains(shared) && location.sharedExists(shared))) {
                    copy(file, location.createShared(shared));
                    uploaded.add(shared);
                }
                files.add(new StateFile(
                        StateFile.Kind.NATIVE, IDENTIFIER, SnapshotFormat.SHARED_PREFIX + shared, range, 0, size));
            } else {
                copy(file, location.create(own + name));
                files.add(new StateFile(StateFile.Kind.NATIVE, IDENTIFIER, own + name, range, 0, size));
            }
        }
        return new KeyedStateSnapshot(
                context.subtaskIndex(), range, IDENTIFIER, VERSION, descriptors, List.of(), files);
    }

    private static void copy(java.nio.file.Path from, WritableByteChannel to) throws IOException {
        try (to;
                java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(from)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                done += in.transferTo(done, size - done, to);
            }
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // scratch space in the working directory, deleted with it
        }
    }

    /**
     * Restores the native files of an incremental checkpoint: each former subtask's files are copied into a directory
     * of their own, opened read-only, and the rows of this backend's key groups copied over (also at another
     * parallelism: a former subtask's range may overlap several new ones).
     */
    private void restoreNative(StateRestore restore, List<StateFile> nativeFiles) throws IOException {
        Map<KeyGroupRange, List<StateFile>> bySubtask = new LinkedHashMap<>();
        for (StateFile f : nativeFiles) {
            bySubtask.computeIfAbsent(f.keyGroups(), k -> new ArrayList<>()).add(f);
        }
        int n = 0;
        for (Map.Entry<KeyGroupRange, List<StateFile>> e : bySubtask.entrySet()) {
            java.nio.file.Path dir = context.workingDirectory().resolve("restore-" + n++);
            deleteTree(dir);
            Files.createDirectories(dir);
            try {
                for (StateFile f : e.getValue()) {
                    String name = f.path().substring(f.path().lastIndexOf('/') + 1);
                    try (SeekableByteChannel in = restore.open(f);
                            java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(
                                    dir.resolve(name),
                                    java.nio.file.StandardOpenOption.CREATE_NEW,
                                    java.nio.file.StandardOpenOption.WRITE)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += out.transferFrom(in, done, size - done);
                        }
                    }
                }
                copyRows(dir, e.getKey().intersection(range));
            } catch (RocksDBException ex) {
                throw new IOException(
                        "cannot restore the RocksDB files of key groups " + e.getKey() + " for " + context.operatorId()
                                + ": " + ex,
                        ex);
            } finally {
                deleteTree(dir);
            }
        }
    }

    private void copyRows(java.nio.file.Path dir, KeyGroupRange keyGroups) throws RocksDBException {
        if (keyGroups.isEmpty()) {
            return;
        }
        List<byte[]> names;
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            names = RocksDB.listColumnFamilies(options, dir.toString());
        }
        // options of its own: the read-only instance shares nothing with this backend's
        try (DBOptions readOnlyOptions = new DBOptions();
                ColumnFamilyOptions readOnlyColumns = new ColumnFamilyOptions()) {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name, readOnlyColumns));
            }
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            try (RocksDB old = RocksDB.openReadOnly(readOnlyOptions, dir.toString(), descriptors, opened)) {
                for (int i = 0; i < names.size(); i++) {
                    String cf = new String(names.get(i), StandardCharsets.UTF_8);
                    if (!cf.startsWith("state:")) {
                        continue;
                    }
                    StoredState s = states.get(cf.substring("state:".length()));
                    if (s == null) {
                        throw new IncompatibleStateException("the RocksDB files hold state '"
                                + cf.substring("state:".length()) + "', which their manifest does not declare");
                    }
                    copyRange(old, opened.get(i), s.column, keyGroups);
                }
            }
        }
    }

    private void copyRange(RocksDB from, ColumnFamilyHandle source, ColumnFamilyHandle target, KeyGroupRange keyGroups)
            throws RocksDBException {
        try (RocksIterator it = from.newIterator(source)) {
            WriteBatch batch = new WriteBatch();
            try {
                int pending = 0;
                for (it.seek(keyGroupPrefix(keyGroups.first())); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (keyGroupOf(key) > keyGroups.last()) {
                        break;
                    }
                    batch.put(target, key, it.value());
                    if (++pending == CHUNK) {
                        db.write(writeOptions, batch);
                        batch.close();
                        batch = new WriteBatch();
                        pending = 0;
                    }
                }
                db.write(writeOptions, batch);
            } finally {
                batch.close();
            }
        }
    }

    /** Counts the bytes written, for the manifest. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel delegate;
        long bytes;

        CountingChannel(WritableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = delegate.write(src);
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    @Override
    public long estimatedSizeBytes() {
        if (closed) {
            return -1;
        }
        try {
            long total = 0;
            for (StoredState s : states.values()) {
                total += db.getLongProperty(s.column, "rocksdb.estimate-live-data-size");
                total += db.getLongProperty(s.column, "rocksdb.cur-size-all-mem-tables");
            }
            return total;
        } catch (RocksDBException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<KeyedStateSnapshot> pending = inFlight;
        if (pending != null) {
            try {
                pending.join(); // the writer stops at its next batch; the snapshot must be released before the db
            } catch (RuntimeException ignored) {
                // the snapshot failed or was cancelled: nothing more to release
            }
        }
        db.cancelAllBackgroundWork(false); // no compaction of files about to be deleted
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        closeOptions();
    }

    private void closeOptions() {
        if (readOptions != null) {
            readOptions.close();
        }
        if (writeOptions != null) {
            writeOptions.close();
        }
        columnOptions.close();
        dbOptions.close();
        if (bloom != null) {
            bloom.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the rocksdb backend of " + context.operatorId() + " is closed");
        }
    }

    // ---- keys ----

    static byte[] keyGroupPrefix(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
    }

    static int keyGroupOf(byte[] key) {
        return ((key[0] & 0xff) << 8) | (key[1] & 0xff);
    }

    /** The smallest byte string greater than every string starting with {@code prefix}, or null if there is none. */
    static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xff) {
                next[i]++;
                return java.util.Arrays.copyOf(next, i + 1);
            }
        }
        return null;
    }

    /** A state's scan of the rows of {@code keyGroups} in the canonical file layout, at a snapshot or live. */
    static void fill(IntVector groups, int row, int keyGroup) {
        groups.setSafe(row, keyGroup);
    }

    static void finish(VectorSchemaRoot root, int rows) {
        for (FieldVector v : root.getFieldVectors()) {
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    static void reset(VectorSchemaRoot root) {
        for (FieldVector v : root.getFieldVectors()) {
            v.reset();
        }
        root.setRowCount(0);
    }

    /** Calls {@code consumer}; used by scans that hand out batches. */
    static void emit(VectorSchemaRoot root, int rows, Consumer<VectorSchemaRoot> consumer) {
        finish(root, rows);
        consumer.accept(root);
    }
}
