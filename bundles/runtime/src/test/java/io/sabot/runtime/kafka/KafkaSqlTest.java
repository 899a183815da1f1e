package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * SQL end to end over a real broker: json records in a 4-partition topic, read bounded (to the offsets of the job's
 * start), aggregated in one-second tumbling windows and written to another topic with the exactly-once sink. The
 * committed output equals a reference computed here from the same records, at parallelism 1 and 2.
 */
public class KafkaSqlTest {

    private static final int RECORDS = 5000;
    private static final long BASE =
            LocalDateTime.parse("2024-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();

    private static KafkaBroker broker;
    private static Map<List<Long>, List<Long>> reference;

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("bids", 4);
        reference = new TreeMap<>((a, b) ->
                a.get(0).equals(b.get(0)) ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < RECORDS; i++) {
                long auction = i % 13;
                long price = (i * 7919L) % 1000;
                long ts = BASE + i * 37L; // in order within each partition: no late rows
                producer.send(new ProducerRecord<>("bids", i % 4, null, record(auction, price, ts)));
                // the reference: (auction, window start) -> (count, sum of price)
                List<Long> acc = reference.computeIfAbsent(
                        List.of(auction, ts - Math.floorMod(ts, 1000L)), k -> new ArrayList<>(List.of(0L, 0L)));
                acc.set(0, acc.get(0) + 1);
                acc.set(1, acc.get(1) + price);
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    static String record(long auction, long price, long ts) {
        String time = LocalDateTime.ofEpochSecond(ts / 1000, (int) (ts % 1000) * 1_000_000, ZoneOffset.UTC)
                .toString()
                .replace('T', ' ');
        return "{\"auction\":" + auction + ",\"price\":" + price + ",\"ts\":\"" + time + "\"}";
    }

    /** Records {@code from} to {@code to} of the class's data set into {@code topic}, as into {@code bids}. */
    private static void produce(String topic, int from, int to) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = from; i < to; i++) {
                producer.send(
                        new ProducerRecord<>(topic, i % 4, null, record(i % 13, (i * 7919L) % 1000, BASE + i * 37L)));
            }
        }
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void windowedAggregationAtParallelismOneMatchesTheReference() throws Exception {
        assertEquals(reference, run(1));
    }

    @Test
    public void windowedAggregationAtParallelismTwoMatchesTheReference() throws Exception {
        assertEquals(reference, run(2));
    }

    @Test
    public void windowedAggregationAtParallelismFourMatchesTheReference() throws Exception {
        assertEquals(reference, run(4)); // one partition per source subtask
    }

    /**
     * Unbounded: partitions 0-2 carry one record per second for 60 s, partition 3 one record at second 0 and then
     * nothing. Windows up to second 50 fire only once partition 3 counts as idle (after the 1 s idle timeout);
     * without idleness its watermark (second 0) would hold every window back while the job runs.
     */
    @Test
    public void anIdlePartitionDoesNotHoldBackTheWindows() throws Exception {
        String topic = "idle";
        broker.createTopic(topic, 4);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, 3, null, "{\"id\":-1,\"ts\":\"2024-01-01 00:00:00\"}"));
            for (int second = 0; second < 60; second++) {
                String json =
                        "{\"id\":" + second + ",\"ts\":\"2024-01-01 00:00:" + (second < 10 ? "0" : "") + second + "\"}";
                producer.send(new ProducerRecord<>(topic, second % 3, null, json));
            }
            producer.flush();
        }
        Map<Long, Long> windows = new TreeMap<>();
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .watermarkIdleTimeout(java.time.Duration.ofSeconds(1))
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE ev (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
                    WITH ('connector' = 'kafka', 'topic' = 'idle', 'properties.bootstrap.servers' = '%s',
                          'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                    """
                            .formatted(broker.bootstrapServers()));
            try (QueryResult result = executor.executeStreamingSql(
                    "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10'"
                            + " SECOND)) GROUP BY window_start, window_end")) {
                // the job never ends by itself: cancelled once the windows are in, or after 60 s
                var watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                watchdog.schedule(result::cancel, 60, java.util.concurrent.TimeUnit.SECONDS);
                try {
                    for (var it = result.iterator(); windows.size() < 5 && it.hasNext(); ) {
                        VectorSchemaRoot batch = it.next();
                        var start = (org.apache.arrow.vector.TimeStampVector) batch.getVector("window_start");
                        var n = (org.apache.arrow.vector.BigIntVector) batch.getVector("n");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            windows.put((start.get(i) - BASE) / 1000, n.get(i));
                        }
                    }
                } finally {
                    watchdog.shutdownNow();
                    result.cancel();
                }
            }
        }
        // [0 s, 10 s) holds partition 3's record too; [50 s, 60 s) waits for a watermark beyond 59 s
        assertEquals(Map.of(0L, 11L, 10L, 10L, 20L, 10L, 30L, 10L, 40L, 10L), windows);
    }

    @Test
    public void exactlyOnceSinkRefusesACheckpointIntervalLongerThanItsTransactions() throws Exception {
        String out = "counts-timeout";
        broker.createTopic(out, 1);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("kafka-timeout");
        String message;
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build()) {
            executor.executeDdl(ddl(out)
                    + "SET 'execution.checkpointing.interval' = '20 min';\n"
                    + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n");
            try (QueryResult insert = executor.executeStreamingSql(
                    "INSERT INTO counts SELECT auction, ts, CAST(1 AS BIGINT), price FROM bids")) {
                insert.awaitTermination();
                assertEquals(JobInfo.State.FAILED, insert.status());
                message = String.valueOf(insert.failure().orElse(null));
            } catch (RuntimeException e) {
                message = e.toString(); // refused before it ran: as good
            }
        }
        // the broker's default transaction timeout is 15 min
        org.junit.Assert.assertTrue(
                message,
                message.contains("'properties.transaction.timeout.ms'")
                        && message.contains("900000 ms")
                        && message.contains("1200000 ms"));
    }

    /**
     * An unbounded job stopped abruptly after checkpoints and restored from the latest one, twice, while records keep
     * arriving, goes on where it stopped (restored splits are read: the reader takes them before it starts). Once a
     * last record per partition far ahead in event time (filtered out by the query) has moved the watermark past
     * every window, the committed output equals the reference exactly: nothing lost, nothing doubled.
     */
    @Test
    public void unboundedJobRestoredFromCheckpointsLosesAndDoublesNothing() throws Exception {
        String in = "bids-restored";
        String out = "counts-restored";
        broker.createTopic(in, 4);
        broker.createTopic(out, 2);
        produce(in, 0, RECORDS / 2);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("kafka-restore");
        String ddl = ddl(out).replace("'scan.bounded.mode' = 'latest-offset', ", "")
                        .replace("'topic' = 'bids'", "'topic' = '" + in + "'")
                + "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'restored';\n";
        String insert =
                """
                INSERT INTO counts
                SELECT auction, window_start, COUNT(*), SUM(price)
                FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                WHERE auction >= 0
                GROUP BY auction, window_start, window_end
                """;
        java.nio.file.Path jobDir = checkpoints.resolve("restored");
        for (int run = 0; run < 3; run++) {
            try (StreamingSqlExecutor executor = executor(2)) {
                executor.executeDdl(ddl + (run > 0 ? "SET 'execution.savepoint.path' = 'latest';\n" : ""));
                QueryResult result = executor.executeStreamingSql(insert);
                if (run == 1) {
                    produce(in, RECORDS / 2, RECORDS);
                }
                if (run < 2) {
                    long before = latestCheckpoint(jobDir);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (latestCheckpoint(jobDir) < before + 3) {
                        assertTrue(
                                "no checkpoints in run " + run + ": " + result.status() + " "
                                        + result.failure().orElse(null),
                                System.nanoTime() < deadline && result.status() == JobInfo.State.RUNNING);
                        Thread.sleep(20);
                    }
                } else {
                    sentinels(in);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (readCounts(out).size() < reference.size()) {
                        assertTrue(
                                "the last run did not commit every window: " + result.status() + " "
                                        + result.failure().orElse(null),
                                System.nanoTime() < deadline && result.status() == JobInfo.State.RUNNING);
                        Thread.sleep(200);
                    }
                }
                result.cancel();
                result.awaitTermination();
                result.close();
            }
        }
        assertEquals(reference, readCounts(out));
    }

    /** One record per partition an hour after the data: the watermark passes every window of the data. */
    private static void sentinels(String topic) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int p = 0; p < 4; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, record(-1, 0, BASE + RECORDS * 37L + 3_600_000)));
            }
        }
    }

    private static long latestCheckpoint(java.nio.file.Path jobDir) throws java.io.IOException {
        List<Long> completed = io.sabot.engine.Checkpoints.completed(jobDir);
        return completed.isEmpty() ? 0 : completed.get(0);
    }

    private static StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build();
    }

    private static String ddl(String out) {
        return """
                CREATE TABLE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3),
                                   WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                WITH ('connector' = 'kafka', 'topic' = 'bids', 'properties.bootstrap.servers' = '%1$s',
                      'properties.group.id' = 'sql-%2$s', 'scan.startup.mode' = 'earliest-offset',
                      'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), cnt BIGINT, total BIGINT)
                WITH ('connector' = 'kafka', 'topic' = '%2$s', 'bootstrap.servers' = '%1$s', 'value.format' = 'json',
                      'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'sql-%2$s');
                """
                .formatted(broker.bootstrapServers(), out);
    }

    private Map<List<Long>, List<Long>> run(int parallelism) throws Exception {
        String out = "counts-p" + parallelism;
        broker.createTopic(out, 2);
        String ddl = ddl(out);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build()) {
            executor.executeDdl(ddl);
            try (QueryResult insert = executor.executeStreamingSql(
                    """
                    INSERT INTO counts
                    SELECT auction, window_start, COUNT(*), SUM(price)
                    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                    GROUP BY auction, window_start, window_end
                    """)) {
                insert.awaitTermination();
                assertEquals(
                        "INSERT ended " + insert.status() + ": "
                                + insert.failure().orElse(null),
                        JobInfo.State.FINISHED,
                        insert.status());
            }
        }
        return readCounts(out);
    }

    /** The committed rows of the output topic as (auction, window start millis) -> (count, total). */
    private static Map<List<Long>, List<Long>> readCounts(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<List<Long>, List<Long>> rows = new HashMap<>();
        JsonFactory json = new JsonFactory();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, String> fields = new HashMap<>();
                    try (JsonParser parser = json.createParser(record.value())) {
                        parser.nextToken();
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            fields.put(name, parser.getText());
                        }
                    }
                    long windowStart = LocalDateTime.parse(
                                    fields.get("window_start").replace(' ', 'T'))
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
                    List<Long> previous = rows.put(
                            List.of(Long.parseLong(fields.get("auction")), windowStart),
                            List.of(Long.parseLong(fields.get("cnt")), Long.parseLong(fields.get("total"))));
                    assertEquals("one row per window and auction: " + record.value(), null, previous);
                }
            }
        }
        return rows;
    }
}
