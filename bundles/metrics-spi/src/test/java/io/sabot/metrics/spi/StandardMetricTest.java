package io.sabot.metrics.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

public class StandardMetricTest {

    @Test
    public void namesAreUniqueValidSegmentsInEveryDeclaredScope() {
        Set<String> names = new HashSet<>();
        for (StandardMetric metric : StandardMetric.values()) {
            assertTrue("duplicate " + metric.metricName(), names.add(metric.metricName()));
            assertFalse(metric.scopes().isEmpty());
            assertFalse(metric.description().isEmpty());
            assertSame(metric, StandardMetric.forMetricName(metric.metricName()));
            for (MetricScope scope : metric.scopes()) {
                MetricName name = sample(scope, metric.metricName());
                assertEquals(scope, MetricName.parse(name.toString()).scope());
            }
        }
    }

    @Test
    public void labelledNamesRoundTripAndCollideWithNoOtherMetric() {
        String connector = StandardMetric.ERRORS_BY_TYPE.metricName("CONNECTOR");
        assertEquals("errors-by-type-connector", connector);
        assertEquals(
                java.util.Map.entry(StandardMetric.ERRORS_BY_TYPE, "RESTART_COMPONENT"),
                StandardMetric.forLabelledName(StandardMetric.ERRORS_BY_TYPE.metricName("RESTART_COMPONENT"))
                        .orElseThrow());
        assertEquals("type", StandardMetric.ERRORS_BY_TYPE.label());
        // a valid metric segment in every scope it is declared for
        assertEquals(
                connector,
                MetricName.parse(sample(MetricScope.JOB, connector).toString()).metric());
        for (StandardMetric metric : StandardMetric.values()) {
            assertFalse(
                    metric.metricName(),
                    StandardMetric.forLabelledName(metric.metricName()).isPresent());
            if (metric.label() == null) {
                org.junit.Assert.assertThrows(IllegalStateException.class, () -> metric.metricName("X"));
            }
        }
        assertFalse(StandardMetric.forLabelledName("errors-by-type-").isPresent());
        assertFalse(StandardMetric.forLabelledName("errors").isPresent());
    }

    @Test
    public void theMetricsOfTheDesignAreThere() {
        for (String name : new String[] {
            "records-in",
            "records-out",
            "bytes-in",
            "bytes-out",
            "latency",
            "watermark",
            "lag",
            "checkpoints-completed",
            "checkpoint-duration"
        }) {
            assertTrue(name, StandardMetric.forMetricName(name) != null);
        }
    }

    private static MetricName sample(MetricScope scope, String metric) {
        switch (scope) {
            case NODE:
                return MetricName.node(metric);
            case TENANT:
                return MetricName.tenant("t", metric);
            case JOB:
                return MetricName.job("t", "j", metric);
            case TABLE:
                return MetricName.table("t", "j", "default.orders", metric);
            case TASK:
                return MetricName.task("t", "j", "o", 0, metric);
            default:
                return MetricName.split("t", "j", "o", 0, "s", metric);
        }
    }
}
