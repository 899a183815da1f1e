package io.sabot.engine;

/**
 * A snapshot of a job's counters.
 *
 * @param rowsIn rows the job's sources emitted
 * @param rowsOut rows delivered to the results or written to the sink (changelog rows of every kind)
 * @param lateRowsDropped rows that arrived behind the watermark of every window they belong to, and were dropped
 * @param batchesOut batches delivered to the results or the sink
 * @param recordsSkipped records that failed (e.g. did not decode) and that the error handlers skipped; since 1.3
 * @param recordsDeadLettered records that failed and went to a dead-letter target, and late rows that went there
 *     (a window operator's late policy {@code DEAD_LETTER}; they are not in {@code lateRowsDropped}); since 1.3
 * @param retries failed operations (sink writes, pre-commits, flushes) attempted again after a {@code RETRY} decision
 *     of the error handlers; since 1.5
 */
public record JobMetrics(
        long rowsIn,
        long rowsOut,
        long lateRowsDropped,
        long batchesOut,
        long recordsSkipped,
        long recordsDeadLettered,
        long retries) {

    /** Counters of a job without failed records. */
    public JobMetrics(long rowsIn, long rowsOut, long lateRowsDropped, long batchesOut) {
        this(rowsIn, rowsOut, lateRowsDropped, batchesOut, 0, 0, 0);
    }

    /** Counters of a job without retries. */
    public JobMetrics(
            long rowsIn,
            long rowsOut,
            long lateRowsDropped,
            long batchesOut,
            long recordsSkipped,
            long recordsDeadLettered) {
        this(rowsIn, rowsOut, lateRowsDropped, batchesOut, recordsSkipped, recordsDeadLettered, 0);
    }
}
