package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.connector.kafka.internal.UpsertKafkaTableFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.format.raw.internal.RawFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * An upsert-kafka sink keyed by {@code region} fed by {@code GROUP BY account, region} over an upsert topic of
 * accounts that move between regions, on a real broker: with {@code table.exec.sink.upsert-materialize} AUTO the
 * planner materializes by region and the compacted topic holds, for each region with a live account, one of that
 * region's live rows (computed here from what was produced), and no other region; with NONE the delete or move of
 * an account deletes its region although other accounts are still there. When the query's key is the sink's, AUTO adds
 * nothing (EXPLAIN), FORCE does, and a bad value is refused naming the key.
 */
public class UpsertSinkMaterializeTest {

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

    private static final String QUERY =
            "INSERT INTO by_region SELECT region, account, SUM(amount) FROM accounts GROUP BY account, region";

    /**
     * Accounts a0…a9 in ap, b0…b9 spread over eu and us, then a0…a4 move to us and b0, b1 are deleted: ap keeps
     * a5…a9, but its last change is a move out. One partition, so the order is the produced one. Returns the live
     * (region, account, amount) rows.
     */
    private static Map<String, String[]> produce(String topic) {
        Map<String, String[]> live = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 10; i++) {
                send(producer, topic, live, "a" + i, "ap", 10 + i);
                send(producer, topic, live, "b" + i, i % 2 == 0 ? "eu" : "us", 20 + i);
            }
            for (int i = 0; i < 5; i++) {
                send(producer, topic, live, "a" + i, "us", 30 + i);
            }
            for (int i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "b" + i, null));
                live.remove("b" + i);
            }
            producer.flush();
        }
        return live;
    }

    private static void send(
            KafkaProducer<String, String> producer,
            String topic,
            Map<String, String[]> live,
            String account,
            String region,
            long amount) {
        producer.send(new ProducerRecord<>(
                topic,
                0,
                account,
                "{\"account\":\"" + account + "\",\"region\":\"" + region + "\",\"amount\":" + amount + "}"));
        live.put(account, new String[] {region, account, Long.toString(amount)});
    }

    /** The sink rows a compacted topic may hold per region: each live account's row, as JSON. */
    private static Map<String, Set<String>> allowed(Map<String, String[]> live) {
        Map<String, Set<String>> allowed = new TreeMap<>();
        live.values().forEach(r -> allowed.computeIfAbsent(r[0], k -> new HashSet<>())
                .add("{\"region\":\"" + r[0] + "\",\"account\":\"" + r[1] + "\",\"total\":" + r[2] + "}"));
        return allowed;
    }

    /** Whether every region with a live account holds one of its rows, and no other region is in the topic. */
    private static boolean correct(Map<String, String> compacted, Map<String, Set<String>> allowed) {
        if (!compacted.keySet().equals(allowed.keySet())) {
            return false;
        }
        return compacted.entrySet().stream()
                .allMatch(e -> allowed.get(e.getKey()).contains(e.getValue()));
    }

    private static String ddl(String source, String sink) {
        return """
                CREATE TABLE accounts (account STRING, region STRING, amount BIGINT, PRIMARY KEY (account) NOT ENFORCED)
                WITH ('connector' = 'upsert-kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '%3$s',
                      'key.format' = 'raw', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');
                CREATE TABLE by_region (region STRING, account STRING, total BIGINT, PRIMARY KEY (region) NOT ENFORCED)
                WITH ('connector' = 'upsert-kafka', 'topic' = '%2$s', 'properties.bootstrap.servers' = '%3$s',
                      'key.format' = 'raw', 'value.format' = 'json');
                CREATE TABLE totals (region STRING, total BIGINT, PRIMARY KEY (region) NOT ENFORCED)
                WITH ('connector' = 'upsert-kafka', 'topic' = '%2$s', 'properties.bootstrap.servers' = '%3$s',
                      'key.format' = 'raw', 'value.format' = 'json');
                """
                .formatted(source, sink, broker.bootstrapServers());
    }

    @Test
    public void groupByAccountRegionIntoASinkKeyedByRegionKeepsTheLiveRows() throws Exception {
        broker.createTopic("moves", 1);
        Map<String, Set<String>> allowed = allowed(produce("moves"));
        assertTrue("ap keeps accounts after its last change, a move out", allowed.containsKey("ap"));
        for (int p = 1; p <= 2; p++) {
            String sink = "by-region-p" + p;
            broker.createTopic(sink, 1);
            try (StreamingSqlExecutor executor = executor(p)) {
                executor.executeDdl(ddl("moves", sink));
                String plan = executor.explain(QUERY);
                assertTrue(plan, plan.contains("SinkUpsertMaterialize(key=[region])"));
                insert(executor, QUERY);
            }
            Map<String, String> compacted = compacted(sink);
            assertTrue("p=" + p + ": " + compacted + " allowed " + allowed, correct(compacted, allowed));
        }
    }

    @Test
    public void withNoneTheSinkLosesRegionsThatStillHaveAccounts() throws Exception {
        broker.createTopic("moves-none", 1);
        broker.createTopic("by-region-none", 1);
        Map<String, Set<String>> allowed = allowed(produce("moves-none"));
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl("moves-none", "by-region-none"));
            executor.executeDdl("SET 'table.exec.sink.upsert-materialize' = 'none'");
            String plan = executor.explain(QUERY);
            assertFalse(plan, plan.contains("SinkUpsertMaterialize"));
            insert(executor, QUERY);
        }
        Map<String, String> compacted = compacted("by-region-none");
        assertFalse("without the materializer: " + compacted + " allowed " + allowed, correct(compacted, allowed));
    }

    @Test
    public void autoAddsNothingWhenTheQueryIsKeyedByTheSinksKeyAndForceDoes() throws Exception {
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl("unused", "unused-sink"));
            String keyed = "INSERT INTO totals SELECT region, SUM(amount) FROM accounts GROUP BY region";
            String plan = executor.explain(keyed);
            assertTrue(plan, plan.contains("GroupAggregate"));
            assertFalse(plan, plan.contains("SinkUpsertMaterialize"));
            // the same key reached through a projection that reorders the columns
            String projected = "INSERT INTO totals SELECT r, t FROM (SELECT SUM(amount) AS t, region AS r FROM"
                    + " accounts GROUP BY region)";
            plan = executor.explain(projected);
            assertFalse(plan, plan.contains("SinkUpsertMaterialize"));
            // a key cast without merging values (BIGINT to STRING)
            plan = executor.explain(
                    "INSERT INTO totals SELECT CAST(amount AS STRING), COUNT(*) FROM accounts GROUP BY amount");
            assertFalse(plan, plan.contains("SinkUpsertMaterialize"));
            // a filter on the aggregate's result may drop an update-after whose update-before passed
            plan = executor.explain("INSERT INTO totals SELECT region, SUM(amount) FROM accounts GROUP BY region"
                    + " HAVING SUM(amount) > 10");
            assertTrue(plan, plan.contains("SinkUpsertMaterialize(key=[region])"));
            executor.executeDdl("SET 'table.exec.sink.upsert-materialize' = 'FORCE'");
            plan = executor.explain(keyed);
            assertTrue(plan, plan.contains("SinkUpsertMaterialize(key=[region])"));
            Exception e = assertThrows(
                    Exception.class,
                    () -> executor.executeDdl("SET 'table.exec.sink.upsert-materialize' = 'SOMETIMES'"));
            assertTrue(
                    e.getMessage(),
                    e.getMessage()
                            .contains("Invalid value 'SOMETIMES' for 'table.exec.sink.upsert-materialize': allowed"
                                    + " values are 'NONE', 'AUTO' and 'FORCE'"));
        }
    }

    private static StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new KafkaTableFactory(),
                        new UpsertKafkaTableFactory(),
                        new JsonFormatFactory(),
                        new RawFormatFactory()))
                .build();
    }

    private static void insert(StreamingSqlExecutor executor, String sql) throws InterruptedException {
        try (QueryResult insert = executor.executeStreamingSql(sql)) {
            insert.awaitTermination();
            assertEquals(
                    sql + " ended " + insert.status() + ": " + insert.failure().orElse(null),
                    JobInfo.State.FINISHED,
                    insert.status());
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    /** The topic read to its end and compacted by key: the last value per key, tombstones removing it. */
    private static Map<String, String> compacted(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, String> view = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " took more than 30 s", System.nanoTime() < deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        view.remove(r.key());
                    } else {
                        view.put(r.key(), r.value());
                    }
                }
            }
        }
        return view;
    }
}
