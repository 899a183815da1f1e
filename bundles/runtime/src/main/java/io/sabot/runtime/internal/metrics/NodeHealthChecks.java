package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.runtime.internal.exec.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's health checks: every executor of the container registers its jobs' checks here (with {@code
 * enable_health_checks}), and the {@code /health} servlet and {@code bin/sabot health} run them. A service with
 * {@code sabot.health.registry=node}.
 */
@Component(service = HealthCheckRegistry.class, property = "sabot.health.registry=node", immediate = true)
public final class NodeHealthChecks extends HealthCheckRegistry {

    /** The service property (and value) of the node's health check registry. */
    public static final String TARGET = "(sabot.health.registry=node)";

    @Activate
    void activate() {
        Executors.nodeHealth(this);
    }

    @Deactivate
    void deactivate() {
        Executors.nodeHealthGone(this);
        shutdown();
    }
}
