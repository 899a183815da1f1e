package io.sabot.metrics.core;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How every configured metrics exporter fares, as the console and the {@code sabot:exporters} shell command show it.
 * Provided as an OSGi service by the metrics bundle; thread-safe, never blocks.
 */
@ProviderType
public interface MetricsExporterStatus {

    /**
     * One entry per exporter configuration, sorted by name: running, waiting for its factory, or failed with the
     * reason. Reflects changes once the manager's thread has applied them (usually within milliseconds).
     */
    List<ExporterState> exporters();
}
