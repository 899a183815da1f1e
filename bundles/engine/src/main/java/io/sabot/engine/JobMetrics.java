package io.sabot.engine;

/**
 * A snapshot of a job's counters.
 *
 * @param rowsIn rows the job's sources emitted
 * @param rowsOut rows delivered to the results or written to the sink (changelog rows of every kind)
 * @param lateRowsDropped rows that arrived behind the watermark of every window they belong to, and were dropped
 * @param batchesOut batches delivered to the results or the sink
 */
public record JobMetrics(long rowsIn, long rowsOut, long lateRowsDropped, long batchesOut) {}
