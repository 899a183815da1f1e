package io.sabot.engine.internal.metrics;

/**
 * The state metrics of one stateful operator subtask: what it holds now (written by its task thread after each batch
 * and watermark) and the bytes of its files in the latest completed checkpoint (written by the coordinator thread).
 */
public final class StateMetrics {

    /** Groups, sessions or rows held; -1 unknown. */
    public volatile long entries = -1;
    /** Bytes in the latest completed checkpoint or savepoint; -1 before the first. */
    public volatile long bytes = -1;
}
