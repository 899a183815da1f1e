package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two topics as one table through SQL on a real broker, named by a list and matched by a pattern: per topic (the
 * {@code topic} metadata column) and ten-second window, the count and sum equal a reference computed here from the
 * same records, at parallelism 1 and 2. A sink over a topic list is refused naming the option.
 */
public class KafkaTopicListSqlTest {

    private static final long BASE =
            LocalDateTime.parse("2024-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();

    private static KafkaBroker broker;
    /** "topic/window start" -> "count/sum". */
    private static final Map<String, String> reference = new TreeMap<>();

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("orders-eu", 2);
        broker.createTopic("orders-us", 3);
        broker.createTopic("returns", 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<String, long[]> sums = new TreeMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 3000; i++) {
                String topic = i % 3 == 0 ? "orders-eu" : "orders-us";
                int partitions = topic.equals("orders-eu") ? 2 : 3;
                long amount = (i * 7919L) % 1000;
                long ts = BASE + i * 20L; // in order per partition
                String time = LocalDateTime.ofEpochSecond(ts / 1000, (int) (ts % 1000) * 1_000_000, ZoneOffset.UTC)
                        .toString()
                        .replace('T', ' ');
                String json = "{\"amount\":" + amount + ",\"ts\":\"" + time + "\"}";
                producer.send(new ProducerRecord<>(topic, i % partitions, null, json));
                long[] acc = sums.computeIfAbsent(topic + "/" + (ts - Math.floorMod(ts, 10_000L)), k -> new long[2]);
                acc[0]++;
                acc[1] += amount;
                if (i % 100 == 0) {
                    producer.send(new ProducerRecord<>("returns", 0, null, json)); // read by neither table
                }
            }
        }
        sums.forEach((k, v) -> reference.put(k, v[0] + "/" + v[1]));
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> run(int parallelism, String topicOption) throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE orders (amount BIGINT, ts TIMESTAMP(3), topic STRING METADATA VIRTUAL,
                      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                    WITH ('connector' = 'kafka', %s, 'properties.bootstrap.servers' = '%s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'format' = 'json');
                    """
                            .formatted(topicOption, broker.bootstrapServers()));
            Map<String, String> windows = new TreeMap<>();
            try (QueryResult result = executor.executeStreamingSql(
                    "SELECT topic, window_start, COUNT(*) AS n, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders,"
                            + " DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY topic, window_start, window_end")) {
                for (VectorSchemaRoot batch : result) {
                    VarCharVector topic = (VarCharVector) batch.getVector("topic");
                    TimeStampVector start = (TimeStampVector) batch.getVector("window_start");
                    BigIntVector n = (BigIntVector) batch.getVector("n");
                    BigIntVector total = (BigIntVector) batch.getVector("total");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        String key = new String(topic.get(i), StandardCharsets.UTF_8) + "/" + start.get(i);
                        assertEquals(
                                "window " + key + " emitted twice",
                                null,
                                windows.put(key, n.get(i) + "/" + total.get(i)));
                    }
                }
                result.awaitTermination();
                assertEquals("job: " + result.failure().orElse(null), JobInfo.State.FINISHED, result.status());
                assertEquals("rows behind the watermark", 0, result.info().lateRowsDropped());
            }
            return windows;
        }
    }

    @Test
    public void aTopicListAtParallelismOneMatchesTheReference() throws Exception {
        assertEquals(reference, run(1, "'topic' = 'orders-eu;orders-us'"));
    }

    @Test
    public void aTopicListAtParallelismTwoMatchesTheReference() throws Exception {
        assertEquals(reference, run(2, "'topic' = 'orders-eu;orders-us'"));
    }

    @Test
    public void aTopicPatternAtParallelismTwoMatchesTheReference() throws Exception {
        assertEquals(reference, run(2, "'topic-pattern' = 'orders-.*'"));
    }

    @Test
    public void aSinkOverATopicListIsRefusedNamingTheOption() throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE src (amount BIGINT) WITH ('connector' = 'kafka', 'topic' = 'orders-eu',
                      'properties.bootstrap.servers' = '%1$s', 'scan.startup.mode' = 'earliest-offset',
                      'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                    CREATE TABLE out_all (amount BIGINT) WITH ('connector' = 'kafka', 'topic' = 'a;b',
                      'properties.bootstrap.servers' = '%1$s', 'format' = 'json');
                    """
                            .formatted(broker.bootstrapServers()));
            String message;
            try (QueryResult insert = executor.executeStreamingSql("INSERT INTO out_all SELECT amount FROM src")) {
                insert.awaitTermination();
                message = String.valueOf(insert.failure().orElse(null));
            } catch (RuntimeException e) {
                message = e.toString(); // refused before it ran: as good
            }
            assertTrue(message, message.contains("option 'topic' lists 2 topics ('a;b'), but a Kafka sink writes one"));
        }
    }
}
