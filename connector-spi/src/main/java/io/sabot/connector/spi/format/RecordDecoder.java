package io.sabot.connector.spi.format;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/** Decodes binary records into Arrow columns. Used by one thread at a time; may keep reusable scratch state. */
@ConsumerType
public interface RecordDecoder {

    /**
     * Decodes every record of {@code records} and appends a row per decoded record to {@code target}, starting at
     * row {@code target.getRowCount()}, then sets the new row count. Records that fail go to {@code errors} and add no
     * row, so the output row count may be smaller than {@code records.count()}.
     *
     * @param records the input, borrowed for the call
     * @param target vectors of the table's physical schema, owned by the caller; the decoder allocates in them
     * @param errors where failures go
     * @return the number of rows appended
     */
    int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors);
}
