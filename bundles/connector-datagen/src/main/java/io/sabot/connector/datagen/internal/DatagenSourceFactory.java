package io.sabot.connector.datagen.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code datagen} connector: a source of random and sequence rows, like Flink's, for tests, demos and
 * benchmarks. Stateless; registered as a {@link SourceFactory} service with {@code sabot.connector=datagen}.
 */
@Component(
        service = SourceFactory.class,
        property = Connectors.CONNECTOR_PROPERTY + "=" + DatagenSourceFactory.IDENTIFIER)
public final class DatagenSourceFactory implements SourceFactory {

    /** The connector's identifier, as users write it: {@code 'connector'='datagen'}. */
    public static final String IDENTIFIER = "datagen";

    /** Creates the factory; DS does this, tests may too. */
    public DatagenSourceFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Generates random or sequence rows at a given rate, bounded or unbounded, deterministic per seed.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return DatagenOptions.ALL;
    }

    /**
     * Plans the table's column generators; fails if an option names no column, does not apply to its column, has a
     * bound outside the column's type, or a column's type cannot be generated.
     *
     * @throws io.sabot.plugin.PluginException listing every such problem
     */
    @Override
    public Source<?, ?> createSource(TableContext context) {
        ValidatedOptions options = context.options();
        GeneratorPlanner.Plan plan = GeneratorPlanner.plan(context.tableName(), context.schema(), options);
        Long seed = options.get(DatagenOptions.SEED);
        return new DatagenSource(
                context.schema(),
                plan.generators,
                plan.totalRows,
                options.get(DatagenOptions.ROWS_PER_SECOND),
                seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }
}
