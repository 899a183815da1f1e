package io.sabot.connector.spi.lookup;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ProviderType;

/** Where {@link LookupSource#loadAll} puts the table's rows. Provided by the runtime for the duration of the call. */
@ProviderType
public interface LookupLoadOutput {

    /**
     * Hands over rows of the table: a batch of the table's {@linkplain LookupContext#schema() schema} with its row count
     * set. The runtime copies what it keeps before this returns; the batch stays the source's, to refill or close.
     */
    void emit(VectorSchemaRoot batch);
}
