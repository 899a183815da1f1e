package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.VersionedSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One {@code INSERT INTO} a Kafka topic: rows encoded with the table's formats as record values and, when the table
 * has key columns, keys; for {@code upsert-kafka} a changelog, whose deletes become tombstones. At least once (flushed at every checkpoint), exactly once (a transaction per checkpoint, committed by the
 * {@link KafkaCommitter} when the checkpoint completes) or best effort. Holds configuration only.
 */
final class KafkaSink implements Sink<KafkaCommittable> {

    /** Kafka brokers refuse longer transactions by default ({@code transaction.max.timeout.ms}). */
    static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

    private final String tableName;
    private final ValidatedOptions options;
    private final String topic;
    private final String guarantee;
    private final KafkaLayout layout;
    private final boolean upsert;

    /**
     * @param layout which columns go into record keys and values
     * @param upsert whether the sink takes a changelog keyed by the record key ({@code upsert-kafka}): deletes become
     *     tombstones, update-befores are not written
     */
    KafkaSink(String tableName, ValidatedOptions options, KafkaLayout layout, boolean upsert) {
        this.tableName = tableName;
        this.options = options;
        this.topic = KafkaOptions.topics(options.require(KafkaOptions.TOPIC)).get(0);
        this.guarantee = options.get(KafkaOptions.SINK_DELIVERY_GUARANTEE);
        this.layout = layout;
        this.upsert = upsert;
    }

    @Override
    public ChangelogMode changelogMode() {
        return upsert ? ChangelogMode.UPSERT : ChangelogMode.INSERT_ONLY;
    }

    @Override
    public SinkWriter<KafkaCommittable> createWriter(SinkWriterContext context) {
        return new KafkaWriter(this, context);
    }

    @Override
    public Optional<Committer<KafkaCommittable>> createCommitter() {
        return exactlyOnce() ? Optional.of(new KafkaCommitter(this)) : Optional.empty();
    }

    @Override
    public VersionedSerializer<KafkaCommittable> committableSerializer() {
        return KafkaSerializers.COMMITTABLE;
    }

    String tableName() {
        return tableName;
    }

    String topic() {
        return topic;
    }

    ValidatedOptions options() {
        return options;
    }

    KafkaLayout layout() {
        return layout;
    }

    boolean exactlyOnce() {
        return KafkaOptions.EXACTLY_ONCE.equals(guarantee);
    }

    String transactionalIdPrefix() {
        return options.get(KafkaOptions.SINK_TRANSACTIONAL_ID_PREFIX);
    }

    /**
     * Refuses an exactly-once sink whose transactions would time out before the checkpoint that commits them: a
     * transaction opens at one checkpoint and commits when the next completes, so it lives longer than an interval
     * (Flink only logs this; here the job does not start, since the broker would abort the output and the commit
     * would fail at every checkpoint).
     */
    void checkTransactionTimeout(java.util.OptionalLong checkpointIntervalMillis) {
        if (checkpointIntervalMillis.isEmpty()) {
            return;
        }
        Object configured = producerConfig("probe").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        long timeout;
        try {
            timeout = Long.parseLong(String.valueOf(configured).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("table '" + tableName + "': option 'properties."
                    + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + "' is not a number of milliseconds: '" + configured
                    + "'");
        }
        long interval = checkpointIntervalMillis.getAsLong();
        if (timeout <= interval) {
            throw new IllegalArgumentException("table '" + tableName + "': exactly-once Kafka sink with transaction "
                    + "timeout " + timeout + " ms (option 'properties." + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG
                    + "') not longer than the checkpoint interval " + interval + " ms "
                    + "('execution.checkpointing.interval'): a transaction stays open from one checkpoint until the "
                    + "next completes, so the broker would abort it first. Raise the timeout (at most the broker's "
                    + "transaction.max.timeout.ms, 15 min by default) or checkpoint more often.");
        }
    }

    /** Producer settings: the user's, then what the guarantee needs; transactional ones with {@code transactionalId}. */
    /** The user's client settings and bootstrap servers, for an admin client of the sink. */
    Map<String, Object> clientConfig() {
        return Clients.common(options);
    }

    Map<String, Object> producerConfig(String transactionalId) {
        Map<String, Object> config = new HashMap<>(Clients.common(options));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (!KafkaOptions.NONE.equals(guarantee)) {
            config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        }
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
        }
        return config;
    }
}
