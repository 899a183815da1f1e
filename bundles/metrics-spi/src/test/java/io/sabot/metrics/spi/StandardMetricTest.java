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
