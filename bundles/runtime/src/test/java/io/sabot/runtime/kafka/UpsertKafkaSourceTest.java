package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.connector.kafka.internal.UpsertKafkaTableFactory;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.format.raw.internal.RawFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * Reading {@code upsert-kafka} tables on a real broker: updates and tombstones of accounts spread over partitions are
 * normalised by the primary key, so a GROUP BY over them (the sum per region of each account's latest row) equals a
 * reference computed here from what was produced, at parallelism 1 and 2, written into an upsert topic as well; a job
 * restored from a checkpoint after more updates and tombstones ends at the reference too; a record without key or
 * with a key that does not decode fails the job naming it.
 */
public class UpsertKafkaSourceTest {

    private static final String[] REGIONS = {"eu", "us", "ap"};
    private static final int PARTITIONS = 3;

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

    /** The last value per account produced so far; the reference is computed from it. */
    private static final class Accounts {
        final Map<String, String[]> latest = new HashMap<>();
        final Random random;
        final String topic;

        /** The JSON field of the amount: {@code amount}, or the example's {@code balance}. */
        String amountField = "amount";
        /** Whether values carry a {@code ts} (minute {@code amount % 60} of a day). */
        boolean withTime;

        Accounts(String topic, long seed) {
            this.topic = topic;
            this.random = new Random(seed);
        }

        /** Produces {@code n} upserts and tombstones of 60 accounts, each account on its partition. */
        void produce(int n) {
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < n; i++) {
                    int a = random.nextInt(60);
                    String account = "acct-" + a;
                    int partition = a % PARTITIONS;
                    if (random.nextInt(5) == 0) {
                        producer.send(new ProducerRecord<>(topic, partition, account, null));
                        latest.remove(account);
                    } else {
                        String region = REGIONS[random.nextInt(REGIONS.length)];
                        long amount = random.nextInt(100);
                        producer.send(new ProducerRecord<>(
                                topic,
                                partition,
                                account,
                                "{\"account\":\"" + account + "\",\"region\":\"" + region + "\",\"" + amountField
                                        + "\":" + amount
                                        + (withTime
                                                ? ",\"ts\":\"" + String.format("2026-01-01 00:%02d:00", amount % 60)
                                                        + "\""
                                                : "")
                                        + "}"));
                        latest.put(account, new String[] {region, Long.toString(amount)});
                    }
                }
                producer.flush();
            }
        }

        /** SUM(amount) per region over each account's latest row. */
        Map<String, Long> sums() {
            Map<String, Long> sums = new TreeMap<>();
            latest.values().forEach(v -> sums.merge(v[0], Long.parseLong(v[1]), Long::sum));
            return sums;
        }
    }

    private static String accountsDdl(String table, String topic, boolean bounded) {
        return """
                CREATE TABLE %1$s (account STRING, region STRING, amount BIGINT, PRIMARY KEY (account) NOT ENFORCED)
                WITH ('connector' = 'upsert-kafka', 'topic' = '%2$s', 'properties.bootstrap.servers' = '%3$s',
                      'key.format' = 'raw', 'value.format' = 'json' %4$s);
                """
                .formatted(
                        table,
                        topic,
                        broker.bootstrapServers(),
                        bounded ? ", 'scan.bounded.mode' = 'latest-offset'" : "");
    }

    private static String totalsDdl(String topic) {
        return """
                CREATE TABLE totals (region STRING, total BIGINT, PRIMARY KEY (region) NOT ENFORCED)
                WITH ('connector' = 'upsert-kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '%2$s',
                      'key.format' = 'raw', 'value.format' = 'json');
                """
                .formatted(topic, broker.bootstrapServers());
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

    @Test
    public void groupByOverAnUpsertTopicEqualsTheReferenceAtParallelismOneAndTwo() throws Exception {
        broker.createTopic("accounts", PARTITIONS);
        Accounts accounts = new Accounts("accounts", 7);
        accounts.produce(1_500);
        Map<String, Long> expected = accounts.sums();
        String query = "SELECT region, SUM(amount) FROM accounts GROUP BY region";
        for (int p = 1; p <= 2; p++) {
            try (StreamingSqlExecutor executor = executor(p)) {
                executor.executeDdl(accountsDdl("accounts", "accounts", true));
                String plan = executor.explain(query);
                assertTrue(plan, plan.contains("ChangelogNormalize(key=[account])"));
                assertEquals("p=" + p, expected, materialize(executor, query));

                // the same into an upsert topic, and the table copied into another upsert topic
                broker.createTopic("totals-p" + p, 1);
                broker.createTopic("copy-p" + p, PARTITIONS);
                executor.executeDdl(totalsDdl("totals-p" + p));
                executor.executeDdl(accountsDdl("copy", "copy-p" + p, false));
                insert(executor, "INSERT INTO totals " + query);
                insert(executor, "INSERT INTO copy SELECT * FROM accounts");
                Map<String, String> totals = compacted("totals-p" + p);
                Map<String, String> expectedTotals = new TreeMap<>();
                expected.forEach((region, sum) ->
                        expectedTotals.put(region, "{\"region\":\"" + region + "\",\"total\":" + sum + "}"));
                assertEquals("p=" + p, expectedTotals, totals);
                Map<String, String> copy = compacted("copy-p" + p);
                assertEquals("p=" + p, accounts.latest.keySet(), copy.keySet());
                for (Map.Entry<String, String> e : copy.entrySet()) {
                    String[] latest = accounts.latest.get(e.getKey());
                    assertTrue(e.getValue(), e.getValue().contains("\"region\":\"" + latest[0] + "\""));
                    assertTrue(e.getValue(), e.getValue().contains("\"amount\":" + latest[1] + "}"));
                }
            }
        }
    }

    /**
     * An unbounded job writing the sums into an upsert topic, stopped after checkpoints; more updates and tombstones
     * arrive; restored from its latest checkpoint (at another parallelism), it ends at the reference: the restored
     * last rows are retracted by the new updates.
     */
    @Test
    public void restoredFromACheckpointTheResultEqualsTheReference() throws Exception {
        broker.createTopic("accounts-restored", PARTITIONS);
        broker.createTopic("totals-restored", 1);
        Accounts accounts = new Accounts("accounts-restored", 11);
        accounts.produce(800);
        Path checkpoints = Files.createTempDirectory("upsert-restore");
        String ddl = accountsDdl("accounts", "accounts-restored", false) + totalsDdl("totals-restored")
                + "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'upsert-restored';\n";
        String insert = "INSERT INTO totals SELECT region, SUM(amount) FROM accounts GROUP BY region";
        Path jobDir = checkpoints.resolve("upsert-restored");
        Map<String, Long> firstSums = accounts.sums();
        for (int run = 0; run < 2; run++) {
            try (StreamingSqlExecutor executor = executor(2 - run)) {
                executor.executeDdl(ddl + (run > 0 ? "SET 'execution.savepoint.path' = 'latest';\n" : ""));
                QueryResult result = executor.executeStreamingSql(insert);
                Map<String, Long> expected = run == 0 ? firstSums : accounts.sums();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!expected.equals(totals("totals-restored"))) {
                    assertTrue(
                            "run " + run + ": " + totals("totals-restored") + " is not " + expected + "; "
                                    + result.status() + " " + result.failure().orElse(null),
                            System.nanoTime() < deadline && result.status() == JobInfo.State.RUNNING);
                    Thread.sleep(200);
                }
                if (run == 0) {
                    long before = latestCheckpoint(jobDir);
                    while (latestCheckpoint(jobDir) < before + 2) {
                        assertTrue(
                                "no checkpoints: " + result.status() + " "
                                        + result.failure().orElse(null),
                                System.nanoTime() < deadline && result.status() == JobInfo.State.RUNNING);
                        Thread.sleep(20);
                    }
                }
                result.cancel();
                result.awaitTermination();
                result.close();
            }
            if (run == 0) {
                accounts.produce(600); // updates and tombstones of keys the checkpoint holds rows of
                assertNotEquals("the new records change the result", firstSums, accounts.sums());
            }
        }
    }

    @Test
    public void recordsWithoutKeyOrWithAKeyThatDoesNotDecodeFailTheJobNamingThem() throws Exception {
        broker.createTopic("keyless", 1);
        broker.createTopic("badkey", 1);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("keyless", 0, "{\"id\":1}", "{\"id\":1,\"n\":1}"));
            producer.send(new ProducerRecord<>("keyless", 0, null, "{\"id\":2,\"n\":2}"));
            producer.send(new ProducerRecord<>("badkey", 0, "{\"id\":1}", "{\"id\":1,\"n\":1}"));
            producer.send(new ProducerRecord<>("badkey", 0, "not json", null)); // a tombstone with a bad key
        }
        try (StreamingSqlExecutor executor = executor(1)) {
            for (String topic : List.of("keyless", "badkey")) {
                executor.executeDdl(
                        """
                        CREATE TABLE %1$s (id BIGINT, n BIGINT, PRIMARY KEY (id) NOT ENFORCED)
                        WITH ('connector' = 'upsert-kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '%2$s',
                              'key.format' = 'json', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset')
                        """
                                .formatted(topic, broker.bootstrapServers()));
            }
            String keyless = failure(executor, "SELECT id, SUM(n) FROM keyless GROUP BY id");
            assertTrue(keyless, keyless.contains("offset 1") && keyless.contains("has no key"));
            assertTrue(keyless, keyless.contains("topic 'keyless', partition 0"));
            String badKey = failure(executor, "SELECT id, SUM(n) FROM badkey GROUP BY id");
            assertTrue(badKey, badKey.contains("offset 1") && badKey.contains("key:"));
            assertTrue(badKey, badKey.contains("topic 'badkey', partition 0"));

            executor.executeDdl(
                    """
                    CREATE TABLE nokey (id BIGINT, n BIGINT)
                    WITH ('connector' = 'upsert-kafka', 'topic' = 'keyless', 'properties.bootstrap.servers' = '%s',
                          'key.format' = 'json', 'value.format' = 'json')
                    """
                            .formatted(broker.bootstrapServers()));
            String noKey = failure(executor, "SELECT id FROM nokey");
            assertTrue(noKey, noKey.contains("PRIMARY KEY"));
        }
    }

    /**
     * A WATERMARK and a computed column on an upsert table: the watermark is assigned per partition before the
     * normalisation (tombstones carry no time), the computed column is projected before it, and the sums are the
     * reference's.
     */
    @Test
    public void watermarksAndComputedColumnsOnAnUpsertTable() throws Exception {
        broker.createTopic("accounts-timed", PARTITIONS);
        Accounts accounts = new Accounts("accounts-timed", 5);
        accounts.withTime = true;
        accounts.produce(600);
        Map<String, Long> expected = new TreeMap<>();
        accounts.sums().forEach((region, sum) -> expected.put(region, sum * 2));
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(
                    """
                    CREATE TABLE timed (account STRING, region STRING, amount BIGINT, doubled AS amount * 2,
                      ts TIMESTAMP(3),
                      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (account) NOT ENFORCED)
                    WITH ('connector' = 'upsert-kafka', 'topic' = 'accounts-timed', 'properties.bootstrap.servers' = '%s',
                          'key.format' = 'raw', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset')
                    """
                            .formatted(broker.bootstrapServers()));
            String query = "SELECT region, SUM(doubled) FROM timed GROUP BY region";
            String plan = executor.explain(query);
            assertTrue(plan, plan.contains("WatermarkAssigner") && plan.contains("ChangelogNormalize"));
            assertEquals(expected, materialize(executor, query));
        }
    }

    /** examples/sql/kafka_upsert_read.sql, as the README runs it, over an accounts topic produced here. */
    @Test
    public void theReadingExampleKeepsTheBalancesPerRegion() throws Exception {
        broker.createTopic("accounts-example", PARTITIONS);
        broker.createTopic("balances-example", 1, Map.of("cleanup.policy", "compact"));
        Accounts accounts = new Accounts("accounts-example", 3);
        accounts.amountField = "balance";
        accounts.produce(1_000);
        Map<String, String> expected = new TreeMap<>();
        Map<String, long[]> byRegion = new TreeMap<>();
        accounts.latest.values().forEach(v -> {
            long[] t = byRegion.computeIfAbsent(v[0], r -> new long[2]);
            t[0]++;
            t[1] += Long.parseLong(v[1]);
        });
        byRegion.forEach((region, t) -> expected.put(
                region, "{\"region\":\"" + region + "\",\"accounts\":" + t[0] + ",\"balance\":" + t[1] + "}"));
        String script = Files.readString(Path.of(System.getProperty("sabot.examples", "../../examples/sql"))
                .resolve("kafka_upsert_read.sql"));
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeScript(
                    script,
                    Map.of(
                            "BOOTSTRAP", broker.bootstrapServers(),
                            "ACCOUNTS", "accounts-example",
                            "BALANCES", "balances-example"),
                    new StreamingSqlExecutor.ScriptListener() {
                        @Override
                        public void onMessage(String text) {}

                        @Override
                        public void onQuery(String sql, QueryResult result) {
                            try {
                                result.awaitTermination();
                            } catch (InterruptedException e) {
                                throw new AssertionError(e);
                            }
                            assertEquals(
                                    sql + ": " + result.failure().orElse(null),
                                    JobInfo.State.FINISHED,
                                    result.status());
                        }
                    });
        }
        assertEquals(expected, compacted("balances-example"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Runs a bounded changelog query to its end and applies its changelog: key (a string) to value (a long). */
    private static Map<String, Long> materialize(StreamingSqlExecutor executor, String sql) throws Exception {
        Map<String, Long> table = new TreeMap<>();
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            for (VectorSchemaRoot batch : result) {
                VarCharVector keys = (VarCharVector) batch.getVector(0);
                BigIntVector values = (BigIntVector) batch.getVector(1);
                TinyIntVector kinds =
                        (TinyIntVector) batch.getVector(batch.getFieldVectors().size() - 1);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    String key = new String(keys.get(i), java.nio.charset.StandardCharsets.UTF_8);
                    RowKind kind = RowKind.fromCode(kinds.get(i));
                    if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                        table.put(key, values.get(i));
                    } else {
                        assertEquals("a retraction of the current row", Long.valueOf(values.get(i)), table.get(key));
                        table.remove(key);
                    }
                }
            }
            result.awaitTermination();
            assertEquals(sql + ": " + result.failure().orElse(null), JobInfo.State.FINISHED, result.status());
        }
        return table;
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

    /** How a query that must fail failed: the messages of the failure and its causes. */
    private static String failure(StreamingSqlExecutor executor, String sql) {
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            for (VectorSchemaRoot batch : result) {
                batch.getRowCount();
            }
            result.awaitTermination();
            assertEquals(sql, JobInfo.State.FAILED, result.status());
            return messages(result.failure().orElseThrow());
        } catch (Exception e) {
            return messages(e);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** The sums in an upsert topic of totals, by region (the last value per key; tombstones remove keys). */
    private static Map<String, Long> totals(String topic) {
        Map<String, Long> totals = new TreeMap<>();
        compacted(topic)
                .forEach((region, json) ->
                        totals.put(region, Long.parseLong(json.replaceAll(".*\"total\":(-?\\d+).*", "$1"))));
        return totals;
    }

    /** The last value per key of a topic, as a compacted topic keeps it (read_committed, from the start). */
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

    private static long latestCheckpoint(Path jobDir) throws java.io.IOException {
        List<Long> completed = io.sabot.engine.Checkpoints.completed(jobDir);
        return completed.isEmpty() ? 0 : completed.get(0);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }
}
