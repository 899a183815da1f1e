package io.sabot.engine.internal.lookup;

import io.sabot.connector.spi.lookup.LookupCache;
import java.time.Duration;

/**
 * A dimension table's cache and retry options ({@code lookup.*}), validated.
 *
 * @param cache the cache kind
 * @param maxRows PARTIAL: the most keys kept, or 0 for no bound
 * @param expireAfterWriteNanos PARTIAL: a key's rows are looked up again this long after they were cached, or 0
 * @param expireAfterAccessNanos PARTIAL: … this long after a probe row last used them, or 0
 * @param cacheMissingKey PARTIAL: whether keys without rows are cached
 * @param reloadInterval FULL: how often the table is loaded again, or null for never
 * @param maxRetries attempts after a failed lookup or load before the error handlers decide
 */
record CacheConfig(
        LookupCache cache,
        long maxRows,
        long expireAfterWriteNanos,
        long expireAfterAccessNanos,
        boolean cacheMissingKey,
        Duration reloadInterval,
        int maxRetries) {

    boolean expires() {
        return expireAfterWriteNanos > 0 || expireAfterAccessNanos > 0;
    }
}
