package io.sabot.engine.internal.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A physical operator inside a task's chain. All methods run on the task thread. An operator owns every batch
 * handed to {@link #processBatch} (it closes it or passes it on) and everything it allocates, which {@link #close}
 * releases, also after a failure.
 */
public interface BatchOperator extends AutoCloseable {

    void open(OperatorContext context, Collector output) throws Exception;

    /** A batch of logical input {@code input} (0, or 1 for a join's right side). */
    void processBatch(int input, VectorSchemaRoot batch) throws Exception;

    /** The combined watermark of all inputs advanced; fire what it completes, then forward it. */
    void processWatermark(long watermark) throws Exception;

    /** All inputs ended (after the final watermark): emit what is left. */
    default void endInput() throws Exception {}

    /**
     * Whether it drops late rows (and counts them with {@link OperatorContext#lateRowsDropped}), or sends them to the
     * dead-letter target when its late policy says so ({@link OperatorContext#lateRowsDeadLettered}).
     */
    default boolean dropsLateRows() {
        return false;
    }

    @Override
    void close() throws Exception;
}
