package io.sabot.format.avro.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code avro} format: one Avro binary-encoded record per message, without container or schema id (Flink's
 * {@code avro} format), its schema derived from the table's columns or given inline with {@code avro.schema}.
 * Stateless; registered as a {@link FormatFactory} service with {@code sabot.format=avro}.
 */
@Component(service = FormatFactory.class, property = Connectors.FORMAT_PROPERTY + "=" + AvroFormatFactory.IDENTIFIER)
public final class AvroFormatFactory implements FormatFactory {

    /** The format's identifier, as users write it: {@code 'format'='avro'}. */
    public static final String IDENTIFIER = "avro";

    /** Creates the factory; DS does this, tests may too. */
    public AvroFormatFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Avro binary records (no container), the schema derived from the columns or given in avro.schema.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return AvroOptions.ALL;
    }

    /**
     * @throws io.sabot.plugin.OptionValidationException naming {@code avro.schema} when it does not parse or does not
     *     fit the columns, listing every mismatch
     * @throws io.sabot.plugin.PluginException naming every column of a type the format cannot read
     */
    @Override
    public RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions) {
        return new AvroDecoder(AvroPlan.forReading(table.schema(), formatOptions));
    }

    /** Like {@link #createDecoder}, for writing. */
    @Override
    public RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions) {
        return new AvroEncoder(AvroPlan.forWriting(table.schema(), formatOptions));
    }
}
