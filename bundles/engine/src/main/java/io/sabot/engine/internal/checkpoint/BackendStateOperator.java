package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.KeyedStateBackend;

/**
 * A stateful operator that can keep its keyed state in a state backend plug-in (such as {@code rocksdb}) instead of
 * its in-heap tables, when the job selects one. Its snapshots have the same canonical layout either way, so a
 * checkpoint taken on one backend restores on the other.
 */
public interface BackendStateOperator extends CheckpointedOperator {

    /**
     * Whether this operator, as planned, can keep its state in a backend; if not, it keeps it on the heap and the job
     * says so in a notice.
     */
    boolean canUseBackend();

    /**
     * Keeps the operator's keyed state in {@code backend}, which the task owns and closes after the operator. Called
     * before {@code open}; the operator touches the backend no earlier than {@link #restoreState} or its first batch,
     * since a restore must reach the backend first.
     */
    void useBackend(KeyedStateBackend backend);
}
