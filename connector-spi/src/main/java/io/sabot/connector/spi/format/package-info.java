/**
 * Formats turn the bytes of external records (a Kafka message, a line of a file) into Arrow columns and back.
 *
 * <p>A format bundle registers a {@link io.sabot.connector.spi.format.FormatFactory} as an OSGi service with the
 * property {@value io.sabot.connector.spi.Connectors#FORMAT_PROPERTY} set to its identifier ({@code json},
 * {@code csv}, …). Connectors ask for a decoder or encoder through {@link
 * io.sabot.connector.spi.TableContext#createDecoder}; they never depend on a format bundle directly.
 *
 * <p>Decoding works a batch at a time ({@link io.sabot.connector.spi.format.BinaryRecords} in, vectors out): one
 * call per batch, no object per record. A record that does not decode is reported to {@link
 * io.sabot.connector.spi.format.DecodeErrors} with its index, never dropped silently; the job's error handler
 * decides to fail, skip (counted) or dead-letter it. Encoding mirrors it (since 1.4): a row the format cannot
 * represent goes to {@link io.sabot.connector.spi.format.EncodeErrors}, and the sink table's handlers decide.
 */
@Version("1.4.0")
package io.sabot.connector.spi.format;

import org.osgi.annotation.versioning.Version;
