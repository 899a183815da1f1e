package io.sabot.metrics.spi;

import io.sabot.plugin.PluginFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates {@link MetricsExporter}s of one kind ({@code jmx}, {@code prometheus}, {@code slf4j}, {@code csv}).
 * Register it as an OSGi service with {@value MetricsExporters#EXPORTER_PROPERTY} set to {@link #identifier()}.
 *
 * <p>Each configured exporter is a factory configuration naming the identifier and holding the exporter's options
 * (a port, a reporting interval, a directory); the runtime validates them against {@link #options()}, reporting every
 * problem at once, creates one exporter per configuration and starts it. A changed configuration stops the old
 * exporter and starts a new one; exporters never see a configuration change while running.
 *
 * <p><b>Threading.</b> Stateless and thread-safe. {@link #createMetricsExporter} only constructs: it opens nothing
 * and starts no thread, which is {@link MetricsExporter#start}'s job.
 */
@ConsumerType
public interface MetricsExporterFactory extends PluginFactory {

    /**
     * Creates one exporter, not yet started.
     *
     * @param context the configured exporter's name, node, tenant scope, validated options and thread factory
     * @return a new exporter, owned by the runtime; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but do not work together
     */
    MetricsExporter createMetricsExporter(MetricsExporterContext context);
}
