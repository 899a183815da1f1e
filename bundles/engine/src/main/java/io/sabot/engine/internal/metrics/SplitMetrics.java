package io.sabot.engine.internal.metrics;

import static io.sabot.metrics.spi.StandardMetric.BYTES_IN;
import static io.sabot.metrics.spi.StandardMetric.RECORDS_IN;
import static io.sabot.metrics.spi.StandardMetric.WATERMARK;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;

/** The metrics of one source split read by one subtask, made when the split is first seen. */
public final class SplitMetrics {

    public final Meter recordsIn = JobMetricGroup.meter();
    public final Meter bytesIn = JobMetricGroup.meter();
    private volatile long watermark = Long.MIN_VALUE;

    SplitMetrics(JobMetricGroup group, String operator, int subtask, String split) {
        group.register(group.splitName(operator, subtask, split, RECORDS_IN), recordsIn);
        group.register(group.splitName(operator, subtask, split, BYTES_IN), bytesIn);
        group.register(group.splitName(operator, subtask, split, WATERMARK), (Gauge<Long>) () -> watermark);
    }

    /** The split's watermark advanced (task thread; once per batch or reader watermark). */
    public void watermark(long value) {
        watermark = value;
    }
}
