package io.sabot.state.spi;

import io.sabot.plugin.ValidatedOptions;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a {@link StateBackendFactory} about the subtask a backend is created for. Provided by the
 * runtime; immutable; valid for the lifetime of the backend created with it. Every method may be called from any
 * thread.
 */
@ProviderType
public interface StateBackendContext {

    /** The tenant the job belongs to; state of different tenants never shares files, directories or maps. */
    String tenantId();

    /** The job's identifier, stable across restarts of the same job, for paths, messages and metrics. */
    String jobId();

    /**
     * The operator's identifier, stable across restarts and rescaling of the same job: it names the operator's state
     * in snapshots, so restored state is matched to operators by it.
     */
    String operatorId();

    /** This subtask's index, 0-based, below {@link #parallelism()}. */
    int subtaskIndex();

    /** The operator's current parallelism (the number of subtasks, hence of backends, for this operator). */
    int parallelism();

    /**
     * The job's max-parallelism: the fixed number of key groups. It never changes for the life of the job's state; a
     * restore from a snapshot written with another value fails with {@link IncompatibleStateException}.
     */
    int maxParallelism();

    /**
     * The key groups this subtask owns, {@link KeyGroups#rangeForOperator(int, int, int)} of {@link
     * #maxParallelism()}, {@link #parallelism()} and {@link #subtaskIndex()}. Every key the backend is asked about
     * belongs to one of them.
     */
    KeyGroupRange keyGroupRange();

    /**
     * The allocator for every Arrow buffer the backend keeps (in-memory tables, snapshot copies, read buffers). A child
     * of the job's and tenant's allocators: its limit is the memory budget. Closed by the runtime after the backend;
     * buffers still allocated then are reported as leaks.
     */
    BufferAllocator allocator();

    /**
     * A local directory for this backend alone (RocksDB files, spill files), created by the runtime, empty at creation.
     * It is scratch space: it does not survive a restart and is never part of a snapshot; the runtime deletes it after
     * {@link KeyedStateBackend#close()}.
     */
    Path workingDirectory();

    /** The backend's options, already validated against {@link StateBackendFactory#options()}. */
    ValidatedOptions options();

    /**
     * An executor for the asynchronous part of snapshots (writing files) and other background I/O, shared by the
     * job's backends and bounded by the runtime. Backends should use it rather than start threads of their own; work
     * submitted to it must not block indefinitely and must stop when the backend is closed.
     */
    Executor ioExecutor();
}
