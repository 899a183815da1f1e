package io.sabot.runtime;

import static io.sabot.runtime.WatermarkLagAndLatencyMetricsTest.await;
import static io.sabot.runtime.WatermarkLagAndLatencyMetricsTest.gauge;
import static org.junit.Assert.assertEquals;

import com.codahale.metrics.Metric;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.metrics.spi.MetricScope;
import io.sabot.metrics.spi.StandardMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A stateful operator's {@code state-entries} count what it holds, and its {@code state-size} is the bytes of its
 * state files in the latest completed snapshot.
 */
public class StateMetricsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aWindowAggregationCountsItsOpenGroupsAndTheBytesOfItsLatestSnapshot() throws Exception {
        Path in = temp.newFolder("in").toPath();
        Path out = temp.newFolder("out").toPath();
        Path savepoints = temp.newFolder("savepoints").toPath();
        // 300 rows of 7 keys in the first 3 s: one 10 s window stays open (the watermark stops at 1.99 s)
        int keys = 7;
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            csv.append(i % keys)
                    .append(',')
                    .append(i)
                    .append(",2024-01-01 00:00:0")
                    .append(i / 100)
                    .append('.')
                    .append(String.format("%03d", i % 100 * 10))
                    .append('\n');
        }
        Files.writeString(in.resolve("part-0.csv"), csv, StandardCharsets.UTF_8);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .options(Map.of(
                        "watermark_idle_timeout_ms",
                        0,
                        "state_path",
                        temp.newFolder("state").toString()))
                .plugins(List.of(new FileSystemTableFactory(), new CsvFormatFactory()))
                .build()) {
            MetricsAndHealthTest.Recorder recorder = new MetricsAndHealthTest.Recorder(executor.metricRegistry());
            executor.executeDdl("CREATE TABLE src (k BIGINT, v BIGINT, ts TIMESTAMP(3),"
                    + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                    + in + "', 'format' = 'csv', 'source.monitor-interval' = '100 ms');"
                    + "CREATE TABLE dst (k BIGINT, n BIGINT, s BIGINT) WITH ('connector' = 'filesystem',"
                    + " 'path' = '" + out + "', 'format' = 'csv');"
                    + "SET 'pipeline.name' = 'state-job';");
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT k, COUNT(*), SUM(v) FROM"
                    + " TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                    + " GROUP BY k, window_start, window_end")) {
                Predicate<String> window = op -> op.endsWith("windowaggregate");
                List<Metric> entries = recorder.find(MetricScope.TASK, StandardMetric.STATE_ENTRIES, window);
                List<Metric> sizes = recorder.find(MetricScope.TASK, StandardMetric.STATE_SIZE, window);
                assertEquals("one per subtask", 2, entries.size());
                assertEquals(2, sizes.size());
                // the sink keeps no keyed state: no state metrics
                assertEquals(
                        List.of(),
                        recorder.find(MetricScope.TASK, StandardMetric.STATE_SIZE, op -> op.contains("sink")));
                await(
                        "300 rows aggregated",
                        () -> recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_IN, window) == 300);
                await(
                        "7 groups held",
                        () -> entries.stream()
                                        .mapToLong(WatermarkLagAndLatencyMetricsTest::gauge)
                                        .sum()
                                == keys);
                for (Metric size : sizes) {
                    assertEquals("no snapshot yet", -1, gauge(size));
                }

                SavepointInfo savepoint = executor.savepoint("state-job", savepoints);
                long sum = sizes.stream()
                        .mapToLong(WatermarkLagAndLatencyMetricsTest::gauge)
                        .sum();
                long files;
                try (Stream<Path> all = Files.walk(savepoint.path())) {
                    files = all.filter(p -> p.toString().contains("windowaggregate")
                                    && p.getFileName().toString().endsWith(".arrow"))
                            .mapToLong(p -> p.toFile().length())
                            .sum();
                }
                assertEquals(true, files > 0);
                assertEquals("the bytes of the window operator's state files", files, sum);
                for (Metric size : sizes) {
                    // each subtask holds some of the 7 keys (hash partitioned): a file each
                    assertEquals(true, gauge(size) >= 0);
                }
                result.cancel();
                result.awaitTermination();
            }
        }
    }
}
