package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.health.HealthCheck;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricScope;
import io.sabot.metrics.spi.StandardMetric;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * SQL jobs of a real executor record their metrics in {@link StreamingSqlExecutor#metricRegistry()} (its own registry
 * outside the container) with values equal to what they processed, remove them when they end, and register health
 * checks that say whether they run, checkpoint and advance their watermark.
 */
public class MetricsAndHealthTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** Keeps every metric added to a registry (the objects outlive their removal) and the names removed. */
    static final class Recorder {
        final Map<String, Metric> added = new ConcurrentHashMap<>();
        final Set<String> removed = ConcurrentHashMap.newKeySet();

        Recorder(MetricRegistry registry) {
            registry.addListener((MetricRegistryListener) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {MetricRegistryListener.class}, (proxy, m, a) -> {
                        switch (m.getName()) {
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == a[0];
                            }
                            default -> {
                                if (m.getName().endsWith("Added")) {
                                    added.put((String) a[0], (Metric) a[1]);
                                } else if (m.getName().endsWith("Removed")) {
                                    removed.add((String) a[0]);
                                }
                                return null;
                            }
                        }
                    }));
        }

        /** The metrics of one standard metric and scope whose operator segment passes {@code operator}. */
        List<Metric> find(MetricScope scope, StandardMetric metric, Predicate<String> operator) {
            return added.entrySet().stream()
                    .filter(e -> {
                        MetricName n = MetricName.parse(e.getKey());
                        return n.scope() == scope
                                && n.metric().equals(metric.metricName())
                                && (n.operator() == null || operator.test(n.operator()));
                    })
                    .map(Map.Entry::getValue)
                    .toList();
        }

        long sum(MetricScope scope, StandardMetric metric, Predicate<String> operator) {
            return find(scope, metric, operator).stream()
                    .mapToLong(m -> ((Counting) m).getCount())
                    .sum();
        }

        List<String> ofJob(String job) {
            return added.keySet().stream()
                    .filter(n -> job.equals(MetricName.parse(n).job()))
                    .toList();
        }
    }

    private static StreamingSqlExecutor executor(Map<String, ?> options) {
        return StreamingSqlExecutor.builder()
                .parallelism(2)
                .options(options)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new BlackholeSinkFactory(),
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory()))
                .build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void datagenToBlackholeCountsEveryRowPerTaskAndSplitAndRemovesItsMetricsAtTheEnd() throws Exception {
        try (StreamingSqlExecutor executor = executor(Map.of())) {
            MetricRegistry registry = executor.metricRegistry();
            Recorder recorder = new Recorder(registry);
            executor.executeDdl(
                    """
                    CREATE TABLE src (k BIGINT, v BIGINT) WITH ('connector' = 'datagen',
                      'rows-per-second' = '1000000000', 'seed' = '1',
                      'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '10000',
                      'fields.v.min' = '0', 'fields.v.max' = '9');
                    CREATE TABLE sink (k BIGINT, v BIGINT) WITH ('connector' = 'blackhole');
                    """);
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO sink SELECT k, v FROM src")) {
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals(10_000, result.info().rowsIn());
            }
            Predicate<String> source = op -> op.contains("-source-") && op.endsWith("src");
            Predicate<String> sink = op -> op.contains("sink_default_sink");
            assertEquals(
                    recorder.added.keySet().toString(),
                    10_000,
                    recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_IN, source));
            assertEquals(10_000, recorder.sum(MetricScope.SPLIT, StandardMetric.RECORDS_IN, source));
            assertEquals(
                    2,
                    recorder.find(MetricScope.TASK, StandardMetric.RECORDS_IN, source)
                            .size());
            assertEquals(10_000, recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_IN, sink));
            assertEquals(10_000, recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_OUT, sink));
            assertTrue(recorder.sum(MetricScope.TASK, StandardMetric.BYTES_OUT, sink) >= 10_000 * 2 * Long.BYTES);
            List<String> names = recorder.ofJob("job-1");
            assertFalse(names.isEmpty());
            // gone from the registry when the job ended, and the listener heard each removal
            for (String name : names) {
                assertFalse(name, registry.getNames().contains(name));
                assertTrue(name, recorder.removed.contains(name));
            }
            // the node gauges of an executor without a node registry stay while it is open
            assertNotNull(registry.getGauges().get("sabot.jobs-running"));
            assertEquals(
                    0L, registry.getGauges().get("sabot.default.jobs-running").getValue());
            assertNotNull(registry.getGauges().get("sabot.memory-used"));
        }
    }

    @Test
    public void aRunningJobCheckpointsAdvancesItsWatermarkAndIsHealthyUntilCancelled() throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        try (StreamingSqlExecutor executor = executor(Map.of("enable_health_checks", true))) {
            Recorder recorder = new Recorder(executor.metricRegistry());
            executor.executeDdl(
                    """
                    CREATE TABLE bid (
                      auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                      dateTime TIMESTAMP(3), extra VARCHAR,
                      WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
                    ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'first-event.rate' = '2000',
                            'max-emit-speed' = 'false');
                    CREATE TABLE sink (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
                    SET 'pipeline.name' = 'bids';
                    SET 'execution.checkpointing.interval' = '100 ms';
                    SET 'state.checkpoints.dir' = '%s';
                    """
                            .formatted(checkpoints));
            QueryResult result = executor.executeStreamingSql("INSERT INTO sink SELECT auction, price FROM bid");
            Counter completed = (Counter) recorder.added.get("sabot.default.bids.checkpoints-completed");
            assertNotNull(recorder.added.keySet().toString(), completed);
            await("two checkpoints", () -> completed.getCount() >= 2);
            // the source's watermark gauge advances while the job runs
            List<Metric> watermarks = recorder.find(
                    MetricScope.TASK, StandardMetric.WATERMARK, op -> op.contains("-source-") && op.endsWith("bid"));
            assertEquals(2, watermarks.size());
            @SuppressWarnings("unchecked")
            Gauge<Long> watermark = (Gauge<Long>) watermarks.get(0);
            await("a first watermark", () -> watermark.getValue() != Long.MIN_VALUE);
            long first = watermark.getValue();
            await("a later watermark", () -> watermark.getValue() > first);

            SortedMap<String, HealthCheck.Result> health =
                    executor.healthChecks().runHealthChecks();
            for (String check : List.of("running", "checkpointing", "watermark", "error-rate")) {
                HealthCheck.Result r = health.get("sabot.default.bids." + check);
                assertNotNull(check + " in " + health.keySet(), r);
                assertTrue(check + ": " + r, r.isHealthy());
            }

            result.close(); // cancels
            result.awaitTermination();
            assertEquals(JobInfo.State.CANCELED, result.status());
            JobInfo info = result.info();
            assertEquals(info.checkpointsCompleted(), completed.getCount());
            Histogram durations = (Histogram) recorder.added.get("sabot.default.bids.checkpoint-duration");
            assertEquals(completed.getCount(), durations.getCount());
            Histogram sizes = (Histogram) recorder.added.get("sabot.default.bids.checkpoint-size");
            assertTrue(sizes.getSnapshot().getMax() > 0);
            @SuppressWarnings("unchecked")
            Gauge<Long> last = (Gauge<Long>) recorder.added.get("sabot.default.bids.last-checkpoint");
            assertEquals(info.lastCheckpoint().orElseThrow().id(), (long) last.getValue());
            // a cancelled job leaves neither metrics nor health checks
            assertTrue(
                    executor.metricRegistry().getNames().stream().noneMatch(n -> n.startsWith("sabot.default.bids.")));
            await("checks removed", () -> executor.healthChecks().getNames().stream()
                    .noneMatch(n -> n.startsWith("sabot.default.bids.")));
        }
    }

    @Test
    public void whileTheNodeHasARegistryServiceNewJobsRecordThereAndWithoutItInTheExecutorsOwn() throws Exception {
        MetricRegistry node = new MetricRegistry();
        Recorder recorder = new Recorder(node);
        String ddl =
                """
                CREATE TABLE src (k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000',
                  'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '500');
                CREATE TABLE sink (k BIGINT) WITH ('connector' = 'blackhole');
                SET 'pipeline.name' = 'copy';
                """;
        io.sabot.runtime.internal.exec.Executors.nodeRegistry(node); // what NodeMetrics does when the service binds
        try (StreamingSqlExecutor executor = executor(Map.of())) {
            assertSame(node, executor.metricRegistry());
            executor.executeDdl(ddl);
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO sink SELECT k FROM src")) {
                result.awaitTermination();
            }
            io.sabot.runtime.internal.exec.Executors.nodeRegistryGone(node);
            assertNotSame(node, executor.metricRegistry());
        } finally {
            io.sabot.runtime.internal.exec.Executors.nodeRegistryGone(node);
        }
        assertEquals(500, recorder.sum(MetricScope.TASK, StandardMetric.RECORDS_IN, op -> op.endsWith("src")));
        assertTrue(node.getNames().toString(), node.getNames().isEmpty());
    }

    @Test
    public void aWatermarkThatStandsStillWhileRowsArriveIsUnhealthy() throws Exception {
        try (StreamingSqlExecutor executor =
                executor(Map.of("enable_health_checks", true, "watermark_idle_timeout_ms", 200))) {
            executor.executeDdl(
                    """
                    CREATE TABLE stuck (id BIGINT, ts AS TIMESTAMP '2024-01-01 00:00:00', WATERMARK FOR ts AS ts)
                    WITH ('connector' = 'datagen', 'rows-per-second' = '1000',
                      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000000');
                    CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                    SET 'pipeline.name' = 'stuck';
                    """);
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO sink SELECT id FROM stuck")) {
                String name = "sabot.default.stuck.watermark";
                await("a first watermark", () -> !executor.healthChecks()
                        .runHealthCheck(name)
                        .getMessage()
                        .equals("no watermark yet"));
                await(
                        "the stuck watermark reported",
                        () -> !executor.healthChecks().runHealthCheck(name).isHealthy());
                HealthCheck.Result stuck = executor.healthChecks().runHealthCheck(name);
                assertTrue(stuck.getMessage(), stuck.getMessage().startsWith("watermark 2024-01-01T00:00:00Z"));
                assertTrue(executor.healthChecks()
                        .runHealthCheck("sabot.default.stuck.running")
                        .isHealthy());
            }
        }
    }

    @Test
    public void aFailedJobIsUnhealthyAndEnableMetricsFalseRegistersNothing() throws Exception {
        Path in = Files.writeString(temp.newFile("bad.csv").toPath(), "1,a\nnot-a-number,b\n3,c\n");
        Path out = temp.newFolder("out").toPath();
        try (StreamingSqlExecutor executor = executor(Map.of("enable_metrics", false, "enable_health_checks", true))) {
            Recorder recorder = new Recorder(executor.metricRegistry());
            executor.executeDdl("CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '"
                    + in + "', 'format' = 'csv');\n"
                    + "CREATE TABLE dst (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '" + out
                    + "', 'format' = 'csv');\n");
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT id, name FROM src")) {
                result.awaitTermination();
                assertEquals(JobInfo.State.FAILED, result.status());
            }
            assertEquals(List.of(), recorder.ofJob("job-1"));
            // the failure stays visible as an unhealthy check; the other checks of the ended job are gone
            await(
                    "the other checks removed",
                    () -> !executor.healthChecks().getNames().contains("sabot.default.job-1.watermark"));
            HealthCheck.Result running = executor.healthChecks().runHealthCheck("sabot.default.job-1.running");
            assertFalse(running.isHealthy());
            assertTrue(running.getMessage(), running.getMessage().contains("not-a-number"));
            assertFalse(executor.healthChecks().getNames().contains("sabot.default.job-1.error-rate"));
        }
    }
}
