package io.sabot.state.rocksdb.internal;

import io.sabot.plugin.ValidatedOptions;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateBackendContext;
import io.sabot.state.spi.StateBackendFactory;
import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import io.sabot.state.spi.snapshot.SnapshotLocation;
import io.sabot.state.spi.snapshot.StateFile;
import io.sabot.state.spi.snapshot.StateRestore;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;

/** Real backends over temporary directories, with the runtime's side of snapshots and restores played by files. */
final class TestBackends implements AutoCloseable {

    /** Creates the backends that write state; {@link #reader} those that restore it (the same one or another). */
    final StateBackendFactory factory;

    final StateBackendFactory reader;
    final BufferAllocator allocator;
    final Path root;
    final int maxParallelism;
    final ExecutorService io = Executors.newSingleThreadExecutor();
    private final List<KeyedStateBackend> open = new ArrayList<>();
    private int next;

    TestBackends(BufferAllocator allocator, Path root, int maxParallelism) {
        this(allocator, root, maxParallelism, new RocksDbStateBackendFactory(), new RocksDbStateBackendFactory());
    }

    TestBackends(
            BufferAllocator allocator,
            Path root,
            int maxParallelism,
            StateBackendFactory factory,
            StateBackendFactory reader) {
        this.factory = factory;
        this.reader = reader;
        this.allocator = allocator;
        this.root = root;
        this.maxParallelism = maxParallelism;
    }

    KeyedStateBackend create(int subtask, int parallelism) throws IOException {
        return create(subtask, parallelism, Map.of());
    }

    KeyedStateBackend create(int subtask, int parallelism, Map<String, String> userOptions) throws IOException {
        return create(factory, subtask, parallelism, userOptions);
    }

    /** A backend of the {@link #reader} factory, to restore what the writers snapshotted. */
    KeyedStateBackend createReader(int subtask, int parallelism) throws IOException {
        return create(reader, subtask, parallelism, Map.of());
    }

    private KeyedStateBackend create(
            StateBackendFactory factory, int subtask, int parallelism, Map<String, String> userOptions)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve("work-" + next++));
        KeyGroupRange range = KeyGroups.rangeForOperator(maxParallelism, parallelism, subtask);
        ValidatedOptions options = factory.validate("test", userOptions).orThrow();
        StateBackendContext context = new StateBackendContext() {
            public String tenantId() {
                return "t";
            }

            public String jobId() {
                return "job";
            }

            public String operatorId() {
                return "op";
            }

            public int subtaskIndex() {
                return subtask;
            }

            public int parallelism() {
                return parallelism;
            }

            public int maxParallelism() {
                return maxParallelism;
            }

            public KeyGroupRange keyGroupRange() {
                return range;
            }

            public BufferAllocator allocator() {
                return allocator;
            }

            public Path workingDirectory() {
                return dir;
            }

            public ValidatedOptions options() {
                return options;
            }

            public Executor ioExecutor() {
                return io;
            }
        };
        KeyedStateBackend backend = factory.createKeyedStateBackend(context);
        open.add(backend);
        return backend;
    }

    /** Snapshots every backend (one per subtask) into {@code dir} and merges their reports into a manifest. */
    OperatorStateManifest snapshot(Path dir, long id, List<KeyedStateBackend> subtasks) throws Exception {
        return snapshot(dir, null, id, false, subtasks);
    }

    /** Like {@link #snapshot(Path, long, List)}, with files shared between checkpoints in {@code shared}. */
    OperatorStateManifest snapshot(Path dir, Path shared, long id, boolean savepoint, List<KeyedStateBackend> subtasks)
            throws Exception {
        List<KeyedStateSnapshot> reports = new ArrayList<>();
        for (KeyedStateBackend b : subtasks) {
            reports.add(b.snapshot(id, location(dir, shared, id, savepoint)).get());
        }
        return OperatorStateManifest.merge("t", "job", "op", id, false, Instant.now(), maxParallelism, reports);
    }

    /** Names of the shared files created, in order. */
    final List<String> sharedWrites = new java.util.concurrent.CopyOnWriteArrayList<>();

    SnapshotLocation location(Path dir, Path shared, long id, boolean savepoint) {
        return new SnapshotLocation() {
            public long checkpointId() {
                return id;
            }

            public boolean isSavepoint() {
                return savepoint;
            }

            public WritableByteChannel createShared(String name) throws IOException {
                if (shared == null) {
                    throw new UnsupportedOperationException();
                }
                sharedWrites.add(name);
                Path file = shared.resolve(name);
                Files.createDirectories(file.getParent());
                return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }

            public boolean sharedExists(String name) {
                return shared != null && Files.exists(shared.resolve(name));
            }

            public URI uri() {
                return dir.toUri();
            }

            public WritableByteChannel create(String relativePath) throws IOException {
                Path file = dir.resolve(relativePath);
                Files.createDirectories(file.getParent());
                return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        };
    }

    static StateRestore restore(Path dir, OperatorStateManifest manifest, KeyGroupRange range) {
        return restore(dir, null, manifest, range);
    }

    static StateRestore restore(Path dir, Path shared, OperatorStateManifest manifest, KeyGroupRange range) {
        List<StateFile> files = manifest.filesOverlapping(range);
        return new StateRestore() {
            public OperatorStateManifest manifest() {
                return manifest;
            }

            public List<StateFile> files() {
                return files;
            }

            public SeekableByteChannel open(StateFile file) throws IOException {
                Path path = file.isShared()
                        ? shared.resolve(file.path().substring(SnapshotFormat.SHARED_PREFIX.length()))
                        : dir.resolve(file.path());
                return FileChannel.open(path, StandardOpenOption.READ);
            }
        };
    }

    @Override
    public void close() {
        for (KeyedStateBackend b : open) {
            b.close();
        }
        io.shutdownNow();
    }
}
