package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.Harness.Row;
import io.sabot.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Several topics as one table against a real broker: a {@code topic} list read at parallelism 1 and 2, a {@code
 * topic-pattern} that picks up a topic created while the source runs, and a restore whose pattern now matches a topic
 * the checkpoint did not know (started as the startup mode says, while the known topic continues exactly after the
 * checkpoint).
 */
public class KafkaTopicsTest {

    private static KafkaBroker broker;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

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

    /** A fresh prefix for the topics of one test. */
    private static String prefix() {
        return "multi" + PREFIXES.incrementAndGet() + "-";
    }

    /** Ids {@code from..from+count-1} spread round-robin, record timestamps id * 1000. */
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

    private static String[] options(String topicKey, String topics, String... more) {
        List<String> all = new ArrayList<>(
                List.of(topicKey, topics, "properties.bootstrap.servers", broker.bootstrapServers(), "format", "json"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Topic name -> ids read from it, in a sorted map; fails on an id read twice from one topic. */
    private static Map<String, Set<Long>> byTopic(List<Row> rows) {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (Row row : rows) {
            String topic = row.split().substring(0, row.split().lastIndexOf('-'));
            assertTrue(
                    "id " + row.id() + " read twice from " + topic,
                    out.computeIfAbsent(topic, t -> new HashSet<>()).add(row.id()));
            assertEquals(row.id() * 10, row.v());
        }
        return out;
    }

    private static Set<Long> range(int from, int to) {
        Set<Long> ids = new HashSet<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    public void aTopicListIsReadAsOneTableAtParallelismOneAndTwo() throws Exception {
        String p = prefix();
        broker.createTopic(p + "eu", 2);
        broker.createTopic(p + "us", 3);
        broker.createTopic(p + "other", 1);
        produce(p + "eu", 2, 0, 300);
        produce(p + "us", 3, 300, 450);
        produce(p + "other", 1, 0, 10); // not in the list
        Map<String, Set<Long>> reference = Map.of(p + "eu", range(0, 300), p + "us", range(300, 750));
        for (int parallelism : new int[] {1, 2}) {
            try (Harness h = new Harness(
                    parallelism,
                    options(
                            "topic",
                            p + "eu; " + p + "us",
                            "scan.startup.mode",
                            "earliest-offset",
                            "scan.bounded.mode",
                            "latest-offset"))) {
                h.start(null, null);
                h.runUntil(h::allEnded, Duration.ofSeconds(60));
                assertEquals("parallelism " + parallelism, reference, byTopic(h.rows));
                Set<String> splits = new HashSet<>();
                h.assigned.values().forEach(splits::addAll);
                assertEquals(Set.of(p + "eu-0", p + "eu-1", p + "us-0", p + "us-1", p + "us-2"), splits);
                if (parallelism == 2) {
                    assertTrue("both readers have splits: " + h.assigned, h.assigned.size() == 2);
                }
            }
        }
    }

    /**
     * Started at the latest offsets, the pattern's topic is read from where the job started; a matching topic created
     * later is discovered and read from its beginning, records written before discovery included; a topic that does
     * not match (the pattern must match the whole name) is not read.
     */
    @Test
    public void aPatternPicksUpATopicCreatedAfterTheJobStarted() throws Exception {
        String p = prefix();
        broker.createTopic(p + "a", 2);
        produce(p + "a", 2, 0, 100); // before the start: not read with latest-offset
        try (Harness h = new Harness(
                2,
                options(
                        "topic-pattern",
                        p.replace("-", "\\-") + "[a-z]",
                        "scan.startup.mode",
                        "latest-offset",
                        "scan.topic-partition-discovery.interval",
                        "200 ms"))) {
            h.start(null, null);
            h.runUntil(() -> h.assigned.values().stream().mapToInt(List::size).sum() == 2, Duration.ofSeconds(30));
            produce(p + "a", 2, 100, 20);
            broker.createTopic(p + "b", 3);
            broker.createTopic(p + "bb", 1); // the pattern matches one letter only
            produce(p + "b", 3, 500, 60);
            produce(p + "bb", 1, 900, 5);
            h.runUntil(() -> h.rows.size() >= 80, Duration.ofSeconds(60));
            h.runFor(Duration.ofSeconds(1)); // records that should not come would come meanwhile
            assertEquals(Map.of(p + "a", range(100, 120), p + "b", range(500, 560)), byTopic(h.rows));
            Set<String> splits = new HashSet<>();
            h.assigned.values().forEach(splits::addAll);
            assertEquals(Set.of(p + "a-0", p + "a-1", p + "b-0", p + "b-1", p + "b-2"), splits);
        }
    }

    /**
     * Run 1 reads the pattern's one topic (ids 0 to 1999) from timestamp 50 s on and is checkpointed mid-way. Run 2 restores with a
     * pattern that also matches a topic created since: the known topic continues exactly after the checkpoint (no id
     * lost or read twice over both runs), the new one starts as the startup mode says (timestamp 50 s: its ids 50 to
     * 89, not 10 to 49 as reading from the earliest offset would).
     */
    @Test
    public void aRestoredPatternStartsNewlyMatchedTopicsPerTheStartupMode() throws Exception {
        String p = prefix();
        broker.createTopic(p + "a", 2);
        produce(p + "a", 2, 0, 2000);
        String[] startup = {"scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "50000"};
        Map<Integer, List<KafkaSplit>> splits;
        KafkaEnumeratorState enumeratorState;
        List<Row> before;
        try (Harness h = new Harness(2, options("topic-pattern", p.replace("-", "\\-") + "a", startup))) {
            h.start(null, null);
            h.runUntil(() -> h.rows.size() >= 300, Duration.ofSeconds(30));
            splits = h.snapshotReaders(1);
            enumeratorState = h.snapshotEnumerator(1);
            before = new ArrayList<>(h.rows);
        }
        assertTrue("checkpointed mid-way: " + before.size(), before.size() < 1950);
        broker.createTopic(p + "b", 2);
        produce(p + "b", 2, 10, 80); // ids 10..89, timestamps 10 s to 89 s
        try (Harness h = new Harness(2, options("topic-pattern", p.replace("-", "\\-") + "[ab]", startup))) {
            h.start(enumeratorState, splits);
            h.runUntil(() -> before.size() + h.rows.size() >= 1990, Duration.ofSeconds(60));
            h.runFor(Duration.ofSeconds(1));
            List<Row> all = new ArrayList<>(before);
            all.addAll(h.rows);
            assertEquals(Map.of(p + "a", range(50, 2000), p + "b", range(50, 90)), byTopic(all));
        }
    }

    /** Version 1 of the enumerator state (one topic, partitions without name) restores onto the table's topic. */
    @Test
    public void enumeratorStateOfTheOneTopicVersionIsRestored() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(2); // known partitions 0 and 1
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(0); // no unassigned split
            out.writeBoolean(true);
        }
        KafkaEnumeratorState state = KafkaSerializers.ENUMERATOR_STATE.deserialize(1, bytes.toByteArray());
        assertEquals(
                KafkaEnumeratorState.SINGLE_TOPIC,
                state.knownPartitions().get(0).topic());
        String p = prefix();
        broker.createTopic(p + "a", 3);
        produce(p + "a", 3, 0, 30);
        try (Harness h = new Harness(
                1,
                options(
                        "topic",
                        p + "a",
                        "scan.startup.mode",
                        "earliest-offset",
                        "scan.topic-partition-discovery.interval",
                        "200 ms"))) {
            h.start(state, null);
            h.runUntil(() -> h.rows.size() >= 10, Duration.ofSeconds(30));
            h.runFor(Duration.ofMillis(500));
            // partitions 0 and 1 were known (their splits live in reader state, not restored here): only 2 is new,
            // a new partition of a known topic, read from its beginning
            assertEquals(Map.of(0, List.of(p + "a-2")), h.assigned);
            assertEquals(Map.of(p + "a", Set.of(2L, 5L, 8L, 11L, 14L, 17L, 20L, 23L, 26L, 29L)), byTopic(h.rows));
            var serializer = KafkaSerializers.ENUMERATOR_STATE;
            KafkaEnumeratorState now = h.snapshotEnumerator(2);
            assertEquals(2, serializer.version());
            assertEquals(
                    Set.of(p + "a-0", p + "a-1", p + "a-2"),
                    new HashSet<>(
                            now.knownPartitions().stream().map(Object::toString).toList()));
        }
    }
}
