package io.sabot.engine;

import com.codahale.metrics.MetricRegistry;
import java.util.Objects;

/**
 * Where a job records its metrics (see {@link JobOptions#withMetrics}): the Dropwizard registry and the tenant and job
 * segments of the job's names in the scheme of {@code io.sabot.metrics.spi.MetricName}, e.g. {@code
 * sabot.default.hourly.s2-0-windowaggregate.1.records-in}.
 *
 * <p>The job registers its metrics when it starts, updates them from its task threads (lock-free counters, meters,
 * histograms and gauges; once per batch, never per row) and removes every one of them from the registry when it ends,
 * whatever the outcome. A job without metrics options registers nothing; {@link Job#metrics()} works either way.
 *
 * @param registry the registry to record into (the node's, or one of the embedding program)
 * @param tenant the tenant segment ({@code default} until tenants exist); sanitised like every segment
 * @param job the job segment, or null for the engine's id of the job ({@code job-<n>}, numbered per engine): a name
 *     unique among the running jobs of the registry (a second running job of the same name replaces the first one's
 *     metrics)
 * @since 1.4
 */
public record MetricsConfig(MetricRegistry registry, String tenant, String job) {

    /** The tenant of every job until tenants exist. */
    public static final String DEFAULT_TENANT = "default";

    public MetricsConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tenant, "tenant");
    }
}
