package io.sabot.connector.spi.format;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/** Encodes Arrow rows into binary records. Used by one thread at a time. */
@ConsumerType
public interface RecordEncoder {

    /**
     * Encodes every row of {@code batch} and appends one record per row to {@code out} (which the caller cleared).
     * The records' bytes may live in a buffer the encoder reuses: they stay valid until the next call.
     *
     * @param batch rows of the table's physical schema, borrowed for the call
     * @param out where the records go; {@link BinaryRecords#position(int)} is the row index
     */
    void encode(VectorSchemaRoot batch, BinaryRecords out);
}
