package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaDeadLetterSinkFactory;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A 4-partition topic of 4,000 json bids, 1 % corrupt (oversize, cut off, a wrong type, a missing field), read bounded
 * into ten-second windows on a real broker: with the dead-letter handler and a Kafka dead-letter topic the windows
 * equal the reference of the good records and every corrupt record is in the dead-letter topic with its original
 * bytes, its topic-partition and offset; with skip the job counts each; by default the job fails naming the topic,
 * partition and offset of the first corrupt record.
 */
public class KafkaMalformedRecordsTest {

    private static final int RECORDS = 4000;
    /** 'source.record.max-size' of the table: 1 KiB. */
    private static final int MAX_RECORD = 1024;

    private static final long BASE =
            LocalDateTime.parse("2024-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();

    private static KafkaBroker broker;
    /** "partition@offset" -> the corrupt value. */
    private static final Map<String, String> corrupt = new TreeMap<>();
    /** window start -> [count, sum of price] of the good records. */
    private static final Map<Long, List<Long>> reference = new TreeMap<>();

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("bids", 4);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                long price = (i * 7919L) % 1000;
                long ts = BASE + i * 25L;
                String time = LocalDateTime.ofEpochSecond(ts / 1000, (int) (ts % 1000) * 1_000_000, ZoneOffset.UTC)
                        .toString()
                        .replace('T', ' ');
                String value;
                boolean bad = i % 100 == 61;
                if (bad) {
                    value = switch ((i / 100) % 4) {
                            // valid, but over 'source.record.max-size' (the key counts too)
                        case 0 -> "{\"price\":" + price + ",\"ts\":\"" + time + "\",\"pad\":\"" + "x".repeat(MAX_RECORD)
                                + "\"}";
                        case 1 -> "{\"price\":" + price + ",\"ts\":\"" + time;
                        case 2 -> "{\"price\":[1,2],\"ts\":\"" + time + "\"}";
                        default -> "{\"ts\":\"" + time + "\"}";
                    };
                } else {
                    value = "{\"price\":" + price + ",\"ts\":\"" + time + "\"}";
                    List<Long> acc = reference.computeIfAbsent(
                            ts - Math.floorMod(ts, 10_000L), k -> new ArrayList<>(List.of(0L, 0L)));
                    acc.set(0, acc.get(0) + 1);
                    acc.set(1, acc.get(1) + price);
                }
                var sent = producer.send(new ProducerRecord<>("bids", i % 4, "k" + i, value))
                        .get(30, TimeUnit.SECONDS);
                if (bad) {
                    corrupt.put(sent.partition() + "@" + sent.offset(), value);
                }
            }
        }
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static StreamingSqlExecutor executor(String errorOptions) {
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new KafkaTableFactory(),
                        new JsonFormatFactory(),
                        new SkipHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new KafkaDeadLetterSinkFactory()))
                .build();
        executor.executeDdl(
                """
                CREATE TABLE bids (price BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                WITH ('connector' = 'kafka', 'topic' = 'bids', 'properties.bootstrap.servers' = '%s',
                      'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                      'format' = 'json', 'json.fail-on-missing-field' = 'true', 'source.record.max-size' = '%d b'%s)
                """
                        .formatted(broker.bootstrapServers(), MAX_RECORD, errorOptions));
        return executor;
    }

    private static Map<Long, List<Long>> windows(QueryResult result) {
        Map<Long, List<Long>> windows = new TreeMap<>();
        for (VectorSchemaRoot batch : result) {
            var start = (TimeStampVector) batch.getVector("window_start");
            var n = (BigIntVector) batch.getVector("n");
            var total = (BigIntVector) batch.getVector("total");
            for (int i = 0; i < batch.getRowCount(); i++) {
                windows.put(start.get(i), List.of(n.get(i), total.get(i)));
            }
        }
        return windows;
    }

    private static final String QUERY = "SELECT window_start, COUNT(*) AS n, SUM(price) AS total FROM"
            + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";

    @Test
    public void deadLettersGoToATopicWithTheirOriginalBytesAndOffsets() throws Exception {
        broker.createTopic("bids-dlq", 1);
        try (StreamingSqlExecutor executor =
                        executor(", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'kafka',"
                                + " 'error.dead-letter.topic' = 'bids-dlq',"
                                + " 'error.dead-letter.properties.bootstrap.servers' = '" + broker.bootstrapServers()
                                + "'");
                QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertEquals(reference, windows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FINISHED, result.status());
            assertEquals(corrupt.size(), result.info().recordsDeadLettered());
        }
        Map<String, String> letters = new TreeMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition dlq = new TopicPartition("bids-dlq", 0);
            consumer.assign(List.of(dlq));
            consumer.seekToBeginning(List.of(dlq));
            long end = consumer.endOffsets(List.of(dlq)).get(dlq);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(dlq) < end) {
                assertTrue("reading the dead letters timed out", System.nanoTime() < deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String split = header(record, "sabot.source.split");
                    String position = header(record, "sabot.source.position");
                    assertTrue(split, split.startsWith("bids-"));
                    assertTrue(position, position.startsWith("offset "));
                    assertEquals("CONNECTOR", header(record, "sabot.error.type"));
                    assertTrue(header(record, "sabot.error.message").contains(position));
                    letters.put(
                            split.substring("bids-".length()) + "@" + position.substring("offset ".length()),
                            new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(corrupt, letters);
    }

    @Test
    public void skipCountsEveryCorruptRecord() throws Exception {
        try (StreamingSqlExecutor executor = executor(", 'error.handler' = 'skip'");
                QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertEquals(reference, windows(result));
            result.awaitTermination();
            assertEquals(corrupt.size(), result.info().recordsSkipped());
        }
    }

    @Test
    public void byDefaultTheFirstCorruptRecordFailsTheJobNamingTopicPartitionAndOffset() throws Exception {
        try (StreamingSqlExecutor executor = executor("");
                QueryResult result = executor.executeStreamingSql(QUERY)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> windows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage() + " / " + e;
            Matcher where = Pattern.compile("topic 'bids', partition (\\d+): 1 record did not decode: offset (\\d+): ")
                    .matcher(message);
            assertTrue(message, where.find());
            String first = corrupt.keySet().stream()
                    .filter(k -> k.startsWith(where.group(1) + "@"))
                    .min(Comparator.comparingLong(k -> Long.parseLong(k.substring(k.indexOf('@') + 1))))
                    .orElseThrow();
            assertEquals(message, first, where.group(1) + "@" + where.group(2));
            assertTrue(message, message.contains("table '") && message.contains("bids'"));
            // the first corrupt record is the oversize one (every corrupt record is in partition 1)
            assertTrue(message, message.contains("more than 'source.record.max-size' allows (" + MAX_RECORD + ")"));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertTrue("no header " + key, header != null);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
