package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Backpressure and the job's Arrow memory with a real slow sink: the filesystem sink ({@code flaky-filesystem}, no
 * failures) blocks its first write until the test lets it go. Behind it the window aggregation stops reading, the
 * nexmark source's channel fills and the source subtask's {@code backpressured-time} grows above 0, while the job's
 * {@code memory-used} gauge shows the Arrow buffers it holds (> 0). After the job ends its gauge is removed and reads 0:
 * every buffer was released.
 */
public class BackpressureAndMemoryMetricsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aBlockedSinkBackpressuresTheSourceAndTheJobHoldsArrowMemory() throws Exception {
        Path output = temp.newFolder("out").toPath();
        CountDownLatch release = new CountDownLatch(1);
        FlakySinkFactory.Script script = FlakySinkFactory.script("slow", new FlakySinkFactory.Script(a -> false, true));
        script.beforeAttempt = attempt -> {
            if (attempt == 1) {
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Map<String, Counter> counters = new ConcurrentHashMap<>();
        Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new FlakySinkFactory()))
                .build()) {
            MetricRegistry registry = executor.metricRegistry();
            registry.addListener(new MetricRegistryListener.Base() {
                @Override
                public void onCounterAdded(String name, Counter counter) {
                    counters.put(name, counter);
                }

                @Override
                public void onGaugeAdded(String name, Gauge<?> gauge) {
                    gauges.put(name, gauge);
                }
            });
            executor.executeDdl(
                    """
                    CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                      dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)
                    WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '1000000',
                          'first-event.rate' = '200000', 'base-time' = '2024-01-01 00:00:00');
                    SET 'pipeline.name' = 'slow';
                    """
                            + "CREATE TABLE counts (auction BIGINT, bids BIGINT) WITH ('connector' = '"
                            + FlakySinkFactory.IDENTIFIER + "', 'path' = '" + output
                            + "', 'format' = 'json', 'script' = 'slow');");
            String memoryName = MetricName.job("default", "slow", StandardMetric.MEMORY_USED.metricName())
                    .toString();
            try (QueryResult result = executor.executeStreamingSql(
                    "INSERT INTO counts SELECT auction, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime),"
                            + " INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end")) {
                // wait until the sink is held, the job holds memory, and the source has stalled short of its end
                // (rows read stop growing for half a second): it is blocked on its full channel
                long memory = 0;
                long rowsIn = -1;
                int stalled = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && (memory == 0 || stalled < 5 || script.attempts.get() == 0)) {
                    JobInfo info = result.info();
                    assertEquals(info.failure().orElse(""), JobInfo.State.RUNNING, info.state());
                    Gauge<?> gauge = registry.getGauges().get(memoryName);
                    memory = gauge == null ? 0 : (Long) gauge.getValue();
                    stalled = info.rowsIn() == rowsIn ? stalled + 1 : 0;
                    rowsIn = info.rowsIn();
                    Thread.sleep(100);
                }
                assertEquals("the sink is still held at its first write", 1, script.attempts.get());
                assertTrue("the source stalled", stalled >= 5);
                assertTrue("the job holds Arrow memory: " + gauges.keySet(), memory > 0);
                release.countDown();
                result.awaitTermination();
                JobInfo info = result.info();
                assertEquals(info.failure().orElse(""), JobInfo.State.FINISHED, info.state());
                assertTrue("the source had stalled before its end", rowsIn < info.rowsIn());
                // blocked time is counted when the send that waited returns: after the release
                assertTrue("the source was backpressured: " + counters.keySet(), backpressure(counters) > 0);
                assertTrue(script.attempts.get() > 1);
                assertFalse(
                        "the job's gauge is removed when it ends",
                        registry.getNames().contains(memoryName));
                Gauge<?> memoryGauge = gauges.get(memoryName);
                assertNotNull(memoryGauge);
                assertEquals("every buffer of the job was released", 0L, memoryGauge.getValue());
            } finally {
                release.countDown();
            }
        }
    }

    /**
     * The backpressured milliseconds of the job's subtasks (registered on the last operator of each chain: here the
     * source subtask's, the only one with a channel downstream).
     */
    private static long backpressure(Map<String, Counter> counters) {
        long sum = 0;
        for (Map.Entry<String, Counter> counter : counters.entrySet()) {
            boolean backpressure = MetricName.tryParse(counter.getKey())
                    .filter(n -> n.metric().equals(StandardMetric.BACKPRESSURED_TIME.metricName()))
                    .isPresent();
            if (backpressure) {
                sum += counter.getValue().getCount();
            }
        }
        return sum;
    }
}
