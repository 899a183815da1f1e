package io.sabot.connector.spi.format;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Encodes Arrow rows into binary records. Used by one thread at a time. A row the format cannot represent is reported
 * to {@link EncodeErrors} (since 1.4) rather than failing the whole batch, so that the sink table's error handlers can
 * set that row aside and the others are written.
 */
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

    /**
     * Encodes the rows of {@code batch} as {@link #encode(VectorSchemaRoot, BinaryRecords)} does, except that a row
     * whose values the format cannot represent goes to {@code errors} and adds no record (the records' positions
     * still give each one's row index). The default encodes every row (an encoder that rejects nothing).
     *
     * @param errors where rows that cannot be encoded go; it throws when such a row fails the write
     * @since 1.4
     */
    default void encode(VectorSchemaRoot batch, BinaryRecords out, EncodeErrors errors) {
        encode(batch, out);
    }
}
