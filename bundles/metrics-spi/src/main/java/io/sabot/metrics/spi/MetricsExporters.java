package io.sabot.metrics.spi;

/** Names shared by the runtime and metrics-exporter bundles. */
public final class MetricsExporters {

    /**
     * Service property naming a {@link MetricsExporterFactory}'s identifier, e.g. {@code jmx} or {@code prometheus};
     * equal to {@link MetricsExporterFactory#identifier()}.
     */
    public static final String EXPORTER_PROPERTY = "sabot.metrics.exporter";

    /** The first segment of every Sabot metric name. */
    public static final String ROOT = "sabot";

    private MetricsExporters() {}
}
