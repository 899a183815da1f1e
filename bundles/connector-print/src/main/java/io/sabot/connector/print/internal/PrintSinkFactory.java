package io.sabot.connector.print.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code print} connector: writes every row to standard output (or error) in Flink's print format, for
 * debugging and demos. Stateless; registered as a {@link SinkFactory} service with {@code sabot.connector=print}.
 */
@Component(service = SinkFactory.class, property = Connectors.CONNECTOR_PROPERTY + "=" + PrintSinkFactory.IDENTIFIER)
public final class PrintSinkFactory implements SinkFactory {

    /** The connector's identifier, as users write it: {@code 'connector'='print'}. */
    public static final String IDENTIFIER = "print";

    /** Creates the factory; DS does this, tests may too. */
    public PrintSinkFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Prints every row, with its change kind, to standard output or standard error, as Flink does.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return PrintOptions.ALL;
    }

    @Override
    public Sink<?> createSink(TableContext context) {
        ValidatedOptions options = context.options();
        return new PrintSink(options.get(PrintOptions.PRINT_IDENTIFIER), options.get(PrintOptions.STANDARD_ERROR));
    }
}
