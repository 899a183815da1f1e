package io.sabot.engine.internal.checkpoint;

/**
 * An operator with state that must survive a failure. At a checkpoint barrier its task calls {@link #snapshotState}
 * on the task thread, between batches; the operator copies its state into the writer (Arrow batches it then no
 * longer touches) and the files are written asynchronously while it goes on. On a restore {@link #restoreState} is
 * called once, after {@code open} and before the first batch.
 */
public interface CheckpointedOperator {

    /** Copies the operator's state as of now into {@code out}. */
    void snapshotState(long checkpointId, OperatorStateWriter out) throws Exception;

    /**
     * Checks, when the job is submitted with checkpoints, that this operator can checkpoint what it will hold.
     *
     * @throws IllegalArgumentException naming what cannot be checkpointed yet
     */
    default void checkCheckpointable() {}

    /**
     * What the operator's keyed state holds now, for the {@code state-entries} metric: groups, windows of groups,
     * sessions or buffered rows, as the operator counts them; -1 when it cannot tell cheaply (state in a backend
     * plug-in). Task thread, once per batch or watermark: no per-row work.
     */
    default long stateEntries() {
        return -1;
    }

    /** Loads the state of the key groups this subtask owns (and the operator values of every former subtask). */
    void restoreState(OperatorStateReader in) throws Exception;
}
