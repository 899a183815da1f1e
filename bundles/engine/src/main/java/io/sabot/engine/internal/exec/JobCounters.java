package io.sabot.engine.internal.exec;

import io.sabot.engine.JobMetrics;
import java.util.concurrent.atomic.LongAdder;

/** The job's counters, updated by task threads, read by anyone. */
public final class JobCounters {
    public final LongAdder rowsIn = new LongAdder();
    public final LongAdder rowsOut = new LongAdder();
    public final LongAdder lateRowsDropped = new LongAdder();
    public final LongAdder batchesOut = new LongAdder();
    public final LongAdder recordsSkipped = new LongAdder();
    public final LongAdder recordsDeadLettered = new LongAdder();
    public final LongAdder retries = new LongAdder();

    public JobMetrics snapshot() {
        return new JobMetrics(
                rowsIn.sum(),
                rowsOut.sum(),
                lateRowsDropped.sum(),
                batchesOut.sum(),
                recordsSkipped.sum(),
                recordsDeadLettered.sum(),
                retries.sum());
    }
}
