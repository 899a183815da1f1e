package io.sabot.connector.spi.format;

import io.sabot.plugin.PluginException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the rows of a batch that cannot be encoded or written (a value the format cannot represent, a record
 * larger than the target accepts); provided by the runtime ({@code SinkWriterContext#encodeErrors()}), which applies
 * the sink table's error handlers: the row is skipped (counted) or sent to a dead-letter target with its values, and
 * the writer writes the batch's other rows; or the row fails the write.
 *
 * <p><b>Threading.</b> Called on the writer's task thread, during {@code SinkWriter#write}, before anything of the
 * batch has been sent or appended. It may block while a dead-letter queue is full (backpressure).
 *
 * @since 1.4
 */
@ProviderType
public interface EncodeErrors {

    /** Every row failure fails the write: the default when no runtime is involved (a writer's unit test). */
    EncodeErrors FAIL = (row, message) -> {
        throw new PluginException("row " + row + " of the batch cannot be written: " + message, false);
    };

    /**
     * Reports that row {@code row} of the batch cannot be encoded or written. The caller adds no record for it.
     * Report a batch's rows in ascending order; a row reported again (a retried write encodes the batch again) is set
     * aside once only.
     *
     * @param row the row's index in the batch given to {@code SinkWriter#write} (for an encoder: the batch it was
     *     given, whose rows are the same)
     * @param message what is wrong, naming the column, e.g. {@code column 'name': contains the field delimiter}
     * @throws RuntimeException (a non-retriable {@link PluginException}) when the row fails the write; it names the
     *     table, the row's values and the message. Let it propagate: nothing of the batch may be written.
     */
    void onError(int row, String message);
}
