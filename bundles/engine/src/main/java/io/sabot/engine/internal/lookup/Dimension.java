package io.sabot.engine.internal.lookup;

import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.connector.spi.lookup.LookupOptions;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.connector.spi.lookup.LookupSourceFactory;
import io.sabot.engine.internal.exec.TableContextImpl;
import io.sabot.plan.DataType;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.RowType;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The dimension table of one lookup join, shared by the join's subtasks: its lookup source factory and validated
 * context, the key and output columns, the cache options, and (with {@code lookup.cache} FULL) the one full cache
 * every subtask reads. Thread-safe.
 */
public final class Dimension {

    private final String table;
    private final String connector;
    private final LookupSourceFactory factory;
    private final TableContextImpl context;
    private final List<Integer> keyColumns;
    private final DataType[] keyTypes;
    private final int[] columns;
    private final DataType[] columnTypes;
    private final CacheConfig config;
    private final FullCache full;

    private Dimension(LookupJoin join, LookupSourceFactory factory, TableContextImpl context, CacheConfig config) {
        this.table = join.table().name();
        this.connector = join.table().connector();
        this.factory = factory;
        this.context = context;
        this.keyColumns = join.tableKeys();
        RowType physical = join.table().physicalType();
        this.keyTypes = keyColumns.stream().map(physical::type).toArray(DataType[]::new);
        this.columns = join.tableColumns().stream().mapToInt(Integer::intValue).toArray();
        this.columnTypes = join.tableColumns().stream().map(physical::type).toArray(DataType[]::new);
        this.config = config;
        this.full = config.cache() == LookupCache.FULL ? new FullCache(this) : null;
    }

    /**
     * The dimension of {@code join}, or null after adding to {@code errors} why its cache options cannot work (each
     * naming the key): a cache the connector does not support, a PARTIAL cache without bound, cache options of
     * another cache.
     */
    public static Dimension create(
            LookupJoin join, LookupSourceFactory factory, TableContextImpl context, List<OptionError> errors) {
        ValidatedOptions options = context.options();
        String subject = "table '" + join.table().name() + "' (connector '"
                + join.table().connector() + "')";
        String chosen = options.get(LookupOptions.CACHE);
        LookupCache cache = chosen == null ? factory.defaultCache() : LookupCache.valueOf(chosen);
        Set<LookupCache> supported = factory.supportedCaches();
        int before = errors.size();
        if (!supported.contains(cache)) {
            errors.add(new OptionError(
                    LookupOptions.CACHE.key(),
                    OptionError.Kind.INVALID,
                    subject + ": option '" + LookupOptions.CACHE.key() + "': the connector's lookups support "
                            + new TreeSet<>(supported) + ", not " + cache
                            + (chosen == null ? " (its default)" : "")));
        }
        List<String> partialKeys = List.of(
                LookupOptions.PARTIAL_CACHE_MAX_ROWS.key(),
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE.key(),
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS.key(),
                LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY.key());
        for (String key : partialKeys) {
            if (cache != LookupCache.PARTIAL && options.contains(key)) {
                errors.add(new OptionError(
                        key,
                        OptionError.Kind.INVALID,
                        subject + ": option '" + key + "' applies to 'lookup.cache' = 'PARTIAL', not " + cache));
            }
        }
        if (cache != LookupCache.FULL && options.contains(LookupOptions.FULL_CACHE_RELOAD_INTERVAL.key())) {
            errors.add(new OptionError(
                    LookupOptions.FULL_CACHE_RELOAD_INTERVAL.key(),
                    OptionError.Kind.INVALID,
                    subject + ": option '" + LookupOptions.FULL_CACHE_RELOAD_INTERVAL.key()
                            + "' applies to 'lookup.cache' = 'FULL', not " + cache));
        }
        Long maxRows = options.get(LookupOptions.PARTIAL_CACHE_MAX_ROWS);
        Duration write = options.get(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE);
        Duration access = options.get(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS);
        if (cache == LookupCache.PARTIAL && maxRows == null && write == null && access == null) {
            errors.add(new OptionError(
                    LookupOptions.PARTIAL_CACHE_MAX_ROWS.key(),
                    OptionError.Kind.MISSING,
                    subject + ": 'lookup.cache' = 'PARTIAL' needs a bound: set '"
                            + LookupOptions.PARTIAL_CACHE_MAX_ROWS.key() + "', '"
                            + LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE.key() + "' or '"
                            + LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS.key() + "'"));
        }
        if (errors.size() > before) {
            return null;
        }
        CacheConfig config = new CacheConfig(
                cache,
                maxRows == null ? 0 : maxRows,
                write == null ? 0 : write.toNanos(),
                access == null ? 0 : access.toNanos(),
                options.get(LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY),
                options.get(LookupOptions.FULL_CACHE_RELOAD_INTERVAL),
                options.get(LookupOptions.MAX_RETRIES));
        return new Dimension(join, factory, context, config);
    }

    /** A new lookup source over the table, allocating from {@code allocator}; not opened. */
    LookupSource newSource(BufferAllocator allocator) {
        return factory.createLookupSource(new LookupContextImpl(context, keyColumns, allocator));
    }

    public String table() {
        return table;
    }

    public String connector() {
        return connector;
    }

    CacheConfig config() {
        return config;
    }

    public LookupCache cache() {
        return config.cache();
    }

    /** The one full cache of the join (FULL), else null. */
    FullCache full() {
        return full;
    }

    /** The dimension columns the join outputs, by position in the table's schema. */
    int[] columns() {
        return columns;
    }

    DataType[] columnTypes() {
        return columnTypes;
    }

    List<Integer> keyColumns() {
        return keyColumns;
    }

    DataType[] keyTypes() {
        return keyTypes;
    }
}
