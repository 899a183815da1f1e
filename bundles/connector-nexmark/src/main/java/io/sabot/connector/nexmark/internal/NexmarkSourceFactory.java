package io.sabot.connector.nexmark.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code nexmark} connector: the NEXMark benchmark's persons, auctions and bids, one stream per table. Stateless;
 * registered as a {@link SourceFactory} service with {@code sabot.connector=nexmark}.
 */
@Component(
        service = SourceFactory.class,
        property = Connectors.CONNECTOR_PROPERTY + "=" + NexmarkSourceFactory.IDENTIFIER)
public final class NexmarkSourceFactory implements SourceFactory {

    /** The connector's identifier, as users write it: {@code 'connector'='nexmark'}. */
    public static final String IDENTIFIER = "nexmark";

    /** Creates the factory; DS does this, tests may too. */
    public NexmarkSourceFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Generates the NEXMark benchmark's bid, auction or person stream, deterministic per configuration.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return NexmarkOptions.ALL;
    }

    /** Checks that the table's columns are fields of the chosen stream, with compatible types. */
    @Override
    public List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        List<OptionError> errors = new ArrayList<>();
        TablePlan.plan(schema, options, errors);
        return errors;
    }

    /**
     * Plans the table's columns and builds the generator configuration.
     *
     * @throws PluginException naming every column that is no field of the chosen stream or has an incompatible
     *     type
     */
    @Override
    public Source<?, ?> createSource(TableContext context) {
        ValidatedOptions options = context.options();
        List<OptionError> errors = new ArrayList<>();
        TablePlan plan = TablePlan.plan(context.schema(), options, errors);
        if (plan == null) {
            throw new PluginException(
                    "Invalid nexmark options for table '" + context.tableName() + "':\n  - "
                            + errors.stream().map(OptionError::message).collect(Collectors.joining("\n  - ")),
                    false);
        }
        String baseTime = options.get(NexmarkOptions.BASE_TIME);
        NexmarkConfig config =
                config(options, baseTime != null ? NexmarkOptions.parseBaseTime(baseTime) : System.currentTimeMillis());
        return new NexmarkSource(context.schema(), plan, config, options.get(NexmarkOptions.MAX_EMIT_SPEED));
    }

    /** The generator configuration the options describe, with {@code baseTime}. */
    static NexmarkConfig config(ValidatedOptions options, long baseTime) {
        NexmarkConfig.Builder builder = NexmarkConfig.builder()
                .proportions(
                        options.get(NexmarkOptions.PERSON_PROPORTION),
                        options.get(NexmarkOptions.AUCTION_PROPORTION),
                        options.get(NexmarkOptions.BID_PROPORTION))
                .eventsPerSecond(options.get(NexmarkOptions.FIRST_EVENT_RATE))
                .baseTime(baseTime)
                .outOfOrderGroupSize(options.get(NexmarkOptions.OUT_OF_ORDER_GROUP_SIZE))
                .hotRatios(
                        options.get(NexmarkOptions.HOT_AUCTIONS),
                        options.get(NexmarkOptions.HOT_BIDDERS),
                        options.get(NexmarkOptions.HOT_SELLERS))
                .averageSizes(
                        options.get(NexmarkOptions.PERSON_AVG_SIZE).intValue(),
                        options.get(NexmarkOptions.AUCTION_AVG_SIZE).intValue(),
                        options.get(NexmarkOptions.BID_AVG_SIZE).intValue())
                .idLead(options.get(NexmarkOptions.ID_LEAD));
        Long events = options.get(NexmarkOptions.EVENTS_NUM);
        if (events != null && events > 0) {
            builder.maxEvents(events);
        }
        return builder.build();
    }
}
