package io.sabot.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as administration tools show it: a data transfer object, detached from the running job.
 *
 * @param id the job's id (unique in this container)
 * @param sql the statement the job runs
 * @param state running or how it ended
 * @param started when it was submitted
 * @param ended when it ended, if it has
 * @param failure why it failed, if it did (names the operator or table)
 * @param rowsIn rows read from its sources so far
 * @param rowsOut rows delivered to its sink or result so far
 * @param lateRowsDropped rows dropped because they arrived behind the watermark of their window
 * @param checkpointsCompleted checkpoints and savepoints completed since the job started (0 without checkpointing)
 * @param checkpointsFailed checkpoints that failed (declined, timed out or not writable) since the job started
 * @param lastCheckpoint the most recent completed checkpoint or savepoint, if any
 * @param recordsSkipped failed records (e.g. that did not decode) the error handlers skipped; since 1.3
 * @param recordsDeadLettered failed records sent to a dead-letter target, and late rows sent there with {@code
 *     'sabot.late-data' = 'dead-letter'} (which are not in {@code lateRowsDropped}); since 1.3
 * @param retries failed operations (sink writes, pre-commits, flushes) the error handlers had attempted again; since
 *     1.5
 */
public record JobInfo(
        String id,
        String sql,
        State state,
        Instant started,
        Optional<Instant> ended,
        Optional<String> failure,
        long rowsIn,
        long rowsOut,
        long lateRowsDropped,
        long checkpointsCompleted,
        long checkpointsFailed,
        Optional<Checkpoint> lastCheckpoint,
        long recordsSkipped,
        long recordsDeadLettered,
        long retries) {

    /** A job without retries. */
    public JobInfo(
            String id,
            String sql,
            State state,
            Instant started,
            Optional<Instant> ended,
            Optional<String> failure,
            long rowsIn,
            long rowsOut,
            long lateRowsDropped,
            long checkpointsCompleted,
            long checkpointsFailed,
            Optional<Checkpoint> lastCheckpoint,
            long recordsSkipped,
            long recordsDeadLettered) {
        this(
                id,
                sql,
                state,
                started,
                ended,
                failure,
                rowsIn,
                rowsOut,
                lateRowsDropped,
                checkpointsCompleted,
                checkpointsFailed,
                lastCheckpoint,
                recordsSkipped,
                recordsDeadLettered,
                0);
    }

    /** A job without failed records. */
    public JobInfo(
            String id,
            String sql,
            State state,
            Instant started,
            Optional<Instant> ended,
            Optional<String> failure,
            long rowsIn,
            long rowsOut,
            long lateRowsDropped,
            long checkpointsCompleted,
            long checkpointsFailed,
            Optional<Checkpoint> lastCheckpoint) {
        this(
                id,
                sql,
                state,
                started,
                ended,
                failure,
                rowsIn,
                rowsOut,
                lateRowsDropped,
                checkpointsCompleted,
                checkpointsFailed,
                lastCheckpoint,
                0,
                0,
                0);
    }

    /** A job's lifecycle state. */
    public enum State {
        RUNNING,
        FINISHED,
        FAILED,
        CANCELED,
        /**
         * Stopped with a savepoint: output up to the savepoint committed, nothing after it.
         *
         * @since 1.2
         */
        STOPPED
    }

    /**
     * A completed checkpoint or savepoint, as the CLI's progress line and the job registry show it.
     *
     * @param id the checkpoint's id (continues after a restore)
     * @param savepoint whether it is a savepoint
     * @param path its directory
     * @param completedAt when it became durable
     * @param durationMillis from trigger to completion
     * @param sizeBytes the bytes of its state files and metadata
     * @param alignmentMillis the longest time a task waited for barriers on all its inputs
     */
    public record Checkpoint(
            long id,
            boolean savepoint,
            String path,
            Instant completedAt,
            long durationMillis,
            long sizeBytes,
            long alignmentMillis) {}
}
