package io.sabot.format.raw.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code raw} format, as Flink's: a record's bytes are the value of the table's one physical column, a {@code
 * STRING} (decoded with {@code raw.charset}) or {@code BYTES}. Stateless; registered as a {@link FormatFactory}
 * service with {@code sabot.format=raw}.
 */
@Component(service = FormatFactory.class, property = Connectors.FORMAT_PROPERTY + "=" + RawFormatFactory.IDENTIFIER)
public final class RawFormatFactory implements FormatFactory {

    /** The format's identifier, as users write it: {@code 'format'='raw'}. */
    public static final String IDENTIFIER = "raw";

    static final OptionDescriptor<String> CHARSET = OptionDescriptor.key("charset")
            .stringType()
            .defaultValue("UTF-8")
            .check(RawFormatFactory::isCharset, "a character set this JVM knows, e.g. UTF-8, ISO-8859-1, UTF-16")
            .description("The character set of a STRING column's bytes.");

    /** Creates the factory; DS does this, tests may too. */
    public RawFormatFactory() {}

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "A record's bytes as the table's one column: STRING (in raw.charset) or BYTES.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(CHARSET);
    }

    /** @throws PluginException unless the table has exactly one physical column, of type STRING or BYTES */
    @Override
    public RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions) {
        Field column = column(table);
        return new RawDecoder(column, Charset.forName(formatOptions.get(CHARSET)));
    }

    /** Like {@link #createDecoder}, for writing. */
    @Override
    public RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions) {
        Field column = column(table);
        return new RawEncoder(column, Charset.forName(formatOptions.get(CHARSET)));
    }

    private static Field column(TableContext table) {
        Schema schema = table.schema();
        List<Field> fields = schema.getFields();
        boolean fits = fields.size() == 1
                && (fields.get(0).getType() instanceof ArrowType.Utf8
                        || fields.get(0).getType() instanceof ArrowType.Binary);
        if (!fits) {
            throw new PluginException(
                    "format 'raw' of table '" + table.tableName() + "' needs exactly one physical column of type"
                            + " STRING or BYTES; the table has "
                            + fields.size() + ": "
                            + String.join(
                                    ", ",
                                    fields.stream()
                                            .map(f -> f.getName() + " " + f.getType())
                                            .toList()),
                    false);
        }
        return fields.get(0);
    }
}
