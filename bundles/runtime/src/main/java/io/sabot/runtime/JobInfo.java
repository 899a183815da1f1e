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
        long lateRowsDropped) {

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
}
