package io.sabot.engine.internal.lookup;

import static org.junit.Assert.assertEquals;

import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.plan.DataType;
import io.sabot.plan.TypeKind;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/**
 * The partial cache's bounds with a clock the test sets: expiry after write and after access, and the size bound
 * that drops the least recently used keys first while keys in use survive.
 */
public class PartialCacheTest {

    private static final DataType[] TYPES = {DataType.of(TypeKind.BIGINT)};

    private static PartialCache cache(long maxRows, long afterWrite, long afterAccess) {
        return new PartialCache(
                new CacheConfig(LookupCache.PARTIAL, maxRows, afterWrite, afterAccess, true, null, 3), TYPES);
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Caches {@code key} with one row holding {@code value}. */
    private static void put(PartialCache cache, String name, long value, long now) {
        LongColumn source = new LongColumn();
        source.reset(1);
        source.values[0] = value;
        int at = cache.store().appendRows(new LongColumn[] {source}, new int[] {0}, 1);
        byte[] key = key(name);
        cache.put(key, 0, key.length, name.hashCode(), at, 1, now);
    }

    /** The value of the key's row, or null when the cache lacks it. */
    private static Long get(PartialCache cache, String name, long now) {
        byte[] key = key(name);
        int id = cache.get(key, 0, key.length, name.hashCode(), now);
        if (id < 0) {
            return null;
        }
        assertEquals(1, cache.store().count(id));
        return ((LongColumn) cache.store().rows[0]).values[cache.store().start(id)];
    }

    @Test
    public void aKeyExpiresThisLongAfterItWasWritten() {
        PartialCache cache = cache(0, 100, 0);
        put(cache, "a", 1, 0);
        assertEquals(Long.valueOf(1), get(cache, "a", 99));
        assertEquals(null, get(cache, "a", 100));
    }

    @Test
    public void aKeyExpiresThisLongAfterItWasLastRead() {
        PartialCache cache = cache(0, 0, 100);
        put(cache, "a", 1, 0);
        assertEquals(Long.valueOf(1), get(cache, "a", 80));
        assertEquals(Long.valueOf(1), get(cache, "a", 170));
        assertEquals(null, get(cache, "a", 270));
    }

    @Test
    public void theSizeBoundDropsTheLeastRecentlyUsedKeys() {
        PartialCache cache = cache(4, 0, 0);
        put(cache, "a", 1, 0);
        put(cache, "b", 2, 0);
        cache.endBatch(); // the young generation is full (2 keys): it ages
        assertEquals("a moves back to the young generation", Long.valueOf(1), get(cache, "a", 0));
        put(cache, "c", 3, 0);
        cache.endBatch(); // ages again: b, not used since, is dropped
        assertEquals(null, get(cache, "b", 0));
        assertEquals(Long.valueOf(1), get(cache, "a", 0));
        assertEquals(Long.valueOf(3), get(cache, "c", 0));
        cache.endBatch();
        assertEquals("never more than max-rows keys", true, cache.keys() <= 4);
    }
}
