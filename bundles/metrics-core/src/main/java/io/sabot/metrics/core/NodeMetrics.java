package io.sabot.metrics.core;

/** Names shared by the metrics bundle and the bundles that record or export metrics. */
public final class NodeMetrics {

    /** Service property of the node's {@link com.codahale.metrics.MetricRegistry}; its value is {@value #NODE}. */
    public static final String REGISTRY_PROPERTY = "sabot.metrics.registry";

    /** Value of {@value #REGISTRY_PROPERTY} for the node-wide registry. */
    public static final String NODE = "node";

    /** Service filter selecting the node's registry, for a DS reference target or a service tracker. */
    public static final String NODE_REGISTRY_FILTER = "(" + REGISTRY_PROPERTY + "=" + NODE + ")";

    /** Factory PID of exporter configurations; FileInstall reads them from {@code etc/io.sabot.metrics.exporter-<name>.cfg}. */
    public static final String EXPORTER_FACTORY_PID = "io.sabot.metrics.exporter";

    private NodeMetrics() {}
}
