package io.sabot.engine.internal.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Where an operator's output goes: the next operator of the chain, or the task's output channels. */
public interface Collector {

    /** Hands over a batch (ownership passes to the callee). Batches with zero rows are closed and dropped. */
    void emit(VectorSchemaRoot batch) throws Exception;

    /** Forwards a watermark; called only with increasing values. */
    void emitWatermark(long watermark) throws Exception;
}
