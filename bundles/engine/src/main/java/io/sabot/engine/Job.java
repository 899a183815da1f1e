package io.sabot.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A running (or ended) query. Thread-safe.
 *
 * <p>A job ends by itself when all its sources are bounded and have ended: the final watermark ({@link
 * Long#MAX_VALUE}) fires every open window, sinks flush and commit, and the status becomes {@link
 * JobStatus#FINISHED}. A job over an unbounded source runs until {@link #cancel()} or {@link #stopWithSavepoint}. If
 * any task fails, every other task is stopped, all memory is released, and the status becomes {@link
 * JobStatus#FAILED} with {@link #failure()}.
 *
 * <h2>Checkpoints and savepoints from Java</h2>
 *
 * Every operation returns a future that completes once the snapshot is durable ({@code _metadata.json} written last)
 * and what its sinks pre-committed is committed; wait with {@code get(timeout)}. A failed or aborted snapshot fails
 * the future with a message saying why, and the job goes on.
 *
 * <pre>{@code
 * Job job = engine.submit(plan, JobOptions.DEFAULT);                 // checkpointing is not needed for savepoints
 * CheckpointInfo sp = job.triggerSavepoint(Path.of("/backups/orders")).get(10, TimeUnit.MINUTES);
 * System.out.println(sp.path() + " " + sp.sizeBytes() + " bytes in " + sp.durationMillis() + " ms");
 * job.checkpoints();                                                 // status: every completed one, oldest first
 * CheckpointInfo last = job.stopWithSavepoint(Path.of("/backups/orders")).get();
 * job.awaitTermination(1, TimeUnit.MINUTES);                         // JobStatus.STOPPED
 * // recover, at any parallelism of an engine with the same max-parallelism:
 * Job resumed = engine.submit(plan, JobOptions.DEFAULT.withRestoreFrom(last.path()));
 * Checkpoints.disposeSavepoint(sp.path());                           // savepoints are the user's to delete
 * }</pre>
 */
@ProviderType
public interface Job {

    /** A name for logs: the job number and the first line of its SQL. */
    String name();

    /** The current status. */
    JobStatus status();

    /**
     * The results of a {@code SELECT}; empty results for an {@code INSERT INTO}. The same object on every call.
     */
    JobResults results();

    /**
     * Waits until the job has ended.
     *
     * @return the final status, or {@link JobStatus#RUNNING} if it is still running after the timeout
     */
    JobStatus awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;

    /** Stops the job; returns at once. Results not yet read end with a {@link JobFailedException}. */
    void cancel();

    /** Why the job failed, once it has. */
    Optional<Throwable> failure();

    /** The job's counters now. */
    JobMetrics metrics();

    /** The checkpoints completed so far (empty without checkpointing), oldest first. */
    default List<CheckpointInfo> checkpoints() {
        return List.of();
    }

    /** How many checkpoints failed (declined, timed out or not writable) while the job ran; 0 without checkpoints. */
    default long failedCheckpoints() {
        return 0;
    }

    /**
     * Takes a checkpoint now, into the job's checkpoint directory ({@code savepoint} marks it to be kept by
     * retention; for a savepoint of the user's own, see {@link #triggerSavepoint}).
     *
     * @return completes when it is durable; fails if the job runs without checkpoints, one is in progress, a task has
     *     finished, or the checkpoint is aborted
     */
    default CompletableFuture<CheckpointInfo> triggerCheckpoint(boolean savepoint) {
        return CompletableFuture.failedFuture(new IllegalStateException("checkpoints are not supported"));
    }

    /**
     * Takes a savepoint into a new directory {@code <targetDirectory>/savepoint-<id>-<random>}: self-contained (every
     * file inside it, so it can be moved or copied and restored from anywhere), marked as a savepoint in its {@code
     * _metadata.json}, never deleted by checkpoint retention (see {@link Checkpoints#disposeSavepoint}). Works
     * whether or not the job checkpoints periodically.
     *
     * @return completes with the savepoint ({@link CheckpointInfo#path()} is its directory) once it is durable and
     *     its output committed; fails if the job has ended, a task has finished, another checkpoint is in progress,
     *     an operator of the job has no checkpointed state yet (naming it), or the savepoint is aborted
     * @since 1.2
     */
    default CompletableFuture<CheckpointInfo> triggerSavepoint(Path targetDirectory) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("savepoints are not supported"));
    }

    /**
     * Stops the job with a savepoint (Flink's stop-with-savepoint): like {@link #triggerSavepoint}, but every source
     * stops emitting right after its barrier; once the savepoint is complete and the sinks have committed the output
     * it covers, the future completes and the job is stopped: it ends {@link JobStatus#STOPPED} (wait with {@link
     * #awaitTermination}). Nothing after the savepoint is committed, so
     * a job restored from it continues exactly. If the savepoint fails, the sources resume and the job goes on.
     *
     * @since 1.2
     */
    default CompletableFuture<CheckpointInfo> stopWithSavepoint(Path targetDirectory) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("savepoints are not supported"));
    }

    /**
     * Completes with the final status once the job has ended (and its metrics are removed from the registry); the
     * engine's jobs never complete it exceptionally (the default, for other implementations, fails: unsupported).
     *
     * @since 1.4
     */
    default CompletableFuture<JobStatus> termination() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("termination is not supported"));
    }

    /**
     * The job's event-time watermark now: the smallest watermark of its tasks that have one, {@link Long#MIN_VALUE}
     * if none has yet (or the job has no event time), {@link Long#MAX_VALUE} once every input has ended.
     *
     * @since 1.4
     */
    default long watermark() {
        return Long.MIN_VALUE;
    }

    /**
     * Changes the time between the running job's periodic checkpoints ({@link java.time.Duration#ZERO} stops them;
     * a job whose checkpoints were off starts taking them); the next checkpoint starts once the new interval has
     * passed since the last one began.
     *
     * @throws IllegalStateException if the job has no checkpoint directory or has ended
     * @since 1.8
     */
    default void setCheckpointInterval(java.time.Duration interval) {
        throw new UnsupportedOperationException("changing the checkpoint interval is not supported");
    }

    /**
     * The time between the job's periodic checkpoints now; zero when it takes none.
     *
     * @since 1.8
     */
    default java.time.Duration checkpointInterval() {
        return java.time.Duration.ZERO;
    }

    /** Things the job wants its user to know that are not failures (skipped checkpoints, a restore's notes). */
    default List<String> notices() {
        return List.of();
    }
}
