package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.errors.deadletter.internal.FileDeadLetterSinkFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An exactly-once Kafka sink on a real broker whose producer accepts records up to {@code max.request.size} = 16 KiB,
 * fed 2,000 rows of which one in 50 has a 20,000-character payload. The producer would refuse each such record and
 * break the transaction; with {@code dead-letter} the oversize rows go to a filesystem target with their values, and
 * the topic holds every other row exactly once (read committed). Without a handler the job fails naming the table,
 * the row and the limit.
 */
public class KafkaSinkOversizeRowsTest {

    private static final int ROWS = 2_000;

    private static KafkaBroker broker;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

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

    /** id -> payload length of the rows that fit, and of those that do not. */
    private final Map<Long, Integer> fitting = new TreeMap<>();

    private final Map<Long, Integer> oversize = new TreeMap<>();

    private StreamingSqlExecutor executor(String topic, String errorOptions) throws Exception {
        Path input = temp.newFolder().toPath().resolve("rows.json");
        List<String> lines = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            int length = i % 50 == 7 ? 20_000 : (int) (i % 40);
            lines.add("{\"id\":" + i + ",\"payload\":\"" + "x".repeat(length) + "\"}");
            (length > 16_000 ? oversize : fitting).put(i, length);
        }
        Files.write(input, lines);
        broker.createTopic(topic, 1);
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new KafkaTableFactory(),
                        new JsonFormatFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory()))
                .build();
        executor.executeDdl("CREATE TABLE src (id BIGINT, payload STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json')");
        executor.executeDdl(
                """
                CREATE TABLE out_rows (id BIGINT, payload STRING)
                WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                      'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',
                      'sink.transactional-id-prefix' = '%1$s', 'properties.max.request.size' = '16384'%s)
                """
                        .formatted(topic, broker.bootstrapServers(), errorOptions));
        return executor;
    }

    @Test
    public void oversizeRowsAreDeadLetteredAndEveryOtherRowIsCommittedOnce() throws Exception {
        Path dlq = temp.getRoot().toPath().resolve("dlq");
        try (StreamingSqlExecutor executor = executor(
                        "oversize-dlq",
                        ", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'filesystem',"
                                + " 'error.dead-letter.path' = '" + dlq + "'");
                QueryResult insert = executor.executeStreamingSql("INSERT INTO out_rows SELECT id, payload FROM src")) {
            insert.awaitTermination();
            assertEquals(String.valueOf(insert.failure()), JobInfo.State.FINISHED, insert.status());
            assertEquals(oversize.size(), insert.info().recordsDeadLettered());
        }
        assertEquals(fitting, committed("oversize-dlq"));
        Map<Long, Integer> letters = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dlq)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode letter = json.readTree(line);
                    assertEquals("CONNECTOR", letter.get("error_type").asText());
                    assertTrue(line, letter.get("message").asText().contains("properties.max.request.size"));
                    JsonNode row = letter.get("row");
                    assertEquals(
                            line,
                            null,
                            letters.put(
                                    row.get("id").asLong(),
                                    row.get("payload").asText().length()));
                }
            }
        }
        assertEquals(oversize, letters);
    }

    @Test
    public void withoutAHandlerAnOversizeRowFailsTheJobNamingTheTableAndTheLimit() throws Exception {
        try (StreamingSqlExecutor executor = executor("oversize-fail", "");
                QueryResult insert = executor.executeStreamingSql("INSERT INTO out_rows SELECT id, payload FROM src")) {
            insert.awaitTermination();
            assertEquals(JobInfo.State.FAILED, insert.status());
            String message = insert.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("table 'default.out_rows': row {id="));
            assertTrue(
                    message,
                    message.contains("larger than the producer's limit of 16384 bytes"
                            + " (properties.max.request.size, topic 'oversize-fail')"));
        }
    }

    /** The committed records of {@code topic}, id -> payload length; fails on a duplicate. */
    private static Map<Long, Integer> committed(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<Long, Integer> rows = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode row = json.readTree(record.value());
                    Integer before = rows.put(
                            row.get("id").asLong(), row.get("payload").asText().length());
                    assertEquals("twice: " + record.value(), null, before);
                }
            }
        }
        return rows;
    }
}
