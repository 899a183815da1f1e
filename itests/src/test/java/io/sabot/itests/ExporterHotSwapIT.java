package io.sabot.itests;

import static io.sabot.itests.MetricsExporting.awaitExporter;
import static io.sabot.itests.MetricsExporting.awaitStatusCode;
import static io.sabot.itests.MetricsExporting.configure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sabot.engine.ConnectorResolver;
import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.MetricsExporterStatus;
import io.sabot.metrics.spi.MetricName;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 6's hot-swap guarantee for exporters: installing the prometheus exporter bundle while a job runs starts the
 * configured exporter (its endpoint answers mid-job), uninstalling it stops the exporter, and the job's results equal
 * those of the same job run without that churn.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExporterHotSwapIT extends SabotTestSupport {

    private static final String DDL = "CREATE TABLE events (\n"
            + "  id BIGINT,\n"
            + "  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'rows-per-second' = '100',\n"
            + "  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '599')";
    private static final String QUERY = "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) AS w, COUNT(*) AS n, SUM(id) AS s"
            + " FROM events GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)";

    @Inject
    @Filter("(sabot.resolver=registry)")
    ConnectorResolver containerResolver;

    @Inject
    @Filter("(sabot.metrics.registry=node)")
    MetricRegistry metrics;

    @Inject
    MetricsExporterStatus status;

    @Inject
    ConfigurationAdmin configurationAdmin;

    /** The container starts without the prometheus exporter: the test installs it mid-job. */
    @Override
    protected boolean includeBundle(String fileName) {
        return !fileName.startsWith("sabot-metrics-prometheus");
    }

    @Test
    public void installingAndUninstallingAnExporterDuringAJobLeavesItsResultsUnchanged() throws Exception {
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        Map<Long, String> reference = run(false);
        assertEquals(reference.toString(), 10, reference.size());

        Map<Long, String> churned = run(true);
        assertEquals(reference, churned);
    }

    /** Runs the query at parallelism 1 (about six seconds at 100 rows/s); with churn, installs and removes the exporter. */
    private Map<Long, String> run(boolean churn) throws Exception {
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().parallelism(1).build()) {
            executor.executeDdl(DDL);
            try (QueryResult result = executor.executeStreamingSql(QUERY)) {
                CompletableFuture<Map<Long, String>> rows = CompletableFuture.supplyAsync(() -> collect(result));
                if (churn) {
                    churn(result);
                }
                Map<Long, String> windows = rows.get(60, TimeUnit.SECONDS);
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                return windows;
            }
        }
    }

    private void churn(QueryResult job) throws Exception {
        String probe = MetricName.job("it", "hot-swap", "restarts").toString();
        metrics.counter(probe).inc(3);
        Configuration configuration =
                configure(configurationAdmin, "hot", "type", "prometheus", "path", "/hot-metrics");
        try {
            awaitExporter(status, "hot", s -> s.map(e -> e.state() == ExporterState.State.WAITING)
                    .orElse(false));
            Bundle bundle;
            try (InputStream in = Files.newInputStream(Paths.get(System.getProperty("sabot.metrics.prometheus.jar")))) {
                bundle = bundleContext.installBundle("test:metrics-prometheus", in);
            }
            bundle.start();
            awaitExporter(status, "hot", s -> s.map(e -> e.state() == ExporterState.State.RUNNING)
                    .orElse(false));
            String body = awaitStatusCode(bundleContext, "/hot-metrics", 200).body();
            assertTrue(body, body.contains("sabot_restarts_total{tenant=\"it\",job=\"hot-swap\""));

            bundle.uninstall();
            awaitExporter(status, "hot", s -> s.map(e -> e.state() == ExporterState.State.WAITING)
                    .orElse(false));
            awaitStatusCode(bundleContext, "/hot-metrics", 404);
            // the churn happened while the job ran, or the comparison proves nothing
            assertEquals("the job ended before the exporter was removed", JobInfo.State.RUNNING, job.status());
        } finally {
            configuration.delete();
            metrics.remove(probe);
        }
    }

    private static Map<Long, String> collect(QueryResult result) {
        Map<Long, String> windows = new TreeMap<>();
        for (VectorSchemaRoot batch : result) {
            TimeStampMilliVector w = (TimeStampMilliVector) batch.getVector("w");
            BigIntVector n = (BigIntVector) batch.getVector("n");
            BigIntVector s = (BigIntVector) batch.getVector("s");
            for (int i = 0; i < batch.getRowCount(); i++) {
                windows.put(w.get(i), n.get(i) + "/" + s.get(i));
            }
        }
        return windows;
    }
}
