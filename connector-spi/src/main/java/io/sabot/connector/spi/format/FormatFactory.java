package io.sabot.connector.spi.format;

import io.sabot.connector.spi.TableContext;
import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidatedOptions;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates decoders and encoders for one format. Its {@link #options()} are written by users with the format's
 * identifier as prefix ({@code 'json.ignore-parse-errors'='true'}); the runtime strips the prefix before validating.
 */
@ConsumerType
public interface FormatFactory extends PluginFactory {

    /**
     * Creates a decoder for the table's physical schema.
     *
     * @param table the table read
     * @param formatOptions this format's options, validated, prefix removed
     */
    RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions);

    /** Creates an encoder for the table's physical schema. */
    RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions);
}
