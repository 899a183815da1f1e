package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.metrics.spi.MetricScope;
import io.sabot.metrics.spi.StandardMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A running job's watermark lag (per operator and per job) is wall-clock time minus the watermark its rows produced,
 * and its sink's end-to-end latencies (event time to emit, source read to sink) match the rows it wrote.
 */
public class WatermarkLagAndLatencyMetricsTest {

    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static long gauge(Metric metric) {
        return ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }

    @Test
    public void lagIsWallClockMinusTheWatermarkAndSinkLatenciesBoundTheRowsWritten() throws Exception {
        Path in = temp.newFolder("in").toPath();
        Path out = temp.newFolder("out").toPath();
        // event times a minute before now, 10 ms apart: the watermark ends at the newest minus 1 s
        long first = System.currentTimeMillis() - 60_000;
        int rows = 200;
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            csv.append(i)
                    .append(',')
                    .append(i % 7)
                    .append(',')
                    .append(CSV_TIME.format(LocalDateTime.ofEpochSecond(
                            (first + i * 10L) / 1000, (int) ((first + i * 10L) % 1000) * 1_000_000, ZoneOffset.UTC)))
                    .append('\n');
        }
        long oldest = first;
        long newest = first + (rows - 1) * 10L;
        Files.writeString(in.resolve("part-0.csv"), csv, StandardCharsets.UTF_8);

        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .options(Map.of("watermark_idle_timeout_ms", 0))
                .plugins(List.of(new FileSystemTableFactory(), new CsvFormatFactory()))
                .build()) {
            MetricRegistry registry = executor.metricRegistry();
            MetricsAndHealthTest.Recorder recorder = new MetricsAndHealthTest.Recorder(registry);
            executor.executeDdl("CREATE TABLE src (id BIGINT, k BIGINT, ts TIMESTAMP(3),"
                    + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                    + in + "', 'format' = 'csv', 'source.monitor-interval' = '100 ms');"
                    + "CREATE TABLE dst (id BIGINT, k BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem',"
                    + " 'path' = '" + out + "', 'format' = 'csv');"
                    + "SET 'pipeline.name' = 'lag-job';");
            long submitted = System.currentTimeMillis();
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT id, k, ts FROM src")) {
                long watermark = newest - 1000;
                await("the job's watermark " + watermark, () -> {
                    List<Metric> w = recorder.find(MetricScope.JOB, StandardMetric.WATERMARK, op -> true);
                    return !w.isEmpty() && gauge(w.get(0)) == watermark;
                });
                await(
                        "every row written",
                        () -> recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_OUT, op -> op.contains("sink"))
                                == rows);

                long before = System.currentTimeMillis();
                List<Metric> jobLag = recorder.find(MetricScope.JOB, StandardMetric.WATERMARK_LAG, op -> true);
                assertEquals(1, jobLag.size());
                long lag = gauge(jobLag.get(0));
                List<Metric> operatorLags = recorder.find(MetricScope.TASK, StandardMetric.WATERMARK_LAG, op -> true);
                long[] perOperator = operatorLags.stream()
                        .mapToLong(WatermarkLagAndLatencyMetricsTest::gauge)
                        .toArray();
                long after = System.currentTimeMillis();
                assertTrue(
                        lag + " in [" + (before - watermark) + ", " + (after - watermark) + "]",
                        lag >= before - watermark && lag <= after - watermark);
                // source, watermark assigner and sink all hold the one watermark (parallelism 1, one chain)
                assertTrue(recorder.find(MetricScope.TASK, StandardMetric.WATERMARK_LAG, op -> true)
                                .size()
                        >= 2);
                for (long l : perOperator) {
                    assertTrue(
                            l + " in [" + (before - watermark) + ", " + (after - watermark) + "]",
                            l >= before - watermark && l <= after - watermark);
                }

                // event time to emit: one value per batch written, each between "written after submission,
                // newest row" and "written by now, oldest row"
                List<Metric> eventTime =
                        recorder.find(MetricScope.TASK, StandardMetric.EVENT_TIME_LATENCY, op -> op.contains("sink"));
                assertEquals(1, eventTime.size());
                Histogram e2e = (Histogram) eventTime.get(0);
                long batches = ((Histogram)
                                recorder.find(MetricScope.TASK, StandardMetric.BATCH_SIZE, op -> op.contains("sink"))
                                        .get(0))
                        .getCount();
                assertTrue(batches > 0);
                assertEquals(batches, e2e.getCount());
                Snapshot s = e2e.getSnapshot();
                assertTrue(s.getMin() + " >= " + (submitted - newest), s.getMin() >= submitted - newest);
                assertTrue(s.getMax() + " <= " + (after - oldest), s.getMax() <= after - oldest);
                // source read to sink: one value per batch, within the job's life so far
                Histogram pipeline =
                        (Histogram) recorder.find(MetricScope.TASK, StandardMetric.LATENCY, op -> op.contains("sink"))
                                .get(0);
                assertEquals(batches, pipeline.getCount());
                assertTrue(pipeline.getSnapshot().getMin() >= 0);
                assertTrue(pipeline.getSnapshot().getMax() <= after - submitted);

                result.cancel();
                result.awaitTermination();
            }
            assertFalse(
                    "the job's metrics are removed at its end",
                    registry.getNames().stream().anyMatch(n -> n.contains("lag-job")));
        }
    }
}
