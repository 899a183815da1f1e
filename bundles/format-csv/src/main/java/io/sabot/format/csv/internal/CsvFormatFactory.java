package io.sabot.format.csv.internal;

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
 * The {@code csv} format: one record per line, fields by position, with Flink's {@code csv.*} options. Stateless;
 * registered as a {@link FormatFactory} service with {@code sabot.format=csv}.
 */
@Component(service = FormatFactory.class, property = Connectors.FORMAT_PROPERTY + "=" + CsvFormatFactory.IDENTIFIER)
public final class CsvFormatFactory implements FormatFactory {

    /** The format's identifier, as users write it: {@code 'format'='csv'}. */
    public static final String IDENTIFIER = "csv";

    /** Creates the factory; DS does this, tests may too. */
    public CsvFormatFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Comma-separated values, one record per line, fields matched to columns by position.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return CsvOptions.ALL;
    }

    /**
     * @throws io.sabot.plugin.OptionValidationException for options that conflict (e.g. the same character as
     *     delimiter and quote)
     * @throws io.sabot.plugin.PluginException naming every column of a type the format cannot read
     */
    @Override
    public RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions) {
        return new CsvDecoder(table.schema(), CsvOptions.dialect(formatOptions));
    }

    /** Like {@link #createDecoder}, for writing. */
    @Override
    public RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions) {
        return new CsvEncoder(table.schema(), CsvOptions.dialect(formatOptions));
    }
}
