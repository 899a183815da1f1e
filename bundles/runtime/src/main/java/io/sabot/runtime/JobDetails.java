package io.sabot.runtime;

import java.util.Optional;

/**
 * One job in more detail than {@link JobInfo}: what administration surfaces show on a job's own page. A data transfer
 * object, detached from the running job.
 *
 * @param info the job's overview (id, state, counters, last checkpoint)
 * @param pipelineName its {@code pipeline.name}, if it has one
 * @param watermark its event-time watermark (epoch milliseconds): {@link Long#MIN_VALUE} before the first (or without
 *     event time), {@link Long#MAX_VALUE} once every input has ended
 * @param metricsPrefix the common prefix of the job's metric names in the node's registry, e.g. {@code
 *     sabot.default.hourly} (see docs/metrics.md: {@code <prefix>.<operator>.<subtask>.records-in}); empty when the job
 *     records no metrics ({@code enable_metrics = false}). Its metrics are removed from the registry when it ends.
 * @param plan the job's physical plan as {@code EXPLAIN} prints it: one operator per line, inputs indented below
 *     their consumer
 * @since 1.6
 */
public record JobDetails(
        JobInfo info, Optional<String> pipelineName, long watermark, Optional<String> metricsPrefix, String plan) {}
