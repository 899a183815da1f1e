package io.sabot.connector.spi.format;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The job's error policy for records a reader could not decode, provided by the runtime (see {@code
 * SourceReaderContext#recordFailurePolicy()}): it asks the job's error handlers and skips the record (counted),
 * sends it to a dead-letter target, or leaves it to fail the read. Readers use it through {@link DecodeFailures}.
 *
 * <p><b>Threading.</b> Called on the reader's task thread while the record's bytes are valid; it copies what it keeps.
 * It may block while a dead-letter queue is full (backpressure), never to do I/O itself.
 *
 * @since 1.2
 */
@ProviderType
public interface RecordFailurePolicy {

    /** Every failure fails the read: the default when no error handling is configured. */
    RecordFailurePolicy FAIL = (split, position, data, offset, length, message) -> false;

    /**
     * Decides about one record that did not decode.
     *
     * @param split the split the record came from, in the connector's notation ({@code orders-3}, a file path)
     * @param position the record's position in the split as a person reads it ({@code offset 17}, {@code line 4})
     * @param data the bytes holding the record
     * @param offset where the record starts in {@code data}
     * @param length the record's length
     * @param message what is wrong and where in the record
     * @return true when the record was dealt with (skipped or dead-lettered) and reading goes on; false when it fails
     *     the read, which the reader reports with {@link DecodeFailures#throwIfAny}
     */
    boolean recordFailed(String split, String position, byte[] data, int offset, int length, String message);
}
