package io.sabot.connector.spi;

/** Service property names under which connector and format plug-ins register. */
public final class Connectors {

    /** Service property naming a {@link SourceFactory} or {@link SinkFactory}'s identifier, e.g. {@code kafka}. */
    public static final String CONNECTOR_PROPERTY = "sabot.connector";

    /** Service property naming a {@link io.sabot.connector.spi.format.FormatFactory}'s identifier, e.g. {@code json}. */
    public static final String FORMAT_PROPERTY = "sabot.format";

    /** The table option that selects the connector, as in Flink: {@code 'connector'='kafka'}. */
    public static final String CONNECTOR_OPTION = "connector";

    private Connectors() {}
}
