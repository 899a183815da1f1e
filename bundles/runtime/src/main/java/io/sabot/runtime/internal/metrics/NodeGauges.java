package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.sabot.engine.MetricsConfig;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The node and tenant gauges ({@code jobs-running}, {@code memory-used}, {@code memory-limit}, {@code
 * plugins-failed}), read when an exporter asks. Registered once per registry; {@link #remove} takes away exactly these.
 */
public final class NodeGauges {

    private final Map<String, Metric> registered = new LinkedHashMap<>();
    private final MetricRegistry registry;

    /**
     * @param pluginsFailed the plug-ins that failed to bind, or null where there is no plug-in registry
     */
    public NodeGauges(
            MetricRegistry registry,
            LongSupplier jobsRunning,
            LongSupplier memoryUsed,
            LongSupplier memoryLimit,
            LongSupplier pluginsFailed) {
        this.registry = registry;
        String tenant = MetricsConfig.DEFAULT_TENANT;
        for (MetricName name : new MetricName[] {
            MetricName.node(StandardMetric.JOBS_RUNNING.metricName()),
            MetricName.tenant(tenant, StandardMetric.JOBS_RUNNING.metricName())
        }) {
            add(name, jobsRunning);
        }
        // one tenant until tenants exist: the tenant's figures are the node's
        add(MetricName.node(StandardMetric.MEMORY_USED.metricName()), memoryUsed);
        add(MetricName.tenant(tenant, StandardMetric.MEMORY_USED.metricName()), memoryUsed);
        add(MetricName.node(StandardMetric.MEMORY_LIMIT.metricName()), memoryLimit);
        add(MetricName.tenant(tenant, StandardMetric.MEMORY_LIMIT.metricName()), memoryLimit);
        if (pluginsFailed != null) {
            add(MetricName.node(StandardMetric.PLUGINS_FAILED.metricName()), pluginsFailed);
        }
    }

    private void add(MetricName name, LongSupplier value) {
        Gauge<Long> gauge = value::getAsLong;
        String key = name.toString();
        registry.remove(key);
        registry.register(key, gauge);
        registered.put(key, gauge);
    }

    /** Removes these gauges (not others registered under the same names since). */
    public void remove() {
        registry.removeMatching((name, metric) -> registered.get(name) == metric);
    }
}
