package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The {@code error-rate} health check turns unhealthy when more than 1 % of the records read failed: a running job
 * (its filesystem source monitors the directory) skips 3 of 100 lines; the check says so with the counts. A second
 * file of good lines brings the rate under 1 % and the check back to healthy.
 */
public class ErrorRateHealthTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void moreThanOnePercentFailedRecordsIsUnhealthy() throws Exception {
        Path input = temp.newFolder("orders").toPath();
        List<String> lines = new ArrayList<>();
        for (int id = 0; id < 100; id++) {
            lines.add(id % 33 == 5 ? "{\"id\": " + id + ", \"qty\": }" : "{\"id\":" + id + ",\"qty\":1}");
        }
        long bad = lines.stream().filter(l -> l.contains(": }")).count();
        Files.write(input.resolve("orders-0.json"), lines);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .options(Map.of("enable_health_checks", true))
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new BlackholeSinkFactory(),
                        new SkipHandlerFactory()))
                .build()) {
            executor.executeDdl("CREATE TABLE orders (id BIGINT, qty INT) WITH ('connector' = 'filesystem', 'path' = '"
                    + input + "', 'format' = 'json', 'source.monitor-interval' = '100 ms');"
                    + " CREATE TABLE sunk (id BIGINT, qty INT) WITH ('connector' = 'blackhole');"
                    + " SET 'error.handler' = 'skip'; SET 'pipeline.name' = 'noisy';");
            String check = "sabot.default.noisy.error-rate";
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO sunk SELECT id, qty FROM orders")) {
                awaitRowsIn(result, 100 - bad);
                HealthCheck.Result unhealthy = executor.healthChecks().runHealthCheck(check);
                assertFalse(unhealthy.getMessage(), unhealthy.isHealthy());
                assertEquals(bad + " errors for 100 rows read (at most 1.0 % healthy)", unhealthy.getMessage());

                // 300 more good rows: 3 of 400 is under 1 %
                List<String> good = new ArrayList<>();
                for (int id = 100; id < 400; id++) {
                    good.add("{\"id\":" + id + ",\"qty\":1}");
                }
                Path file = input.resolve(".orders-1.json.tmp");
                Files.write(file, good);
                Files.move(file, input.resolve("orders-1.json"));
                awaitRowsIn(result, 400 - bad);
                HealthCheck.Result healthy = executor.healthChecks().runHealthCheck(check);
                assertTrue(healthy.getMessage(), healthy.isHealthy());
                assertTrue(healthy.getMessage(), healthy.getMessage().startsWith(bad + " errors for 400 rows read"));
                result.cancel();
            }
        }
    }

    private static void awaitRowsIn(QueryResult result, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (result.info().rowsIn() < rows && System.nanoTime() < deadline) {
            JobInfo info = result.info();
            assertEquals(info.failure().orElse(""), JobInfo.State.RUNNING, info.state());
            Thread.sleep(20);
        }
        assertEquals(rows, result.info().rowsIn());
    }
}
