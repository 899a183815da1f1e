package io.sabot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka benchmark's ceiling: {@code consumers} plain kafka-clients consumers, the topic's partitions spread over
 * them as over Sabot's source subtasks, each reading from the beginning to the end offsets and touching every value,
 * nothing decoded. Made in Sabot's class loader ({@link EngineLoaders#inSabotLoader}), so it runs the kafka-clients
 * that Sabot's connector embeds, whatever the harness's class path holds (Flink's connector needs an older one).
 * {@link #call} reads the topic once and returns the nanoseconds it took.
 */
public final class KafkaConsumerBaseline implements Callable<Long> {

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final int consumers;
    private final long records;

    public KafkaConsumerBaseline(
            String bootstrapServers, String topic, Integer partitions, Integer consumers, Long records) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.consumers = consumers;
        this.records = records;
    }

    @Override
    public Long call() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        try {
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                List<TopicPartition> mine = new ArrayList<>();
                for (int p = c; p < partitions; p += consumers) {
                    mine.add(new TopicPartition(topic, p));
                }
                counts.add(pool.submit(() -> consume(mine)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            long nanos = System.nanoTime() - start;
            if (total != records) {
                throw new IllegalStateException("the consumers read " + total + " records, not " + records);
            }
            return nanos;
        } finally {
            pool.shutdownNow();
        }
    }

    private long consume(List<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return 0;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // as both engines' sources read
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long count = 0;
        long touched = 0;
        // kafka-clients loads its plug-ins (metrics reporters, ...) through the context loader: this class's
        Thread.currentThread().setContextClassLoader(KafkaConsumerBaseline.class.getClassLoader());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(assigned));
            end.values().removeIf(o -> o == 0);
            while (!end.isEmpty()) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    touched += record.value()[0]; // every value read, as a reader must
                    count++;
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        if (touched != count * '{') {
            throw new IllegalStateException("a value does not start with '{'");
        }
        return count;
    }
}
