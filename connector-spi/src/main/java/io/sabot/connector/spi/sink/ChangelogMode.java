package io.sabot.connector.spi.sink;

/** Which changes a sink accepts; the planner refuses a query whose result the sink cannot take, naming both. */
public enum ChangelogMode {
    /** Only inserts: windowed aggregates, filters, projections. No row-kind column. */
    INSERT_ONLY,
    /**
     * Inserts, update-afters and deletes keyed by the table's primary key (no update-before needed). For a source
     * ({@link io.sabot.connector.spi.SourceFactory#scanChangelogMode()}): inserts that are upserts and deletes that
     * carry only the key.
     */
    UPSERT,
    /** Every row kind. */
    ALL
}
