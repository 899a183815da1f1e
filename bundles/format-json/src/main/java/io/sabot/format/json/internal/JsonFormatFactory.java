package io.sabot.format.json.internal;

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
 * The {@code json} format: one JSON object per record (JSON lines in files), fields matched to columns by name, with
 * Flink's {@code json.*} options. Stateless; registered as a {@link FormatFactory} service with {@code
 * sabot.format=json}.
 */
@Component(service = FormatFactory.class, property = Connectors.FORMAT_PROPERTY + "=" + JsonFormatFactory.IDENTIFIER)
public final class JsonFormatFactory implements FormatFactory {

    /** The format's identifier, as users write it: {@code 'format'='json'}. */
    public static final String IDENTIFIER = "json";

    /** Creates the factory; DS does this, tests may too. */
    public JsonFormatFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "JSON objects, one per record (JSON lines), fields matched to columns by name.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return JsonOptions.ALL;
    }

    /**
     * @throws io.sabot.plugin.OptionValidationException when fail-on-missing-field and ignore-parse-errors are both
     *     true
     * @throws io.sabot.plugin.PluginException naming every column of a type the format cannot read
     */
    @Override
    public RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions) {
        ValidatedOptions options = JsonOptions.check(formatOptions);
        return new JsonDecoder(
                table.schema(),
                options.get(JsonOptions.FAIL_ON_MISSING_FIELD),
                options.get(JsonOptions.IGNORE_PARSE_ERRORS));
    }

    /** Like {@link #createDecoder}, for writing. */
    @Override
    public RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions) {
        ValidatedOptions options = JsonOptions.check(formatOptions);
        return new JsonEncoder(
                table.schema(),
                options.get(JsonOptions.ENCODE_DECIMAL_AS_PLAIN_NUMBER),
                options.get(JsonOptions.ENCODE_IGNORE_NULL_FIELDS),
                JsonOptions.ISO_8601.equals(options.get(JsonOptions.TIMESTAMP_FORMAT_STANDARD)));
    }
}
