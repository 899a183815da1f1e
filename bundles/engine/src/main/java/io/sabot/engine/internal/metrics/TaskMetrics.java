package io.sabot.engine.internal.metrics;

import static io.sabot.metrics.spi.StandardMetric.BACKPRESSURED_TIME;
import static io.sabot.metrics.spi.StandardMetric.LATE_RECORDS;
import static io.sabot.metrics.spi.StandardMetric.STATE_ENTRIES;
import static io.sabot.metrics.spi.StandardMetric.STATE_SIZE;
import static io.sabot.metrics.spi.StandardMetric.WATERMARK;
import static io.sabot.metrics.spi.StandardMetric.WATERMARK_LAG;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import io.sabot.metrics.spi.StandardMetric;
import java.util.List;

/**
 * The metrics of one subtask, resolved when the task is built: one {@link OperatorMetrics} per chained operator (and
 * one for the task's input when it reads a source or constants), the task's watermark, its backpressured time and the
 * rows its window operator dropped as late. Updated by the task thread only, once per batch or watermark.
 */
public final class TaskMetrics {

    private final JobMetricGroup group;
    private final String inputId;
    private final int subtask;
    /** Rows read by the task's source (or constants), or null when it reads channels. */
    public final OperatorMetrics input;

    public final OperatorMetrics[] operators;
    /** Per chained operator, its state's metrics, or null for a stateless one. */
    public final StateMetrics[] state;

    public final Counter lateRecords = new Counter();
    private final Counter backpressured = new Counter();
    private long blockedNanos;
    private volatile long watermark = Long.MIN_VALUE;

    /**
     * @param inputId the operator id of the task's source or constants, or null
     * @param operatorIds the ids of the chained operators, in order
     * @param dropsLate which chained operators drop late rows (they get a {@code late-records} counter)
     * @param stateful which chained operators keep keyed state (they get {@code state-size} and {@code
     *     state-entries})
     */
    public TaskMetrics(
            JobMetricGroup group,
            String inputId,
            List<String> operatorIds,
            boolean[] dropsLate,
            boolean[] stateful,
            int subtask) {
        this.group = group;
        this.inputId = inputId;
        this.subtask = subtask;
        Gauge<Long> watermarkGauge = () -> watermark;
        Gauge<Long> lagGauge = () -> JobMetricGroup.lag(watermark);
        this.input = inputId == null ? null : new OperatorMetrics(group, inputId, subtask, true);
        if (inputId != null) {
            group.register(group.taskName(inputId, subtask, WATERMARK), watermarkGauge);
            group.register(group.taskName(inputId, subtask, WATERMARK_LAG), lagGauge);
        }
        this.operators = new OperatorMetrics[operatorIds.size()];
        this.state = new StateMetrics[operatorIds.size()];
        for (int i = 0; i < operators.length; i++) {
            String id = operatorIds.get(i);
            operators[i] = new OperatorMetrics(group, id, subtask, false);
            group.register(group.taskName(id, subtask, WATERMARK), watermarkGauge);
            group.register(group.taskName(id, subtask, WATERMARK_LAG), lagGauge);
            if (dropsLate[i]) {
                group.register(group.taskName(id, subtask, LATE_RECORDS), lateRecords);
            }
            if (stateful[i]) {
                StateMetrics s = group.stateMetrics(id, subtask);
                state[i] = s;
                group.register(group.taskName(id, subtask, STATE_SIZE), (Gauge<Long>) () -> s.bytes);
                group.register(group.taskName(id, subtask, STATE_ENTRIES), (Gauge<Long>) () -> s.entries);
            }
        }
        String last = operatorIds.isEmpty() ? inputId : operatorIds.get(operatorIds.size() - 1);
        if (last != null) {
            group.register(group.taskName(last, subtask, BACKPRESSURED_TIME), backpressured);
        }
    }

    /**
     * Registers a metric only some operators have (a sink's {@code retries}) for operator {@code operatorId} of this
     * subtask, and returns it.
     */
    public <T extends Metric> T register(String operatorId, StandardMetric metric, T value) {
        return group.register(group.taskName(operatorId, subtask, metric), value);
    }

    /** The metrics of a split this (source) task reads: called once per split, when it is first seen. */
    public SplitMetrics split(String splitId) {
        return new SplitMetrics(group, inputId == null ? "_" : inputId, subtask, splitId);
    }

    /** The task's source (or constants) read a batch. */
    public void read(int rows, long bytes) {
        input.recordsIn.mark(rows);
        input.bytesIn.mark(bytes);
    }

    /** The task's watermark advanced. */
    public void watermark(long value) {
        watermark = value;
    }

    public long watermark() {
        return watermark;
    }

    /** The task was blocked {@code nanos} on a full output channel; the counter counts whole milliseconds. */
    public void blocked(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long total = blockedNanos + nanos;
        long millis = total / 1_000_000;
        if (millis > 0) {
            backpressured.inc(millis);
            total -= millis * 1_000_000;
        }
        blockedNanos = total;
    }
}
