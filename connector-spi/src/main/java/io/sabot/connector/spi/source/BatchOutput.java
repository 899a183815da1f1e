package io.sabot.connector.spi.source;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a reader's batches go. Provided by the runtime for the duration of one {@link SourceReader#pollNext} call;
 * not to be kept or used from another thread.
 */
@ProviderType
public interface BatchOutput {

    /**
     * Hands over a batch read from one split. The batch's schema must be the table's physical schema and its row
     * count set ({@link VectorSchemaRoot#setRowCount}).
     *
     * <p><b>Ownership:</b> the runtime transfers the vectors' buffers to its own allocator before this returns; the
     * reader's {@code batch} is left with zero rows and empty vectors, ready to be filled again. The reader keeps
     * owning (and eventually closes) the root itself. A transfer works only between allocators of the same root,
     * which is why readers allocate from {@link SourceReaderContext#allocator()} and nothing else.
     *
     * @param splitId the split the rows came from, for per-split watermarks and metrics
     * @param batch the rows; a batch with zero rows is ignored
     */
    void emit(String splitId, VectorSchemaRoot batch);

    /**
     * Reports a watermark the external system provides for a split (event time in epoch milliseconds): no later
     * batch of this split will carry rows older than it. Most readers never call this: the runtime derives
     * watermarks from the table's {@code WATERMARK FOR} clause.
     */
    void emitWatermark(String splitId, long watermarkMillis);

    /**
     * Marks a split idle (nothing to read now, e.g. an empty partition) so it stops holding back the watermark. The
     * next {@link #emit} for the split makes it active again.
     */
    void markIdle(String splitId);
}
