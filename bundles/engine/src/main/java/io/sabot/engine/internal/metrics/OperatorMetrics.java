package io.sabot.engine.internal.metrics;

import static io.sabot.metrics.spi.StandardMetric.BATCH_SIZE;
import static io.sabot.metrics.spi.StandardMetric.BYTES_IN;
import static io.sabot.metrics.spi.StandardMetric.BYTES_OUT;
import static io.sabot.metrics.spi.StandardMetric.LATENCY;
import static io.sabot.metrics.spi.StandardMetric.PROCESSING_TIME;
import static io.sabot.metrics.spi.StandardMetric.RECORDS_IN;
import static io.sabot.metrics.spi.StandardMetric.RECORDS_OUT;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The per-batch metrics of one operator of one subtask. Task thread updates, any thread reads. */
public final class OperatorMetrics {

    public final Meter recordsIn = JobMetricGroup.meter();
    public final Meter recordsOut = JobMetricGroup.meter();
    public final Meter bytesIn = JobMetricGroup.meter();
    public final Meter bytesOut = JobMetricGroup.meter();
    public final Histogram batchSize = JobMetricGroup.histogram();
    public final Histogram latency = JobMetricGroup.histogram();
    public final Timer processingTime = JobMetricGroup.timer();

    OperatorMetrics(JobMetricGroup group, String operator, int subtask, boolean source) {
        group.register(group.taskName(operator, subtask, RECORDS_IN), recordsIn);
        group.register(group.taskName(operator, subtask, BYTES_IN), bytesIn);
        // a source emits what it reads: one meter under both names
        group.register(group.taskName(operator, subtask, RECORDS_OUT), source ? recordsIn : recordsOut);
        group.register(group.taskName(operator, subtask, BYTES_OUT), source ? bytesIn : bytesOut);
        if (!source) {
            group.register(group.taskName(operator, subtask, BATCH_SIZE), batchSize);
            group.register(group.taskName(operator, subtask, LATENCY), latency);
            group.register(group.taskName(operator, subtask, PROCESSING_TIME), processingTime);
        }
    }

    /** A batch arrives: its rows, its Arrow bytes and how long ago the source read them. */
    public void received(int rows, long bytes, long originNanos, long nowNanos) {
        recordsIn.mark(rows);
        bytesIn.mark(bytes);
        batchSize.update(rows);
        if (originNanos != 0) {
            latency.update((nowNanos - originNanos) / 1_000_000);
        }
    }

    public void emitted(int rows, long bytes) {
        recordsOut.mark(rows);
        bytesOut.mark(bytes);
    }

    /** The Arrow buffer bytes of a batch's rows: a loop over its columns, not its rows. */
    public static long bytes(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        long bytes = 0;
        for (int i = 0, n = vectors.size(); i < n; i++) {
            bytes += vectors.get(i).getBufferSize();
        }
        return bytes;
    }
}
