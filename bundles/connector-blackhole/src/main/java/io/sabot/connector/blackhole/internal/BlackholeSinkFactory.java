package io.sabot.connector.blackhole.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.plugin.OptionDescriptor;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code blackhole} connector: a sink that discards every row, to measure a query without the cost of writing
 * its result, as Flink's. Stateless; registered as a {@link SinkFactory} service with {@code
 * sabot.connector=blackhole}. It has no options.
 */
@Component(
        service = SinkFactory.class,
        property = Connectors.CONNECTOR_PROPERTY + "=" + BlackholeSinkFactory.IDENTIFIER)
public final class BlackholeSinkFactory implements SinkFactory {

    /** The connector's identifier, as users write it: {@code 'connector'='blackhole'}. */
    public static final String IDENTIFIER = "blackhole";

    /** Creates the factory; DS does this, tests may too. */
    public BlackholeSinkFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Discards every row, of any kind of change; for benchmarks.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of();
    }

    @Override
    public Sink<?> createSink(TableContext context) {
        return new BlackholeSink();
    }
}
