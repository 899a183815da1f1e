package io.sabot.metrics.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.testing.ExpositionParser;
import io.sabot.metrics.spi.testing.ExpositionParser.Exposition;
import org.junit.Test;

/**
 * What one scrape shows depends on who asks: a tenant's principal (the request's tenant attribute) sees its own
 * tenant's metrics and nothing else, not even the node's; the administrator sees everything the exporter exports.
 */
public class ScrapeVisibilityTest {

    @Test
    public void aTenantSeesOnlyItsOwnMetricsAndTheAdministratorAll() {
        MetricRegistry registry = new MetricRegistry();
        registry.meter(MetricName.task("acme", "orders", "s1-0-map", 0, "records-in")
                        .toString())
                .mark(11);
        registry.meter(MetricName.task("beta", "billing", "s1-0-map", 0, "records-in")
                        .toString())
                .mark(22);
        // a tenant id that is a prefix of another must not see the other's metrics
        registry.meter(MetricName.task("acme2", "other", "s1-0-map", 0, "records-in")
                        .toString())
                .mark(33);
        registry.counter("jvm.threads.count").inc(5);
        PrometheusExporterFactory.ScrapeServlet servlet =
                new PrometheusExporterFactory.ScrapeServlet(registry, MetricFilter.ALL, "n1");

        Exposition acme = scrape(registry, servlet.visibleTo("acme"));
        assertEquals(1, acme.samples().size());
        assertEquals(
                11,
                acme.value("sabot_records_in_total{job=\"orders\",node=\"n1\",operator=\"s1-0-map\",subtask=\"0\","
                        + "tenant=\"acme\"}"),
                0);

        Exposition admin = scrape(registry, servlet.visibleTo(null));
        assertEquals(4, admin.samples().size());
        assertTrue(
                admin.samples().keySet().toString(),
                admin.samples().keySet().stream().anyMatch(s -> s.contains("tenant=\"beta\"")));
        assertTrue(admin.samples().keySet().stream().anyMatch(s -> s.startsWith("sabot_jvm_threads_count")));
    }

    @Test
    public void theExportersOwnFilterStillApplies() {
        MetricRegistry registry = new MetricRegistry();
        registry.meter(MetricName.task("acme", "orders", "s1-0-map", 0, "records-in")
                        .toString())
                .mark(1);
        registry.meter(MetricName.task("acme", "orders", "s1-0-map", 0, "records-out")
                        .toString())
                .mark(1);
        PrometheusExporterFactory.ScrapeServlet servlet = new PrometheusExporterFactory.ScrapeServlet(
                registry, (name, metric) -> name.endsWith("records-in"), "n1");
        Exposition acme = scrape(registry, servlet.visibleTo("acme"));
        assertEquals(1, acme.samples().size());
        assertFalse(acme.samples().keySet().toString().contains("records_out"));
    }

    private static Exposition scrape(MetricRegistry registry, MetricFilter filter) {
        return ExpositionParser.parse(PrometheusExposition.write(registry, filter, "n1"));
    }
}
