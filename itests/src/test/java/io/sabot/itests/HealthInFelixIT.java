package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * In the distribution on Felix and Jetty: the node metric registry service (registered by the metrics-core bundle)
 * receives a running job's metrics, and {@code GET /health} answers 200 with the job's checks while it runs, 503 once a
 * job has failed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthInFelixIT extends SabotTestSupport {

    @Inject
    @Filter("(sabot.health.registry=node)")
    HealthCheckRegistry nodeHealth;

    @Inject
    @Filter("(sabot.metrics.registry=node)")
    MetricRegistry node;

    /** GET /health as a probe does: with a monitor token (anonymous requests get 401, see LoginSecurityIT). */
    private HttpResponse<String> health() throws Exception {
        return MetricsExporting.get(bundleContext, "/health");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    public void healthAnswers200WhileAJobRunsAnd503AfterOneFailed() throws Exception {
        awaitRegistry(
                s -> s.active(io.sabot.runtime.PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(io.sabot.runtime.PluginKind.CONNECTOR, "filesystem")
                                .isPresent(),
                10_000);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .options(Map.of("enable_health_checks", true))
                .build()) {
            assertSame(node, executor.metricRegistry());
            assertSame(nodeHealth, executor.healthChecks());
            executor.executeDdl(
                    """
                    CREATE TABLE slow (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '100',
                      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000000');
                    CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                    SET 'pipeline.name' = 'slow';
                    """);
            try (QueryResult running = executor.executeStreamingSql("INSERT INTO sink SELECT id FROM slow")) {
                await("rows in the node registry", () -> node.getMeters().entrySet().stream()
                        .anyMatch(e -> e.getKey().startsWith("sabot.default.slow.")
                                && e.getKey().endsWith(".records-in")
                                && e.getValue().getCount() > 0));
                HttpResponse<String> ok = health();
                assertEquals(ok.body(), 200, ok.statusCode());
                assertTrue(ok.body(), ok.body().contains("\"sabot.default.slow.running\""));
                assertTrue(ok.body(), ok.body().contains("\"healthy\" : true"));

                Path dir = Files.createTempDirectory("health-it");
                Path bad = Files.writeString(dir.resolve("bad.csv"), "1\nnot-a-number\n");
                executor.executeDdl("CREATE TABLE bad (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + bad
                        + "', 'format' = 'csv');\n"
                        + "CREATE TABLE out2 (id BIGINT) WITH ('connector' = 'blackhole');\n"
                        + "SET 'pipeline.name' = 'broken';\n");
                try (QueryResult failing = executor.executeStreamingSql("INSERT INTO out2 SELECT id FROM bad")) {
                    failing.awaitTermination();
                    assertEquals(JobInfo.State.FAILED, failing.status());
                }
                HttpResponse<String> unhealthy = health();
                assertEquals(unhealthy.body(), 503, unhealthy.statusCode());
                assertTrue(unhealthy.body(), unhealthy.body().contains("\"sabot.default.broken.running\""));
                assertTrue(unhealthy.body(), unhealthy.body().contains("not-a-number"));
            }
        }
        // the executor closed: its jobs' checks are gone, and so is every job metric
        HttpResponse<String> after = health();
        assertEquals(after.body(), 200, after.statusCode());
        assertFalse(
                node.getNames().toString(),
                node.getNames().stream().anyMatch(n -> n.startsWith("sabot.default.") && n.split("\\.").length > 3));
    }
}
