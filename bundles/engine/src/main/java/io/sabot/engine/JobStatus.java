package io.sabot.engine;

/**
 * Where a job is in its life. Only {@link #RUNNING} changes; the others are final.
 *
 * @since 1.2 {@link #STOPPED}
 */
public enum JobStatus {
    /** Tasks are running (or starting). */
    RUNNING,
    /** Every source ended, every window fired, every sink committed, and all memory was returned. */
    FINISHED,
    /** A task, the coordinator or the final memory check failed; {@link Job#failure()} says why. */
    FAILED,
    /** {@link Job#cancel()} stopped it, and all memory was returned (a leak makes a cancelled job FAILED). */
    CANCELED,
    /**
     * {@link Job#stopWithSavepoint} stopped it: its savepoint is complete, the output up to the savepoint is
     * committed, nothing after it is, and all memory was returned. Restoring the savepoint continues it exactly.
     *
     * @since 1.2
     */
    STOPPED;

    /** Whether the job has ended. */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
