package io.sabot.connector.spi.lookup;

/** How a lookup join caches a dimension table's rows: the values of the table option {@code lookup.cache}. */
public enum LookupCache {
    /** Every batch of keys goes to the source. */
    NONE,
    /** Each subtask keeps the rows of the keys it looked up, bounded by size and age ({@code lookup.partial-cache.*}). */
    PARTIAL,
    /**
     * The whole table is loaded into memory ({@link LookupSource#loadAll}) and reloaded every {@code
     * lookup.full-cache.reload-interval}; lookups never reach the source.
     */
    FULL
}
