package io.sabot.state.spi;

import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.SnapshotLocation;
import io.sabot.state.spi.snapshot.StateRestore;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The keyed state and timers of one operator subtask, for the key groups of {@link #keyGroupRange()}. Created by a
 * {@link StateBackendFactory}, driven by the subtask's task thread, closed by the runtime.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>{@link StateBackendFactory#createKeyedStateBackend} creates it, empty.
 *   <li>If the job restarts from a checkpoint or savepoint, {@link #restore} is called once, before anything else.
 *   <li>The operator asks for its states and timer services ({@link #valueState}, {@link #timerService}, …) while it
 *       opens, and then reads and writes them batch by batch.
 *   <li>At every checkpoint barrier the runtime calls {@link #snapshot}; later {@link #notifyCheckpointComplete} or
 *       {@link #notifyCheckpointAborted}.
 *   <li>{@link #close()} once, also after a failure.
 * </ol>
 *
 * <h2>Threading</h2>
 * Every method is called from the subtask's task thread, never concurrently. The backend may use background threads
 * (compaction, the asynchronous part of snapshots, preferably on {@link StateBackendContext#ioExecutor()}), but none
 * of them may call the runtime or touch the state handles.
 *
 * <h2>States</h2>
 * The state and timer-service getters are <em>get-or-create</em>: the first call with a descriptor creates the state
 * (or attaches restored state of that name, checking compatibility), later calls with an equal descriptor return the
 * same handle. A name is unique per operator across all states (and separately across timer services). State that
 * was restored but is never asked for is carried over unchanged into later snapshots, so that a job version that does
 * not use a state does not silently drop it.
 *
 * <h2>What the runtime does with a backend</h2>
 *
 * <pre>{@code
 * KeyedStateBackend backend = factory.createKeyedStateBackend(context);   // on (re)start of the subtask
 * if (latestCheckpoint != null) {
 *     backend.restore(restoreFor(latestCheckpoint, context.keyGroupRange()));
 * }
 * operator.open(backend);                         // asks for its states and timer services
 * // … batches, watermarks …
 * // barrier n: copy now on the task thread, write later off it, keep processing meanwhile
 * CompletableFuture<KeyedStateSnapshot> pending = backend.snapshot(n, locationFor(n));
 * pending.whenComplete((result, error) -> acknowledgeOrDecline(n, result, error));
 * // … batches …
 * backend.notifyCheckpointComplete(n);            // once all subtasks acknowledged
 * // … on stop or failure:
 * backend.close();
 * }</pre>
 */
@ConsumerType
public interface KeyedStateBackend extends AutoCloseable {

    /** The key groups this backend serves: {@link StateBackendContext#keyGroupRange()}. */
    KeyGroupRange keyGroupRange();

    /**
     * Loads state from a snapshot: every row of the snapshot's files whose key group lies in {@link #keyGroupRange()},
     * and nothing else. On rescale the files of several old subtasks overlap this range, and each contributes the key
     * groups this subtask now owns; the rows of other key groups are skipped.
     *
     * <p>Called at most once, right after creation and before any other method. Blocking I/O is expected here (the
     * subtask is not processing data yet). On return the restored states and timers are ready; they are matched to the
     * operator's descriptors by name when it asks for them.
     *
     * @param restore the manifest of the snapshot, the files overlapping this backend's range, and a way to open them
     * @throws IncompatibleStateException if the snapshot's max-parallelism differs from the job's or its format version
     *     is unknown, or a file does not match its manifest entry
     * @throws IOException if a file cannot be read; the runtime may then try an older checkpoint
     */
    void restore(StateRestore restore) throws IOException;

    /**
     * The {@link StateType#VALUE} state described by {@code descriptor}, created on first use.
     *
     * @throws IllegalArgumentException if the descriptor's type is not {@code VALUE}
     * @throws IncompatibleStateException if a state of that name exists (created or restored) with another descriptor
     */
    ValueState valueState(StateDescriptor descriptor);

    /**
     * The {@link StateType#LIST} state described by {@code descriptor}, created on first use.
     *
     * @throws IllegalArgumentException if the descriptor's type is not {@code LIST}
     * @throws IncompatibleStateException if a state of that name exists with another descriptor
     */
    ListState listState(StateDescriptor descriptor);

    /**
     * The {@link StateType#MAP} state described by {@code descriptor}, created on first use.
     *
     * @throws IllegalArgumentException if the descriptor's type is not {@code MAP}
     * @throws IncompatibleStateException if a state of that name exists with another descriptor
     */
    MapState mapState(StateDescriptor descriptor);

    /**
     * The {@link StateType#REDUCING} state described by {@code descriptor}, created on first use, folding with {@code
     * function}. The function is not stored: after a restore, the operator passes it again.
     *
     * @throws IllegalArgumentException if the descriptor's type is not {@code REDUCING}
     * @throws IncompatibleStateException if a state of that name exists with another descriptor
     */
    ReducingState reducingState(StateDescriptor descriptor, BatchReduceFunction function);

    /**
     * The {@link StateType#AGGREGATING} state described by {@code descriptor}, created on first use, aggregating with
     * {@code function}. Only accumulators are stored: after a restore, the operator passes the function again.
     *
     * @throws IllegalArgumentException if the descriptor's type is not {@code AGGREGATING}
     * @throws IncompatibleStateException if a state of that name exists with another descriptor
     */
    AggregatingState aggregatingState(StateDescriptor descriptor, BatchAggregateFunction function);

    /**
     * The timer service described by {@code descriptor}, created on first use (or attached to restored timers of that
     * name).
     *
     * @throws IncompatibleStateException if a timer service of that name exists with another descriptor
     */
    TimerService timerService(TimerDescriptor descriptor);

    /**
     * Snapshots all state and timers for checkpoint {@code checkpointId}, in the canonical format of {@link
     * io.sabot.state.spi.snapshot}.
     *
     * <p><b>Two phases.</b> Called on the task thread at the barrier, this method takes a consistent copy of the state
     * as of this moment (every write before the call is in it, none after), using memory or cheap local operations
     * only: a copy-on-write view, a reference-counted slice of Arrow buffers, a RocksDB native checkpoint. It never
     * waits for files to be written: it returns a future and writes the copy asynchronously, on {@link
     * StateBackendContext#ioExecutor()} or its own threads, while the task goes on processing batches. The data path
     * never waits on snapshot I/O.
     *
     * <p><b>Files.</b> The asynchronous part writes one Arrow IPC file per state and per timer service that holds rows
     * in this backend's range (empty ones may be omitted), at the paths of {@link
     * io.sabot.state.spi.snapshot.SnapshotFormat#stateFilePath} and {@link
     * io.sabot.state.spi.snapshot.SnapshotFormat#timerFilePath}, through {@code location}. It then completes the future
     * with the list of files and the descriptors of every state and timer service this backend holds, including ones
     * restored but not used. The runtime merges the subtasks' results into the operator's manifest.
     *
     * <p><b>Concurrency.</b> The runtime calls {@code snapshot} again only after the previous future has completed, so
     * at most one snapshot is in flight per backend. It may cancel the future (checkpoint timed out or aborted); the
     * backend then stops writing and releases the copy, and the runtime deletes what was written.
     *
     * <p><b>Failure.</b> An exception thrown here, or a future completed exceptionally, fails this checkpoint, not the
     * job: the runtime reports a {@code CHECKPOINT} failure to the job's error handler and tries again at the next
     * interval.
     *
     * @param checkpointId the checkpoint's id, increasing over the life of the job
     * @param location where the files go; valid until the future completes
     * @return a future completing, off the task thread, once every file is written and closed
     */
    CompletableFuture<KeyedStateSnapshot> snapshot(long checkpointId, SnapshotLocation location);

    /**
     * Checkpoint {@code checkpointId} completed everywhere and is durable: the backend may release what it kept only
     * for older checkpoints (e.g. RocksDB files referenced by an incremental upload). Default: nothing.
     */
    default void notifyCheckpointComplete(long checkpointId) {}

    /**
     * Checkpoint {@code checkpointId} will never complete (it failed elsewhere, or timed out): the backend releases
     * whatever it kept for it. Default: nothing.
     */
    default void notifyCheckpointAborted(long checkpointId) {}

    /**
     * An estimate of the state's size in bytes (memory or disk, whichever the backend holds it in), for metrics and
     * tenant quotas; {@code -1} if unknown. Cheap; may be approximate.
     */
    default long estimatedSizeBytes() {
        return -1;
    }

    /**
     * Releases every resource: cancels a snapshot in flight and waits for its threads to let go of the copy, frees
     * every buffer back to the allocator, closes files. Called once, on the task thread, also after a failure; after
     * it, no method is called. State not snapshotted is lost, which is intended: it is restored from the last
     * checkpoint.
     */
    @Override
    void close();
}
