package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.ConnectivityCheck;
import io.sabot.connector.spi.ConnectorHealth;
import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code kafka} connector, as Flink's: reads a topic (one split per partition, offsets in checkpoints) and writes
 * one (at least or exactly once), record keys and values in any installed format ({@code key.format}, {@code
 * key.fields}, {@code value.format}, {@code value.fields-include}). Client settings pass through as {@code
 * properties.*}. Stateless; registered as one service that is both a {@link SourceFactory} and a {@link
 * SinkFactory}, with {@code sabot.connector=kafka}.
 */
@Component(
        service = {SourceFactory.class, SinkFactory.class},
        property = Connectors.CONNECTOR_PROPERTY + "=" + KafkaTableFactory.IDENTIFIER)
public final class KafkaTableFactory implements SourceFactory, SinkFactory, ConnectorHealth {

    /** The connector's identifier, as users write it: {@code 'connector'='kafka'}. */
    public static final String IDENTIFIER = "kafka";

    /** Creates the factory; DS does this, tests may too. */
    public KafkaTableFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Reads and writes Kafka topics: one split per partition with offsets in checkpoints; at-least-once or "
                + "exactly-once (transactional) output.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return KafkaOptions.ALL;
    }

    /** The table's brokers answer a {@code describeCluster}, whether the job reads or writes it. */
    @Override
    public Optional<ConnectivityCheck> connectivityCheck(String tableName, ValidatedOptions options, boolean written) {
        return Optional.of(new KafkaConnectivityCheck(tableName, options));
    }

    @Override
    public Map<String, ArrowType> readableMetadata() {
        return KafkaMetadata.READABLE;
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of(KafkaOptions.PROPERTIES_PREFIX);
    }

    /**
     * Source and sink checks together, since a table is declared once for both: errors that only matter to one side
     * (a missing group id for group offsets, a missing transactional id prefix) are reported when that side is
     * created and, for the declaration, only when the user chose the option that needs them.
     */
    @Override
    public List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        Map<String, OptionError> byKey = new LinkedHashMap<>();
        for (OptionError e : KafkaOptions.crossCheck(options, true)) {
            byKey.put(e.key() + e.message(), e);
        }
        for (OptionError e : KafkaLayout.check(schema, options)) {
            byKey.put(e.key() + e.message(), e);
        }
        if (options.contains(KafkaOptions.SCAN_STARTUP_MODE.key())
                || options.contains(KafkaOptions.SCAN_BOUNDED_MODE.key())) {
            for (OptionError e : KafkaOptions.crossCheck(options, false)) {
                byKey.put(e.key() + e.message(), e);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        throwIfInvalid(context, false);
        return new KafkaSource(
                context.tableName(),
                context.options(),
                KafkaLayout.of(context.tableName(), context.schema(), context.options()));
    }

    @Override
    public Sink<?> createSink(TableContext context) {
        throwIfInvalid(context, true);
        return new KafkaSink(
                context.tableName(),
                context.options(),
                KafkaLayout.of(context.tableName(), context.schema(), context.options()),
                false);
    }

    private static void throwIfInvalid(TableContext context, boolean forSink) {
        List<OptionError> errors = new ArrayList<>(KafkaOptions.crossCheck(context.options(), forSink));
        if (forSink) {
            errors.addAll(KafkaOptions.sinkTopicCheck(context.options()));
        }
        if (!errors.isEmpty()) {
            throw invalid(IDENTIFIER, context.tableName(), errors);
        }
    }

    /** One exception naming the connector, the table and every error. */
    static OptionValidationException invalid(String connector, String tableName, List<OptionError> errors) {
        StringBuilder b = new StringBuilder("Invalid options for connector '")
                .append(connector)
                .append("' of table '")
                .append(tableName)
                .append("':");
        errors.forEach(e -> b.append("\n  - ").append(e.message()));
        return new OptionValidationException(b.toString(), errors);
    }
}
