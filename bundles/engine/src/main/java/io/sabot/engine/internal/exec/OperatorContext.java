package io.sabot.engine.internal.exec;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What an operator may use of its task: the job's allocator, the batch size, counters, and for operators chained to
 * a source reader the per-split watermark tracker.
 *
 * @param name the task's name, for messages
 * @param allocator where output batches and state buffers are allocated
 * @param batchSize rows per output batch
 * @param subtask this subtask's index
 * @param parallelism the number of subtasks of this stage
 * @param maxParallelism key groups
 * @param counters the job's counters
 * @param splits the source task's split tracker, or null when not chained to a reader
 * @param stateBackends the job's state backend plug-in, or null when state stays on the heap ({@code memory})
 * @param metrics the task's metrics (registered or not, never null)
 */
public record OperatorContext(
        String name,
        BufferAllocator allocator,
        int batchSize,
        int subtask,
        int parallelism,
        int maxParallelism,
        JobCounters counters,
        SplitTracker splits,
        BackendPlugin stateBackends,
        io.sabot.engine.internal.metrics.TaskMetrics metrics) {

    /** Counts rows dropped as late, in the job's counters and in the task's {@code late-records} metric. */
    public void lateRowsDropped(long rows) {
        counters.lateRowsDropped.add(rows);
        metrics.lateRecords.inc(rows);
    }

    /**
     * Counts late rows sent to the dead-letter target: as dead-lettered records in the job's counters (not as
     * dropped), and in the task's {@code late-records} metric.
     */
    public void lateRowsDeadLettered(long rows) {
        counters.recordsDeadLettered.add(rows);
        metrics.lateRecords.inc(rows);
    }
}
