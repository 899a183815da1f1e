package io.sabot.engine.internal.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One element on a channel: a batch, a watermark, an idleness notice or the end of the channel. Watermarks and ends
 * travel in-band, after the batches they follow, and so do checkpoint barriers: everything before barrier n is in
 * checkpoint n, nothing after it.
 *
 * @param kind what the element is
 * @param channel the receiving gate's channel the element arrived on
 * @param batch the batch (BATCH only), owned by whoever holds the envelope
 * @param watermark the watermark (WATERMARK), or the checkpoint id (BARRIER)
 * @param origin {@code System.nanoTime()} when the source read the rows the element follows from (0 unknown): the
 *     start of the latency metric
 */
public record Envelope(Kind kind, int channel, VectorSchemaRoot batch, long watermark, long origin) {

    public enum Kind {
        BATCH,
        WATERMARK,
        /** The producer has nothing to say about time for now: stop waiting for its watermark. */
        IDLE,
        /** The channel is finished: nothing follows. */
        END,
        /** Checkpoint barrier {@code watermark}: the producer's state up to here is in that checkpoint. */
        BARRIER
    }
}
