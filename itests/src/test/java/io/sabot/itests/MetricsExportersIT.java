package io.sabot.itests;

import static io.sabot.itests.MetricsExporting.awaitExporter;
import static io.sabot.itests.MetricsExporting.awaitStatusCode;
import static io.sabot.itests.MetricsExporting.configure;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.MetricsExporterStatus;
import io.sabot.metrics.spi.MetricName;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Exporters configured through the real Config Admin in the distribution's container: a prometheus exporter serves
 * the node registry over real HTTP while its configuration exists, and a bad configuration is reported with the key
 * at fault in the status service and the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsExportersIT extends SabotTestSupport {

    @Inject
    @Filter("(sabot.metrics.registry=node)")
    MetricRegistry metrics;

    @Inject
    MetricsExporterStatus status;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    CommandProcessor commandProcessor;

    @Test
    public void prometheusServesTheNodeRegistryWhileConfigured() throws Exception {
        String recordsIn =
                MetricName.task("it", "job1", "source-1", 0, "records-in").toString();
        // tenant "it": the runtime registers the node's and tenant "default"'s memory-used gauges itself
        String memory = MetricName.tenant("it", "memory-used").toString();
        metrics.meter(recordsIn).mark(17);
        metrics.gauge(memory, () -> (Gauge<Long>) () -> 1_048_576L);
        try {
            Configuration configuration =
                    configure(configurationAdmin, "it-prom", "type", "prometheus", "path", "/it-metrics");
            awaitExporter(status, "it-prom", s -> s.map(e -> e.state() == ExporterState.State.RUNNING)
                    .orElse(false));

            HttpResponse<String> scrape = awaitStatusCode(bundleContext, "/it-metrics", 200);
            String contentType = scrape.headers().firstValue("Content-Type").orElse("");
            assertTrue(contentType, contentType.startsWith("text/plain; version=0.0.4"));
            String body = scrape.body();
            assertTrue(body, body.contains("# TYPE sabot_records_in_total counter\n"));
            assertTrue(
                    body,
                    body.matches("(?s).*\nsabot_records_in_total\\{tenant=\"it\",job=\"job1\",operator=\"source-1\","
                            + "subtask=\"0\",node=\"[^\"]+\"\\} 17\n.*"));
            assertTrue(
                    body,
                    body.matches("(?s).*\nsabot_memory_used_bytes\\{tenant=\"it\",node=\"[^\"]+\"\\} 1048576\n.*"));

            // deleting the configuration stops the exporter: the path is no longer served
            configuration.delete();
            awaitExporter(status, "it-prom", Optional::isEmpty);
            awaitStatusCode(bundleContext, "/it-metrics", 404);
        } finally {
            metrics.remove(recordsIn);
            metrics.remove(memory);
        }
    }

    @Test
    public void badOptionsAreReportedWithTheirKeys() throws Exception {
        Configuration configuration =
                configure(configurationAdmin, "it-bad", "type", "prometheus", "path", "no-slash", "colour", "blue");
        try {
            ExporterState failed = awaitExporter(
                            status, "it-bad", s -> s.map(e -> e.state() == ExporterState.State.FAILED)
                                    .orElse(false))
                    .orElseThrow();
            assertTrue(failed.reason(), failed.reason().contains("option 'path'"));
            assertTrue(failed.reason(), failed.reason().contains("unknown option 'colour'"));
            String shell = shell(commandProcessor, "sabot:exporters");
            assertTrue(shell, shell.contains("it-bad") && shell.contains("FAILED") && shell.contains("option 'path'"));
        } finally {
            configuration.delete();
        }
    }
}
