package io.sabot.metrics.jmx.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.testing.ExporterTestContext;
import io.sabot.plugin.OptionValidationException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;

/** The jmx exporter's MBeans, read back through the platform MBean server, hold the registry's values. */
public class JmxExporterTest {

    private final JmxExporterFactory factory = new JmxExporterFactory();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    public void metricsAreMBeansInTheConfiguredDomainUntilStopped() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        String recordsIn =
                MetricName.task("acme", "orders", "source-1", 0, "records-in").toString();
        String memory = MetricName.node("memory-used").toString();
        registry.meter(recordsIn).mark(99);
        registry.gauge(memory, () -> (Gauge<Long>) () -> 65536L);
        registry.counter("other.counter").inc();

        MetricsExporter exporter = factory.createMetricsExporter(
                ExporterTestContext.of(factory, "mbeans", "n1", Map.of("domain", "sabot.test")));
        exporter.start(registry, (name, metric) -> name.startsWith("sabot."));
        ObjectName meter = new ObjectName("sabot.test:type=meters,name=" + recordsIn);
        ObjectName gauge = new ObjectName("sabot.test:type=gauges,name=" + memory);
        try {
            assertEquals(99L, server.getAttribute(meter, "Count"));
            assertEquals(65536L, server.getAttribute(gauge, "Value"));
            // a metric registered after the start appears too (a job that starts later)
            String late = MetricName.job("acme", "orders", "restarts").toString();
            registry.counter(late).inc(2);
            assertEquals(2L, server.getAttribute(new ObjectName("sabot.test:type=counters,name=" + late), "Count"));
            assertTrue(server.queryNames(new ObjectName("sabot.test:name=other.counter,*"), null)
                    .isEmpty());
        } finally {
            exporter.stop();
        }
        assertFalse(server.isRegistered(meter));
        assertTrue(server.queryNames(new ObjectName("sabot.test:*"), null).isEmpty());
    }

    @Test
    public void anInvalidDomainIsRefusedNamingTheOption() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> ExporterTestContext.of(factory, "mbeans", "n1", Map.of("domain", "bad:domain")));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'domain'"));
    }
}
