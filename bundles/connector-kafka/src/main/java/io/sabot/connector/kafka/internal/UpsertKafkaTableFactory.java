package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code upsert-kafka} connector, as Flink's: a table with a {@code PRIMARY KEY (…) NOT ENFORCED} kept in a
 * (compacted) topic, one record per change, keyed by the primary key encoded with {@code key.format}. The sink takes
 * a changelog: inserts and update-afters are written as the row, deletes as tombstones, update-befores not at all.
 * Reading reads the topic from its earliest offset as an upsert changelog ({@link #scanChangelogMode()}): a record
 * with a value is the key's new row, a tombstone deletes the key; the planner normalises it by the primary key.
 */
@Component(
        service = {SourceFactory.class, SinkFactory.class},
        property = Connectors.CONNECTOR_PROPERTY + "=" + UpsertKafkaTableFactory.IDENTIFIER)
public final class UpsertKafkaTableFactory implements SourceFactory, SinkFactory {

    /** The connector's identifier, as users write it: {@code 'connector'='upsert-kafka'}. */
    public static final String IDENTIFIER = "upsert-kafka";

    static final OptionDescriptor<String> KEY_FORMAT = OptionDescriptor.key("key.format")
            .stringType()
            .required()
            .description("Required: the format of record keys, which hold the primary key columns, e.g. 'json' or "
                    + "'raw'; its options are prefixed 'key.<format>.'.");

    static final OptionDescriptor<String> VALUE_FORMAT = OptionDescriptor.key("value.format")
            .stringType()
            .required()
            .description("Required: the format of record values, e.g. 'json'; its options are prefixed "
                    + "'value.<format>.'.");

    static final OptionDescriptor<Integer> SINK_BUFFER_FLUSH_MAX_ROWS = OptionDescriptor.key(
                    "sink.buffer-flush.max-rows")
            .intType()
            .defaultValue(0)
            .check(n -> n == 0, "0 (buffering off, Flink's default): every change is written as it comes")
            .description("Flink's write buffer, off by default; only 0 is accepted: every change is written.");

    static final OptionDescriptor<Duration> SINK_BUFFER_FLUSH_INTERVAL = OptionDescriptor.key(
                    "sink.buffer-flush.interval")
            .durationType()
            .defaultValue(Duration.ZERO)
            .check(Duration::isZero, "0 (buffering off, Flink's default): every change is written as it comes")
            .description("Flink's write buffer, off by default; only 0 is accepted: every change is written.");

    /** The topic read or written: one, required (upsert-kafka has no topic lists or patterns, as in Flink). */
    static final OptionDescriptor<String> TOPIC = OptionDescriptor.key(KafkaOptions.TOPIC.key())
            .stringType()
            .required()
            .check(s -> KafkaOptions.topics(s).size() == 1, "one topic name")
            .description("Required: the topic to read or write.");

    static final List<OptionDescriptor<?>> OPTIONS = List.of(
            TOPIC,
            KafkaOptions.BOOTSTRAP_SERVERS,
            KEY_FORMAT,
            VALUE_FORMAT,
            KafkaOptions.KEY_FIELDS_PREFIX,
            KafkaOptions.VALUE_FIELDS_INCLUDE,
            KafkaOptions.SINK_DELIVERY_GUARANTEE,
            KafkaOptions.SINK_TRANSACTIONAL_ID_PREFIX,
            KafkaOptions.SINK_RETRY_BUFFER_SIZE,
            KafkaOptions.SINK_PARALLELISM,
            SINK_BUFFER_FLUSH_MAX_ROWS,
            SINK_BUFFER_FLUSH_INTERVAL,
            KafkaOptions.SCAN_BOUNDED_MODE,
            KafkaOptions.SCAN_BOUNDED_TIMESTAMP,
            KafkaOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS);

    /** Creates the factory; DS does this, tests may too. */
    public UpsertKafkaTableFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "A Kafka topic as a table keyed by its primary key (Flink's upsert-kafka): read as a changelog (a record "
                + "upserts its key, a tombstone deletes it), written as a record per insert or update and a tombstone "
                + "per delete.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return OPTIONS;
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of(KafkaOptions.PROPERTIES_PREFIX);
    }

    /** What the schema alone decides; the primary key is checked when the source or sink is created. */
    @Override
    public List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        List<OptionError> errors = new ArrayList<>(KafkaOptions.sinkCheck(options));
        KafkaLayout.checkUpsert(schema, options, List.of()).stream()
                .filter(e -> e.key().equals(KafkaOptions.KEY_FIELDS_PREFIX.key()))
                .forEach(errors::add);
        return errors;
    }

    /** An upsert changelog keyed by the primary key, which the planner normalises (Flink's ChangelogNormalize). */
    @Override
    public ChangelogMode scanChangelogMode() {
        return ChangelogMode.UPSERT;
    }

    /**
     * Reads the topic from its earliest offset, as Flink's upsert-kafka (no startup mode), up to {@code
     * scan.bounded.mode} if given.
     */
    @Override
    public Source<?, ?> createSource(TableContext context) {
        List<OptionError> errors = KafkaOptions.boundedCheck(context.options());
        if (!errors.isEmpty()) {
            throw KafkaTableFactory.invalid(IDENTIFIER, context.tableName(), errors);
        }
        KafkaLayout layout =
                KafkaLayout.upsert(context.tableName(), context.schema(), context.primaryKey(), context.options());
        return new KafkaSource(context.tableName(), context.options(), layout, true);
    }

    @Override
    public Sink<?> createSink(TableContext context) {
        List<OptionError> errors = KafkaOptions.sinkCheck(context.options());
        if (!errors.isEmpty()) {
            throw KafkaTableFactory.invalid(IDENTIFIER, context.tableName(), errors);
        }
        KafkaLayout layout =
                KafkaLayout.upsert(context.tableName(), context.schema(), context.primaryKey(), context.options());
        return new KafkaSink(context.tableName(), context.options(), layout, true);
    }
}
