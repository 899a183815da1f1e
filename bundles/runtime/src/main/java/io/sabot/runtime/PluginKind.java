package io.sabot.runtime;

/** The kinds of plug-in, each an SPI with the service property that carries a plug-in's identifier. */
public enum PluginKind {
    /** Source and/or sink factories ({@code io.sabot.connector.spi}). */
    CONNECTOR("sabot.connector"),
    /** Record formats ({@code io.sabot.connector.spi.format}). */
    FORMAT("sabot.format"),
    /** Keyed state backends ({@code io.sabot.state.spi}). */
    STATE_BACKEND("sabot.state.backend"),
    /** Error handlers ({@code io.sabot.errors.spi}). */
    ERROR_HANDLER("sabot.error.handler"),
    /** Dead-letter targets of the error handlers ({@code io.sabot.errors.spi.DeadLetterSinkFactory}). */
    DEAD_LETTER("sabot.dead.letter"),
    /** Metrics exporters ({@code io.sabot.metrics.spi}). */
    METRICS_EXPORTER("sabot.metrics.exporter");

    private final String serviceProperty;

    PluginKind(String serviceProperty) {
        this.serviceProperty = serviceProperty;
    }

    /** The service property whose value is the plug-in's identifier. */
    public String serviceProperty() {
        return serviceProperty;
    }

    /** The kind's name for people and URLs: {@code connector}, {@code state-backend}, … */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * The kind with this {@link #label()} or enum name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the known kinds
     */
    public static PluginKind fromLabel(String label) {
        for (PluginKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label) || kind.name().equalsIgnoreCase(label)) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (PluginKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.label());
        }
        throw new IllegalArgumentException("unknown plug-in kind '" + label + "'; known kinds: " + known);
    }
}
