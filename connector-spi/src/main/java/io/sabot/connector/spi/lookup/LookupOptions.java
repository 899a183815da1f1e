package io.sabot.connector.spi.lookup;

import io.sabot.plugin.OptionDescriptor;
import java.time.Duration;
import java.util.List;

/**
 * The table options of lookups, with Flink's keys: a {@link LookupSourceFactory} lists {@link #ALL} among its
 * {@link LookupSourceFactory#options()}, and the runtime reads them to build the join's cache and retry failed
 * lookups. The source itself need not read them.
 */
public final class LookupOptions {

    /** {@code lookup.cache}: NONE, PARTIAL or FULL; without it, the factory's {@link LookupSourceFactory#defaultCache()}. */
    public static final OptionDescriptor<String> CACHE = OptionDescriptor.key("lookup.cache")
            .enumType("NONE", "PARTIAL", "FULL")
            .description("How lookup joins cache the table: NONE (ask the source for every batch of keys), PARTIAL "
                    + "(keep looked-up keys per subtask, see lookup.partial-cache.*) or FULL (load the whole table "
                    + "and reload it every lookup.full-cache.reload-interval). Default: the connector's.");

    public static final OptionDescriptor<Long> PARTIAL_CACHE_MAX_ROWS = OptionDescriptor.key(
                    "lookup.partial-cache.max-rows")
            .longType()
            .check(n -> n > 0, "positive")
            .description("PARTIAL: about the most keys (each with its rows) a subtask's cache keeps; the least "
                    + "recently used go first.");

    public static final OptionDescriptor<Duration> PARTIAL_CACHE_EXPIRE_AFTER_WRITE = OptionDescriptor.key(
                    "lookup.partial-cache.expire-after-write")
            .durationType()
            .check(d -> !d.isZero() && !d.isNegative(), "positive")
            .description("PARTIAL: a key's rows are looked up again this long after they were cached.");

    public static final OptionDescriptor<Duration> PARTIAL_CACHE_EXPIRE_AFTER_ACCESS = OptionDescriptor.key(
                    "lookup.partial-cache.expire-after-access")
            .durationType()
            .check(d -> !d.isZero() && !d.isNegative(), "positive")
            .description("PARTIAL: a key's rows are looked up again when no probe row used them for this long.");

    public static final OptionDescriptor<Boolean> PARTIAL_CACHE_CACHE_MISSING_KEY = OptionDescriptor.key(
                    "lookup.partial-cache.cache-missing-key")
            .booleanType()
            .defaultValue(true)
            .description("PARTIAL: whether a key without rows is cached too (else it is looked up every time).");

    public static final OptionDescriptor<Duration> FULL_CACHE_RELOAD_INTERVAL = OptionDescriptor.key(
                    "lookup.full-cache.reload-interval")
            .durationType()
            .check(d -> !d.isZero() && !d.isNegative(), "positive")
            .deprecatedKeys("lookup.full-cache.periodic-reload.interval")
            .description("FULL: how often the whole table is loaded again; the new rows replace the old at once "
                    + "when the load succeeds. Not set: loaded once.");

    public static final OptionDescriptor<Integer> MAX_RETRIES = OptionDescriptor.key("lookup.max-retries")
            .intType()
            .defaultValue(3)
            .check(n -> n >= 0, "0 or more")
            .description("How often a failed lookup (or full load) is attempted again before the error handlers "
                    + "decide.");

    /** Every lookup option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            CACHE,
            PARTIAL_CACHE_MAX_ROWS,
            PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
            PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
            PARTIAL_CACHE_CACHE_MISSING_KEY,
            FULL_CACHE_RELOAD_INTERVAL,
            MAX_RETRIES);

    private LookupOptions() {}
}
