package io.sabot.metrics.spi;

import io.sabot.plugin.ValidatedOptions;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a {@link MetricsExporterFactory} about the exporter it creates. Provided by the runtime;
 * immutable; valid for the exporter's lifetime; thread-safe.
 */
@ProviderType
public interface MetricsExporterContext {

    /**
     * The configured exporter's name, unique on the node (several exporters of one kind can run, e.g. two Prometheus
     * endpoints): for thread names, JMX domains, file names and messages.
     */
    String name();

    /** The identifier of the node (container) whose registry is exported, to add as a label or prefix. */
    String nodeId();

    /**
     * The tenant whose metrics this exporter publishes, if it is tenant-scoped; empty for a node-wide exporter. The
     * filter given to {@link MetricsExporter#start} already restricts the metrics accordingly.
     */
    Optional<String> tenantId();

    /** The exporter's options, already validated against {@link MetricsExporterFactory#options()}. */
    ValidatedOptions options();

    /**
     * The factory for every thread the exporter starts: daemon threads named {@code sabot-metrics-<name>-<n>}, with an
     * uncaught-exception handler that logs and reports the exporter as failed. Using it keeps exporter threads
     * recognisable in thread dumps and accounted to the exporter.
     */
    ThreadFactory threadFactory();
}
