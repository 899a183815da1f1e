/**
 * The node's metrics: the Dropwizard {@link com.codahale.metrics.MetricRegistry} every bundle records into, and the
 * status of the configured metrics exporters.
 *
 * <p>The {@code sabot-metrics-core} bundle registers one registry per node as an OSGi service with the property
 * {@value io.sabot.metrics.core.NodeMetrics#REGISTRY_PROPERTY}={@value io.sabot.metrics.core.NodeMetrics#NODE}; look
 * it up with the filter {@link io.sabot.metrics.core.NodeMetrics#NODE_REGISTRY_FILTER}. It lives as long as that
 * bundle: a component that records metrics references it (statically, or dynamically and re-registers its metrics on
 * a new one).
 *
 * <p>Each exporter is a Config Admin factory configuration of {@value
 * io.sabot.metrics.core.NodeMetrics#EXPORTER_FACTORY_PID}: {@code type} (the {@link
 * io.sabot.metrics.spi.MetricsExporterFactory}'s identifier), {@code name}, {@code include} and {@code exclude}
 * patterns, {@code tenant}, and the exporter's own options. The bundle starts an exporter when both its configuration
 * and its factory are there and stops it when either goes; {@link io.sabot.metrics.core.MetricsExporterStatus} tells
 * how each configured exporter fares, with the reason when it does not run.
 */
@Version("1.0.0")
package io.sabot.metrics.core;

import org.osgi.annotation.versioning.Version;
