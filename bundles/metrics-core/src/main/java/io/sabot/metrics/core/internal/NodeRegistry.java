package io.sabot.metrics.core.internal;

import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.core.NodeMetrics;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the node's {@link MetricRegistry} with {@value NodeMetrics#REGISTRY_PROPERTY}={@value NodeMetrics#NODE}.
 * Registered by hand because DS can only publish the component object itself, and {@code MetricRegistry} is a class.
 */
@Component(
        service = {},
        immediate = true)
public final class NodeRegistry {

    private final ServiceRegistration<MetricRegistry> registration;

    @Activate
    public NodeRegistry(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(NodeMetrics.REGISTRY_PROPERTY, NodeMetrics.NODE);
        properties.put("service.description", "The node's metrics (Sabot)");
        registration = context.registerService(MetricRegistry.class, new MetricRegistry(), properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
