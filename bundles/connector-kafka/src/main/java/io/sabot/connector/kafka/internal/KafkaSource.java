package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.VersionedSerializer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * One scan of Kafka topics: which ones (a list, or a pattern matched against the cluster's topics), where to start and
 * stop, how to reach the brokers. Immutable; shared by the enumerator and every reader.
 */
final class KafkaSource implements Source<KafkaSplit, KafkaEnumeratorState> {

    private final String tableName;
    private final ValidatedOptions options;
    /** The topics named by 'topic', or empty with a pattern. */
    private final List<String> topics;
    /** The 'topic-pattern', or null. */
    private final Pattern pattern;

    private final KafkaLayout layout;

    /** Whether records are upserts by key and tombstones deletes ({@code upsert-kafka}). */
    private final boolean upsert;

    KafkaSource(String tableName, ValidatedOptions options, KafkaLayout layout) {
        this(tableName, options, layout, false);
    }

    KafkaSource(String tableName, ValidatedOptions options, KafkaLayout layout, boolean upsert) {
        this.upsert = upsert;
        this.tableName = tableName;
        this.options = options;
        String pattern = options.get(KafkaOptions.TOPIC_PATTERN);
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        this.topics = pattern == null ? KafkaOptions.topics(options.require(KafkaOptions.TOPIC)) : List.of();
        this.layout = layout;
    }

    @Override
    public Boundedness boundedness() {
        return bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<KafkaSplit, KafkaEnumeratorState> createEnumerator(
            SplitEnumeratorContext<KafkaSplit> context) {
        return new KafkaEnumerator(this, context, new KafkaEnumeratorState(List.of(), List.of(), false));
    }

    @Override
    public SplitEnumerator<KafkaSplit, KafkaEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<KafkaSplit> context, KafkaEnumeratorState state) {
        return new KafkaEnumerator(this, context, state);
    }

    @Override
    public SourceReader<KafkaSplit> createReader(SourceReaderContext context) {
        return new KafkaReader(this, context);
    }

    @Override
    public VersionedSerializer<KafkaSplit> splitSerializer() {
        return KafkaSerializers.SPLIT;
    }

    @Override
    public VersionedSerializer<KafkaEnumeratorState> enumeratorStateSerializer() {
        return KafkaSerializers.ENUMERATOR_STATE;
    }

    String tableName() {
        return tableName;
    }

    /**
     * Whether the source reads an upsert changelog: a record with a value is the key's new row, a tombstone deletes
     * it; its batches end with the row-kind column.
     */
    boolean upsert() {
        return upsert;
    }

    /** Where a job without checkpoint starts: an upsert topic is read from its earliest offset, as in Flink. */
    String startupMode() {
        return upsert ? KafkaOptions.EARLIEST : options.get(KafkaOptions.SCAN_STARTUP_MODE);
    }

    /** The topics named by 'topic'; empty when the source reads a {@link #pattern()}. */
    List<String> topics() {
        return topics;
    }

    /** The 'topic-pattern', or null when the source reads {@link #topics()}. */
    Pattern pattern() {
        return pattern;
    }

    /** What the source reads, for messages: {@code topic 'a'}, {@code topics 'a', 'b'}, {@code topics matching …}. */
    String describeTopics() {
        if (pattern != null) {
            return "topics matching '" + pattern.pattern() + "'";
        }
        return (topics.size() == 1 ? "topic '" : "topics '") + String.join("', '", topics) + "'";
    }

    /** Which columns record keys and values hold. */
    KafkaLayout layout() {
        return layout;
    }

    ValidatedOptions options() {
        return options;
    }

    boolean bounded() {
        return !KafkaOptions.UNBOUNDED.equals(options.get(KafkaOptions.SCAN_BOUNDED_MODE));
    }

    String groupId() {
        return options.get(KafkaOptions.GROUP_ID);
    }

    /**
     * What the source reads: committed records only unless the user asks otherwise, so that the output of an
     * exactly-once sink is read exactly once (Kafka's own default is read_uncommitted).
     */
    IsolationLevel isolationLevel() {
        String level = options.passThrough(KafkaOptions.PROPERTIES_PREFIX).get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        return level == null
                ? IsolationLevel.READ_COMMITTED
                : IsolationLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
    }

    /** Consumer settings: the user's, then what the reader relies on (manual assignment, no auto commit). */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = Clients.common(options);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel().toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (groupId() != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        }
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        return config;
    }
}
