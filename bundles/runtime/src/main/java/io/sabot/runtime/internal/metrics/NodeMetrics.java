package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.MetricRegistry;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.internal.exec.Executors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Follows the node's metric registry (a {@link MetricRegistry} service with {@code sabot.metrics.registry=node},
 * registered by the metrics-core bundle): while there is one, executors record their jobs' metrics there and the
 * node gauges live in it; without one each executor keeps a registry of its own. Dynamic and greedy: a replaced
 * registry serves the next jobs, without restarting anything.
 */
@Component(immediate = true)
public final class NodeMetrics {

    /** The service property (and value) of the node's registry. */
    public static final String TARGET = "(sabot.metrics.registry=node)";

    private final PluginRegistry plugins;
    private final Map<MetricRegistry, NodeGauges> gauges = new ConcurrentHashMap<>();

    @Activate
    public NodeMetrics(@Reference PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @Reference(
            service = MetricRegistry.class,
            target = TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(MetricRegistry registry) {
        gauges.put(
                registry,
                new NodeGauges(
                        registry,
                        Executors::jobsRunning,
                        Executors::memoryUsed,
                        Executors::memoryLimit,
                        () -> plugins.snapshot().failures().size()));
        Executors.nodeRegistry(registry);
    }

    void unbindRegistry(MetricRegistry registry) {
        Executors.nodeRegistryGone(registry);
        NodeGauges mine = gauges.remove(registry);
        if (mine != null) {
            mine.remove();
        }
    }

    @Deactivate
    void deactivate() {
        gauges.keySet().forEach(this::unbindRegistry);
    }
}
