package io.sabot.connector.spi.format;

import org.osgi.annotation.versioning.ProviderType;

/** Receives the records of a batch that did not decode; provided by the runtime, which applies the error policy. */
@ProviderType
public interface DecodeErrors {

    /**
     * Reports that record {@code index} of the batch did not decode. The record contributes no row. A decoder reports
     * a batch's failures in ascending record order.
     *
     * @param index the record's index in the {@link BinaryRecords} batch (its bytes and position are read from there)
     * @param message what is wrong and where in the record, e.g. {@code field 'price': expected a number at column 17}
     * @throws RuntimeException when the policy is to fail: decoding stops and the exception propagates, carrying the
     *     message with the record's position
     */
    void onError(int index, String message);

    /**
     * Reports that record {@code index} adds no row on purpose (a blank line, a comment, a record a format option
     * says to ignore). Together with {@link #onError} it lets a reader line up what it knows per record with the rows
     * decoded. In ascending record order, interleaved with {@link #onError}.
     *
     * @since 1.3
     */
    default void onSkipped(int index) {}
}
