package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Committing a checkpoint's offsets back to the group, on a broker of this class's own whose group coordinator has
 * never been used when the test commits.
 */
public class KafkaSourceGroupCommitTest {

    private static KafkaBroker broker;

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * A reader whose task has stopped taking batches (backpressure) still commits a completed checkpoint's offsets,
     * including those of partitions it has not emitted anything from yet: small polls fill the handover queue, so the
     * fetcher is waiting to hand over when the commit arrives. On this class's own broker, nothing has used a group
     * before: the group coordinator is not available yet at the first commit (the offsets topic is created on first
     * use), and no checkpoint follows to commit again, so the retriable failure must be retried.
     */
    @Test
    public void offsetsAreCommittedToTheGroupWhileTheReaderIsBackpressuredAndTheCoordinatorStarting() throws Exception {
        String topic = "bp";
        broker.createTopic(topic, 2);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            records.add(new ProducerRecord<>(topic, i % 2, null, Harness.json(i, "k", i * 10L)));
        }
        try (KafkaProducer<String, String> producer = Harness.producer(broker.bootstrapServers(), null)) {
            Harness.sendAll(producer, records);
        }
        String group = "g-" + topic;
        try (Harness h = new Harness(
                1,
                "topic",
                topic,
                "properties.bootstrap.servers",
                broker.bootstrapServers(),
                "format",
                "json",
                "scan.startup.mode",
                "earliest-offset",
                "properties.group.id",
                group,
                "properties.max.poll.records",
                "5")) {
            h.start(null, null);
            h.runUntil(() -> h.rows.size() >= 10, Duration.ofSeconds(30));
            Thread.sleep(500); // the task polls no more: the fetcher fills the handover queue and waits
            Map<TopicPartition, Long> expected = new HashMap<>();
            h.snapshotReaders(1)
                    .values()
                    .forEach(list ->
                            list.forEach(s -> expected.put(new TopicPartition(s.topic(), s.partition()), s.offset())));
            assertEquals("both partitions are being read", 2, expected.size());
            h.checkpointComplete(1);
            awaitGroupOffsets(group, expected);
        }
    }

    /** Waits until the group's committed offsets are {@code expected}: offsets are committed asynchronously. */
    private static void awaitGroupOffsets(String group, Map<TopicPartition, Long> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<TopicPartition, Long> actual;
        while (!expected.equals(actual = groupOffsets(group))) {
            assertTrue("group offsets " + actual + " never became " + expected, System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private static Map<TopicPartition, Long> groupOffsets(String group) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, Long> out = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }
}
