package io.sabot.state.memory.internal;

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
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Keyed state and timers of one operator subtask on the heap, in hash tables of byte-encoded keys, one per state (or
 * timer service) and key group. A snapshot copies the tables' entry arrays on the task thread (the stored byte arrays
 * are never overwritten, so they are shared with the copy) and writes the canonical Arrow files from the copy on the
 * I/O executor while the task goes on.
 */
final class MemoryKeyedStateBackend implements KeyedStateBackend {

    static final String IDENTIFIER = "memory";
    static final String VERSION = "1.0.0";
    /** Rows per batch of snapshot files. */
    static final int CHUNK = 16_384;

    private final StateBackendContext context;
    private final KeyGroupRange range;
    /** Every state held, created or restored, by name, in creation order. */
    private final Map<String, MemState> states = new LinkedHashMap<>();

    private final Map<String, MemTimerService> timers = new LinkedHashMap<>();
    private CompletableFuture<KeyedStateSnapshot> inFlight;
    private volatile boolean closed;

    MemoryKeyedStateBackend(StateBackendContext context) {
        this.context = context;
        this.range = context.keyGroupRange();
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    BufferAllocator allocator() {
        return context.allocator();
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
        java.util.Objects.requireNonNull(function, "function");
        return (ReducingState) state(descriptor, StateType.REDUCING, function, null);
    }

    @Override
    public AggregatingState aggregatingState(StateDescriptor descriptor, BatchAggregateFunction function) {
        java.util.Objects.requireNonNull(function, "function");
        return (AggregatingState) state(descriptor, StateType.AGGREGATING, null, function);
    }

    private MemState state(
            StateDescriptor descriptor, StateType type, BatchReduceFunction reduce, BatchAggregateFunction aggregate) {
        checkOpen();
        if (descriptor.type() != type) {
            throw new IllegalArgumentException(
                    "state '" + descriptor.name() + "' is declared as " + descriptor.type() + ", not " + type);
        }
        MemState s = states.get(descriptor.name());
        if (s == null) {
            s = MemState.create(this, descriptor);
            states.put(descriptor.name(), s);
        } else if (s.attached) {
            if (!s.descriptor.equals(descriptor)) {
                throw new IncompatibleStateException(
                        "state '" + descriptor.name() + "' was created with another descriptor: " + s.descriptor);
            }
        } else {
            descriptor.checkRestorableAs(s.descriptor);
            s.descriptor = descriptor; // same columns (names, types, nullability): the stored bytes stay valid
        }
        s.attached = true;
        if (s instanceof MemValueState v) {
            v.bind(reduce, aggregate);
        }
        return s;
    }

    @Override
    public TimerService timerService(TimerDescriptor descriptor) {
        checkOpen();
        MemTimerService t = timers.get(descriptor.name());
        if (t == null) {
            t = new MemTimerService(this, descriptor);
            timers.put(descriptor.name(), t);
        } else if (t.attached) {
            if (!t.descriptor.equals(descriptor)) {
                throw new IncompatibleStateException("timer service '" + descriptor.name()
                        + "' was created with another descriptor: " + t.descriptor);
            }
        } else {
            descriptor.checkRestorableAs(t.descriptor);
            t.descriptor = descriptor;
        }
        t.attached = true;
        return t;
    }

    // ---- restore ----

    @Override
    public void restore(StateRestore restore) throws IOException {
        checkOpen();
        var manifest = restore.manifest();
        manifest.checkRestorable(context.maxParallelism());
        for (StateFile file : restore.files()) {
            if (file.kind() == StateFile.Kind.NATIVE) {
                throw new IncompatibleStateException("operator " + context.operatorId() + " was checkpointed"
                        + " incrementally by the '" + manifest.backend() + "' backend, whose native files the memory"
                        + " backend cannot read: restore from a savepoint (canonical format) instead");
            }
        }
        for (StateDescriptor d : manifest.states()) {
            states.put(d.name(), MemState.create(this, d));
        }
        for (TimerDescriptor d : manifest.timers()) {
            timers.put(d.name(), new MemTimerService(this, d));
        }
        for (StateFile file : restore.files()) {
            boolean isState = file.kind() == StateFile.Kind.STATE;
            MemState state = isState ? states.get(file.name()) : null;
            MemTimerService timer = isState ? null : timers.get(file.name());
            if (state == null && timer == null) {
                throw new IncompatibleStateException("file '" + file.path() + "' names undeclared "
                        + (isState ? "state " : "timer service ") + file.name());
            }
            Schema expected = isState
                    ? SnapshotFormat.stateFileSchema(state.descriptor)
                    : SnapshotFormat.timerFileSchema(timer.descriptor);
            long rows = 0;
            try (SeekableByteChannel channel = restore.open(file);
                    ArrowFileReader reader = new ArrowFileReader(channel, context.allocator())) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                if (!expected.getFields().equals(root.getSchema().getFields())) {
                    throw new IncompatibleStateException("file '" + file.path() + "' has the columns "
                            + root.getSchema() + ", not those of " + file.kind() + " '" + file.name() + "'");
                }
                while (reader.loadNextBatch()) {
                    rows += root.getRowCount();
                    if (isState) {
                        state.load(root);
                    } else {
                        timer.load(root);
                    }
                }
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
        // the copy, on the task thread: entry arrays only, the stored bytes are shared
        List<MemState> stateList = new ArrayList<>(states.values());
        List<BytesTable[]> stateCopies = new ArrayList<>();
        List<StateDescriptor> descriptors = new ArrayList<>();
        for (MemState s : stateList) {
            stateCopies.add(s.copyTables());
            descriptors.add(s.descriptor);
        }
        List<MemTimerService> timerList = new ArrayList<>(timers.values());
        List<BytesTable[]> timerCopies = new ArrayList<>();
        List<TimerDescriptor> timerDescriptors = new ArrayList<>();
        for (MemTimerService t : timerList) {
            timerCopies.add(t.copyTables());
            timerDescriptors.add(t.descriptor);
        }
        CompletableFuture<KeyedStateSnapshot> result = new CompletableFuture<>();
        inFlight = result;
        context.ioExecutor().execute(() -> {
            try {
                List<StateFile> files = new ArrayList<>();
                for (int i = 0; i < stateList.size(); i++) {
                    MemState s = stateList.get(i);
                    StateDescriptor d = descriptors.get(i);
                    BytesTable[] copy = stateCopies.get(i);
                    write(
                            location,
                            files,
                            StateFile.Kind.STATE,
                            d.name(),
                            SnapshotFormat.stateFilePath(d.name(), range),
                            SnapshotFormat.stateFileSchema(d),
                            copy,
                            (root, consumer) -> s.scan(copy, range, root, CHUNK, consumer, this::checkNotClosed));
                }
                for (int i = 0; i < timerList.size(); i++) {
                    MemTimerService t = timerList.get(i);
                    TimerDescriptor d = timerDescriptors.get(i);
                    BytesTable[] copy = timerCopies.get(i);
                    write(
                            location,
                            files,
                            StateFile.Kind.TIMERS,
                            d.name(),
                            SnapshotFormat.timerFilePath(d.name(), range),
                            SnapshotFormat.timerFileSchema(d),
                            copy,
                            (root, consumer) -> t.scan(copy, root, CHUNK, consumer, this::checkNotClosed));
                }
                result.complete(new KeyedStateSnapshot(
                        context.subtaskIndex(), range, IDENTIFIER, VERSION, descriptors, timerDescriptors, files));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private interface Scan {
        long run(VectorSchemaRoot root, Consumer<VectorSchemaRoot> consumer);
    }

    /** Writes one state's or timer service's file, unless it holds no rows. */
    private void write(
            SnapshotLocation location,
            List<StateFile> files,
            StateFile.Kind kind,
            String name,
            String path,
            Schema schema,
            BytesTable[] copy,
            Scan scan)
            throws IOException {
        boolean any = false;
        for (BytesTable t : copy) {
            any |= t != null;
        }
        if (!any) {
            return;
        }
        CountingChannel channel = new CountingChannel(location.create(path));
        long rows;
        try (channel;
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            rows = scan.run(root, batch -> {
                try {
                    writer.writeBatch();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.end();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        files.add(new StateFile(kind, name, path, range, rows, channel.bytes));
    }

    private void checkNotClosed() {
        if (closed) {
            throw new CancellationException("the backend of " + context.operatorId() + " closed");
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
        long total = 0;
        for (MemState s : states.values()) {
            total += s.bytes();
        }
        for (MemTimerService t : timers.values()) {
            total += t.bytes();
        }
        return total;
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
                pending.join(); // the writer stops at its next batch and releases its Arrow buffers
            } catch (RuntimeException ignored) {
                // the snapshot failed or was cancelled: nothing more to release
            }
        }
        states.clear();
        timers.clear();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the memory backend of " + context.operatorId() + " is closed");
        }
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

    static void emit(VectorSchemaRoot root, int rows, Consumer<VectorSchemaRoot> consumer) {
        finish(root, rows);
        consumer.accept(root);
    }
}
