package io.sabot.engine;

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
 * JobStatus#FINISHED}. A job over an unbounded source runs until {@link #cancel()}. If any task fails, every other
 * task is stopped, all memory is released, and the status becomes {@link JobStatus#FAILED} with {@link #failure()}.
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
     * Takes a checkpoint (or a savepoint, kept until deleted) now.
     *
     * @return completes when it is durable; fails if the job runs without checkpoints, one is in progress, a task has
     *     finished, or the checkpoint is aborted
     */
    default CompletableFuture<CheckpointInfo> triggerCheckpoint(boolean savepoint) {
        return CompletableFuture.failedFuture(new IllegalStateException("checkpoints are not supported"));
    }

    /** Things the job wants its user to know that are not failures (skipped checkpoints, a restore's notes). */
    default List<String> notices() {
        return List.of();
    }
}
