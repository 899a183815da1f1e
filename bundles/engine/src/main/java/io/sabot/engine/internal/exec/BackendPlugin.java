package io.sabot.engine.internal.exec;

import io.sabot.engine.StateBackendConfig;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateBackendContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A job's state backend plug-in: creates one {@link KeyedStateBackend} per operator subtask that keeps its state
 * there, each with its own child allocator and working directory (under the job's local directory), and releases
 * both when the backend closes. Backends write their snapshot files on a pool of their own, so a checkpoint writer
 * waiting for them never waits on its own pool.
 */
public final class BackendPlugin {

    private final StateBackendConfig config;
    private final String jobId;
    private final BufferAllocator jobAllocator;
    private final Path jobDirectory;
    private final ExecutorService io;

    BackendPlugin(StateBackendConfig config, String jobId, BufferAllocator jobAllocator) {
        this.config = config;
        this.jobId = jobId;
        this.jobAllocator = jobAllocator;
        try {
            Files.createDirectories(config.localDirectory());
            this.jobDirectory = Files.createTempDirectory(config.localDirectory(), jobId + "-");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create the local state directory in '" + config.localDirectory() + "' for the "
                            + config.identifier() + " state backend: " + e,
                    e);
        }
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, jobId + "-state-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The backend's identifier, e.g. {@code rocksdb}. */
    public String identifier() {
        return config.identifier();
    }

    /** A new, empty backend for one subtask of {@code operatorId}; the caller closes it with {@link #close}. */
    public Handle create(String operatorId, int subtask, int parallelism, int maxParallelism) {
        KeyGroupRange range = KeyGroups.rangeForOperator(maxParallelism, parallelism, subtask);
        String name = operatorId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + subtask;
        Path dir;
        try {
            dir = Files.createDirectories(jobDirectory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory of " + operatorId, e);
        }
        BufferAllocator allocator = jobAllocator.newChildAllocator("state-" + name, 0, Long.MAX_VALUE);
        ValidatedOptions options = config.options();
        StateBackendContext context = new StateBackendContext() {
            @Override
            public String tenantId() {
                return "default";
            }

            @Override
            public String jobId() {
                return jobId;
            }

            @Override
            public String operatorId() {
                return operatorId;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public int maxParallelism() {
                return maxParallelism;
            }

            @Override
            public KeyGroupRange keyGroupRange() {
                return range;
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public Path workingDirectory() {
                return dir;
            }

            @Override
            public ValidatedOptions options() {
                return options;
            }

            @Override
            public java.util.concurrent.Executor ioExecutor() {
                return io;
            }
        };
        try {
            return new Handle(config.factory().createKeyedStateBackend(context), allocator, dir);
        } catch (RuntimeException e) {
            allocator.close();
            delete(dir);
            throw e;
        }
    }

    /** Closes a backend made by {@link #create}, then its allocator and working directory. */
    public void close(Handle owned) {
        try {
            owned.backend.close();
        } finally {
            try {
                owned.allocator.close();
            } finally {
                delete(owned.directory);
            }
        }
    }

    /** Stops the snapshot pool and deletes the job's local directory; after every backend closed. */
    void shutdown() {
        io.shutdown();
        try {
            io.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(jobDirectory);
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // scratch space: a leftover directory is harmless
        }
    }

    /** A backend and what was made for it. */
    public record Handle(KeyedStateBackend backend, BufferAllocator allocator, Path directory) {}
}
