package io.sabot.engine.internal.checkpoint;

import java.util.List;
import java.util.Map;

/** What the checkpoint coordinator needs of its job. Called on the job's coordinator thread unless noted. */
public interface CheckpointHost {

    /** A serialized piece of state and the version of the serializer that wrote it. */
    record Serialized(int version, byte[] bytes) {}

    /** The enumerators' state for checkpoint {@code id}, by source id. */
    Map<String, Serialized> snapshotEnumerators(long id) throws Exception;

    /**
     * Marks checkpoint {@code id} pending in every source task, first thing at a trigger once its directory and kind
     * are known: a plain volatile write per task, no mail and no wake-up, so a reader filling a batch sees it at its
     * next check and returns, and the task takes the barrier then. {@link #triggerSources} follows for tasks waiting on
     * their mailboxes.
     */
    void askSources(long id, boolean stop);

    /**
     * Asks every source task to take checkpoint {@code id} (after {@link #askSources}): a mail behind the split
     * assignments already queued, which wakes only a task that waits; with {@code stop} (a stop-with-savepoint) each
     * then stops emitting until {@link #resumeSources()} or the job's end.
     */
    void triggerSources(long id, boolean stop);

    /** A stop-with-savepoint failed: the source tasks go on. */
    void resumeSources();

    /** A stop-with-savepoint completed and its output is committed: stop the job. */
    void stopAfterSavepoint(io.sabot.engine.CheckpointInfo savepoint);

    /** The number of tasks that acknowledge each checkpoint. */
    int taskCount();

    /** Whether a task has already finished (then no checkpoint can complete; the job's end commits instead). */
    boolean anyTaskFinished();

    /** The job's sinks, by sink (operator) id. */
    Map<String, SinkHandle> sinks();

    /** Checkpoint {@code id} completed: tell sources and enumerators. */
    void checkpointCompleted(long id);

    /** Fails the job (too many checkpoint failures, a commit failed). Any thread. */
    void failJob(Throwable cause);

    /** A checkpoint or savepoint completed (before {@link #checkpointCompleted}): for its metrics. */
    default void checkpointRecorded(io.sabot.engine.CheckpointInfo info) {}

    /**
     * A checkpoint or savepoint completed holding these bytes of keyed state files, by operator id and subtask: for
     * the {@code state-size} metric.
     */
    default void stateWritten(Map<String, Map<Integer, Long>> bytes) {}

    /**
     * Why checkpoint tasks other than {@code acknowledged} have not acknowledged it yet, for the message of a
     * checkpoint that timed out: the tasks' names and what holds them (a sink waiting on its error handlers), or
     * empty when unknown.
     */
    default String whyNotAcknowledged(java.util.Set<Integer> acknowledged) {
        return "";
    }

    /**
     * A checkpoint failed and counts towards the tolerable failures: for its metrics ({@code checkpoints-failed},
     * {@code errors-by-type-checkpoint}) and the log.
     *
     * @param reason why, naming the checkpoint
     */
    default void checkpointFailed(String reason) {}

    /** A sink's committer and committable serializer. */
    interface SinkHandle {
        int version();

        byte[] serialize(Object committable) throws Exception;

        Object deserialize(int version, byte[] bytes) throws Exception;

        /** Commits; must be idempotent (committing a committed committable again is a no-op). */
        void commit(List<Object> committables) throws Exception;
    }
}
