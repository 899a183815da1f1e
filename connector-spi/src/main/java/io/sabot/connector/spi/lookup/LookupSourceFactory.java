package io.sabot.connector.spi.lookup;

import io.sabot.plugin.PluginFactory;
import java.util.EnumSet;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates lookup sources for dimension tables declared with {@code 'connector'='<identifier>'}. Register it as an
 * OSGi service with {@value io.sabot.connector.spi.Connectors#CONNECTOR_PROPERTY} set to {@link #identifier()}; one
 * class may implement this and {@link io.sabot.connector.spi.SourceFactory} (scans) together.
 *
 * <p>{@link #options()} should include {@link LookupOptions#ALL}: the runtime validates a dimension table's options
 * against them, and reads the cache options itself.
 */
@ConsumerType
public interface LookupSourceFactory extends PluginFactory {

    /**
     * Creates the lookup source of one subtask of one lookup join (or the loader of its full cache). Cheap: connect to
     * nothing here; {@link LookupSource#open()} does.
     *
     * @param context the table, the key columns, the options and an allocator
     * @return a new source; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but cannot work together
     */
    LookupSource createLookupSource(LookupContext context);

    /**
     * The caches the source works with. {@link LookupCache#FULL} promises {@link LookupSource#loadAll}; {@link
     * LookupCache#NONE} and {@link LookupCache#PARTIAL} promise {@link LookupSource#lookup}. The runtime refuses a
     * table whose {@code lookup.cache} is not among them, naming the supported ones. Default: {@code NONE} and {@code
     * PARTIAL}.
     */
    default Set<LookupCache> supportedCaches() {
        return EnumSet.of(LookupCache.NONE, LookupCache.PARTIAL);
    }

    /** The cache of a table that sets no {@code lookup.cache}; one of {@link #supportedCaches()}. Default: NONE. */
    default LookupCache defaultCache() {
        return LookupCache.NONE;
    }
}
