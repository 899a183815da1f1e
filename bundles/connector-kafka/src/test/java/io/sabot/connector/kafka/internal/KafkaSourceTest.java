package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.kafka.internal.Harness.Row;
import io.sabot.plugin.PluginException;
import io.sabot.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The source against a real broker: splits per partition, startup and bounded modes, checkpoints, discovery. */
public class KafkaSourceTest {

    private static KafkaBroker broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();

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

    /** A fresh topic with {@code count} records spread round-robin, ids 0..count-1, record timestamps id * 1000. */
    private static String topicWith(int partitions, int count) {
        String topic = "t" + TOPICS.incrementAndGet();
        broker.createTopic(topic, partitions);
        produce(topic, partitions, 0, count);
        return topic;
    }

    private static void produce(String topic, int partitions, int from, int count) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new ProducerRecord<>(
                    topic, i % partitions, (long) i * 1000, null, Harness.json(i, "k" + (i % 7), i * 10L)));
        }
        try (KafkaProducer<String, String> producer = Harness.producer(broker.bootstrapServers(), null)) {
            Harness.sendAll(producer, records);
        }
    }

    private static Set<Long> range(int from, int to) {
        Set<Long> ids = new HashSet<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static String[] options(String topic, String... more) {
        List<String> all = new ArrayList<>(
                List.of("topic", topic, "properties.bootstrap.servers", broker.bootstrapServers(), "format", "json"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    public void boundedReadSpreadsPartitionsAndReadsEveryCommittedRecordOnce() throws Exception {
        String topic = topicWith(4, 1000);
        // an aborted transaction must not be read, a committed one must
        try (KafkaProducer<String, String> tx = Harness.producer(broker.bootstrapServers(), "src-test-tx")) {
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 50; i++) {
                tx.send(new ProducerRecord<>(topic, i % 4, null, Harness.json(-1 - i, "aborted", 0)));
            }
            tx.abortTransaction();
            tx.beginTransaction();
            for (int i = 1000; i < 1100; i++) {
                tx.send(new ProducerRecord<>(topic, i % 4, null, Harness.json(i, "k", i * 10L)));
            }
            tx.commitTransaction();
        }
        // bounded by the latest offset read_committed sees: wait for the commit markers, written asynchronously
        Harness.awaitTransactionsCompleted(broker.bootstrapServers(), topic, 4);
        try (Harness h = new Harness(
                2, options(topic, "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))) {
            h.start(null, null);
            h.runUntil(h::allEnded, Duration.ofSeconds(30));
            assertEquals(1100, h.rows.size());
            assertEquals(range(0, 1100), Harness.ids(h.rows));
            assertEquals("two partitions per reader", 2, h.assigned.get(0).size());
            assertEquals("two partitions per reader", 2, h.assigned.get(1).size());
            for (Row row : h.rows) {
                assertEquals("row " + row.id() + " from its partition", topic + "-" + row.id() % 4, row.split());
                assertEquals(row.id() * 10, row.v());
            }
        }
    }

    @Test
    public void restoredReadersContinueExactlyAfterTheCheckpointAndCommitOffsetsToTheGroup() throws Exception {
        String topic = topicWith(4, 2000);
        String[] options = options(
                topic,
                "scan.startup.mode",
                "earliest-offset",
                "scan.bounded.mode",
                "latest-offset",
                "group.id",
                "g-" + topic);
        Map<Integer, List<KafkaSplit>> splits;
        KafkaEnumeratorState enumeratorState;
        List<Row> before;
        try (Harness h = new Harness(2, options)) {
            h.start(null, null);
            h.runUntil(() -> h.rows.size() >= 700, Duration.ofSeconds(30));
            splits = h.snapshotReaders(1);
            enumeratorState = h.snapshotEnumerator(1);
            h.checkpointComplete(1);
            before = new ArrayList<>(h.rows);
            // the committed group offsets are the checkpoint's positions (committed asynchronously)
            Map<TopicPartition, Long> expected = new HashMap<>();
            splits.values()
                    .forEach(list ->
                            list.forEach(s -> expected.put(new TopicPartition(s.topic(), s.partition()), s.offset())));
            awaitGroupOffsets(broker, "g-" + topic, expected);
        }
        // rows after the snapshot in the first run are lost with it: the restored run must re-read exactly those
        Map<String, Long> positions = new HashMap<>();
        splits.values().forEach(list -> list.forEach(s -> positions.put(s.splitId(), s.offset())));
        try (Harness h = new Harness(2, options)) {
            h.start(enumeratorState, splits);
            h.runUntil(h::allEnded, Duration.ofSeconds(30));
            Map<String, Integer> perSplitBefore = new HashMap<>();
            for (Row row : before) {
                perSplitBefore.merge(row.split(), 1, Integer::sum);
            }
            for (var e : positions.entrySet()) {
                // no transactions in this topic: one record per offset, so a position counts the rows emitted
                assertEquals(e.getKey(), (long) perSplitBefore.getOrDefault(e.getKey(), 0), (long) e.getValue());
            }
            List<Row> all = new ArrayList<>(before);
            all.addAll(h.rows);
            assertEquals("no duplicates", 2000, all.size());
            assertEquals(range(0, 2000), Harness.ids(all));
        }
    }

    /** Waits until the group's committed offsets are {@code expected}: offsets are committed asynchronously. */
    private static void awaitGroupOffsets(KafkaBroker broker, String group, Map<TopicPartition, Long> expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<TopicPartition, Long> actual;
        while (!expected.equals(actual = groupOffsets(broker, group))) {
            assertTrue("group offsets " + actual + " never became " + expected, System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private static Map<TopicPartition, Long> groupOffsets(KafkaBroker broker, String group) throws Exception {
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

    @Test
    public void startupModesChooseWhereEachPartitionStarts() throws Exception {
        String topic = topicWith(4, 400);
        // timestamp: record i has timestamp i * 1000
        assertEquals(
                range(250, 400),
                readBounded(topic, "scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "250000"));
        // specific offsets: partition 1 from offset 50 (ids 201, 205, …), others from the start
        Set<Long> expected = range(0, 400);
        expected.removeIf(id -> id % 4 == 1 && id / 4 < 50);
        assertEquals(
                expected,
                readBounded(
                        topic,
                        "scan.startup.mode",
                        "specific-offsets",
                        "scan.startup.specific-offsets",
                        "partition:1,offset:50"));
        // latest: nothing that is already there
        assertEquals(Set.of(), readBounded(topic, "scan.startup.mode", "latest-offset"));
        // group offsets: committed ones where present, earliest elsewhere
        String group = "g-start-" + topic;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 2), new OffsetAndMetadata(90)))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        }
        Set<Long> fromGroup = range(0, 400);
        fromGroup.removeIf(id -> id % 4 == 2 && id / 4 < 90);
        assertEquals(fromGroup, readBounded(topic, "scan.startup.mode", "group-offsets", "properties.group.id", group));
        // bounded by timestamp: stops before the first record at or after it
        assertEquals(
                range(0, 100),
                readBounded(
                        topic,
                        "scan.startup.mode",
                        "earliest-offset",
                        "scan.bounded.mode",
                        "timestamp",
                        "scan.bounded.timestamp-millis",
                        "100000"));
    }

    private Set<Long> readBounded(String topic, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of(more));
        if (!all.contains("scan.bounded.mode")) {
            all.addAll(List.of("scan.bounded.mode", "latest-offset"));
        }
        try (Harness h = new Harness(2, options(topic, all.toArray(String[]::new)))) {
            h.start(null, null);
            h.runUntil(h::allEnded, Duration.ofSeconds(30));
            assertEquals("no duplicates", Harness.ids(h.rows).size(), h.rows.size());
            return Harness.ids(h.rows);
        }
    }

    @Test
    public void unboundedSourceDiscoversNewPartitions() throws Exception {
        String topic = topicWith(2, 100);
        try (Harness h = new Harness(
                2,
                options(
                        topic,
                        "scan.startup.mode",
                        "earliest-offset",
                        "scan.topic-partition-discovery.interval",
                        "200 ms"))) {
            h.start(null, null);
            h.runUntil(() -> h.rows.size() >= 100, Duration.ofSeconds(30));
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
                        .all()
                        .get(10, TimeUnit.SECONDS);
            }
            produce(topic, 4, 100, 100); // ids 100..199 over all four partitions
            h.runUntil(() -> h.rows.size() >= 200, Duration.ofSeconds(30));
            assertEquals(range(0, 200), Harness.ids(h.rows));
            assertEquals(200, h.rows.size());
            Set<String> splits = new HashSet<>();
            h.assigned.values().forEach(splits::addAll);
            assertEquals(Set.of(topic + "-0", topic + "-1", topic + "-2", topic + "-3"), splits);
            assertFalse(h.allEnded());
        }
    }

    @Test
    public void recordThatDoesNotDecodeIsReportedWithTopicPartitionAndOffset() throws Exception {
        String topic = "bad" + TOPICS.incrementAndGet();
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = Harness.producer(broker.bootstrapServers(), null)) {
            producer.send(new ProducerRecord<>(topic, 0, null, Harness.json(1, "a", 1)));
            producer.send(new ProducerRecord<>(topic, 0, null, "{\"id\": oops}"));
        }
        try (Harness h = new Harness(
                1, options(topic, "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))) {
            h.start(null, null);
            try {
                h.runUntil(h::allEnded, Duration.ofSeconds(30));
                fail("a record that is not JSON was accepted");
            } catch (PluginException e) {
                String message = e.getMessage();
                assertTrue(message, message.contains("topic '" + topic + "'"));
                assertTrue(message, message.contains("partition 0"));
                assertTrue(message, message.contains("offset 1"));
            }
            assertEquals("the good record before it was emitted", Set.of(1L), Harness.ids(h.rows));
        }
    }
}
