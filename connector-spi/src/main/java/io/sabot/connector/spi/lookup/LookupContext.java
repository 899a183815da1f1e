package io.sabot.connector.spi.lookup;

import io.sabot.connector.spi.TableContext;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a {@link LookupSourceFactory} about the lookups of one join: the table (its {@link
 * #schema()}, options and formats, as for a scan), the columns keys are made of, and where to allocate. Provided by
 * the runtime; valid for the life of the source created with it.
 */
@ProviderType
public interface LookupContext extends TableContext {

    /**
     * The positions in {@link #schema()} of the key columns, in the order of the vectors of every {@link LookupKeys}:
     * the dimension columns the join's {@code ON} clause equates with the probe rows' columns.
     */
    List<Integer> keyColumns();

    /**
     * The allocator for the source's own buffers (e.g. vectors it decodes a file into). Closed by the runtime after
     * the source; everything the source allocated must be released by {@link LookupSource#close()}.
     */
    BufferAllocator allocator();
}
