/**
 * Metrics-exporter SPI: how Sabot's metrics leave the container (JMX, Prometheus, logs, CSV files), and the names
 * they have.
 *
 * <p>The runtime records every metric in one Dropwizard {@link com.codahale.metrics.MetricRegistry}. An exporter
 * bundle registers a {@link io.sabot.metrics.spi.MetricsExporterFactory} as an OSGi service with the service property
 * {@value io.sabot.metrics.spi.MetricsExporters#EXPORTER_PROPERTY} set to its identifier; for every configured
 * exporter (a factory configuration naming the identifier, with its options) the runtime creates a {@link
 * io.sabot.metrics.spi.MetricsExporter} and {@linkplain io.sabot.metrics.spi.MetricsExporter#start starts} it with the
 * registry and a filter. Exporters come and go with their bundles and configurations while jobs run.
 *
 * <h2>Isolation: exporters never touch the data path</h2>
 * <ul>
 *   <li>Task threads only update metrics (lock-free counters, meters and histograms); they never call an exporter.
 *   <li>Exporters read the registry on threads of their own (made with {@link
 *       io.sabot.metrics.spi.MetricsExporterContext#threadFactory()}), on their own schedule or when scraped.
 *   <li>The runtime calls {@code start} and {@code stop} from a management thread, catches everything they throw, and
 *       reports a failed exporter in the console with its reason; no job is affected. An exporter whose target is down
 *       drops reports rather than buffering without bound.
 * </ul>
 *
 * <h2>Naming</h2>
 * Every Sabot metric is named by {@link io.sabot.metrics.spi.MetricName}: dot-separated segments starting with {@code
 * sabot}, whose count says the scope, so a name parses back into its parts without a registry of names:
 *
 * <table>
 *   <caption>Metric name scopes</caption>
 *   <tr><th>scope</th><th>name</th><th>example</th></tr>
 *   <tr><td>{@code NODE}</td><td>{@code sabot.<metric>}</td><td>{@code sabot.jobs-running}</td></tr>
 *   <tr><td>{@code TENANT}</td><td>{@code sabot.<tenant>.<metric>}</td><td>{@code sabot.acme.memory-used}</td></tr>
 *   <tr><td>{@code JOB}</td><td>{@code sabot.<tenant>.<job>.<metric>}</td>
 *       <td>{@code sabot.acme.orders-per-hour.checkpoint-duration}</td></tr>
 *   <tr><td>{@code TABLE} (since 1.3)</td><td>{@code sabot.<tenant>.<job>.<table>.<metric>}</td>
 *       <td>{@code sabot.acme.orders-per-hour.default_orders.records-skipped}</td></tr>
 *   <tr><td>{@code TASK}</td><td>{@code sabot.<tenant>.<job>.<operator>.<subtask>.<metric>}</td>
 *       <td>{@code sabot.acme.orders-per-hour.window-agg-3.0.records-in}</td></tr>
 *   <tr><td>{@code SPLIT}</td><td>{@code sabot.<tenant>.<job>.<operator>.<subtask>.<split>.<metric>}</td>
 *       <td>{@code sabot.acme.orders-per-hour.source-1.0.orders-3.lag}</td></tr>
 * </table>
 *
 * <p>Identifier segments (tenant, job, table, operator, split) are {@linkplain io.sabot.metrics.spi.MetricName#segment
 * sanitised}: characters other than {@code [A-Za-z0-9_-]}, dots included, become {@code _}. The subtask is its
 * index. Metric segments are lower-case words joined by {@code -}. The node is not part of the name: each node exports
 * its own registry, and exporters add {@link io.sabot.metrics.spi.MetricsExporterContext#nodeId()} as a label or
 * prefix. Label-based exporters (Prometheus) turn the identifier segments into labels with {@link
 * io.sabot.metrics.spi.MetricName#labels()} and the metric segment into the metric name ({@code
 * sabot_records_in_total{tenant="acme",job="orders-per-hour",operator="window-agg-3",subtask="0"}}).
 *
 * <h2>Standard metrics</h2>
 * {@link io.sabot.metrics.spi.StandardMetric} lists the metrics the runtime maintains, with their Dropwizard type,
 * unit, scopes and meaning: records and bytes in and out, batch sizes, latency and processing-time histograms,
 * watermarks and their lag, source lag, backpressure, late, skipped and dead-lettered records, errors, state size,
 * checkpoints, restarts, memory and plug-in health. Since 1.1: {@code checkpoint-alignment-time}. Since 1.2: {@code
 * retries}, {@code circuit-breaker-state} and {@code circuit-breaker-transitions}. Since 1.4: the lookup join's
 * {@code lookups}, {@code lookup-cache-hits}, {@code lookup-cache-misses}, {@code lookup-latency}, {@code
 * lookup-cache-loads} and {@code lookup-cache-load-failures}; {@code watermark} and {@code watermark-lag} at {@code
 * JOB} scope, {@code event-time-latency}, {@code state-entries} (and {@code state-size} and {@code restarts} are
 * recorded). Since 1.5: labelled metrics ({@link io.sabot.metrics.spi.StandardMetric#label()}), the first being
 * {@code errors-by-type} (label {@code type}); {@code errors} is a {@code JOB} metric only (it was never recorded per
 * task); {@code memory-used} at {@code JOB} scope. Connectors and operators may add their own metrics at {@code
 * TASK} or {@code SPLIT} scope, named the same way.
 *
 * <h2>Tenants and secrets</h2>
 * An exporter configured for a tenant receives a filter that passes only that tenant's metrics ({@link
 * io.sabot.metrics.spi.MetricName#tenantFilter}). Metric names and values never contain secrets; exporters must not
 * add labels or tags from secret options.
 */
@Version("1.5.0")
package io.sabot.metrics.spi;

import org.osgi.annotation.versioning.Version;
