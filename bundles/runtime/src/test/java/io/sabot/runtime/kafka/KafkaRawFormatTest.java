package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.format.raw.internal.RawFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The {@code raw} format over a real broker: log lines in ISO-8859-1 (accents included) read as a STRING column,
 * filtered and upper-cased in SQL and written to another topic as raw UTF-8; the output topic holds exactly the
 * expected bytes.
 */
public class KafkaRawFormatTest {

    private static KafkaBroker broker;
    private static final List<String> lines = new ArrayList<>();

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("logs", 2);
        broker.createTopic("errors", 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 500; i++) {
                String line = (i % 7 == 0 ? "ERROR " : "INFO ") + "requête n°" + i + " traitée";
                lines.add(line);
                producer.send(new ProducerRecord<>("logs", i % 2, null, line.getBytes(StandardCharsets.ISO_8859_1)))
                        .get(30, TimeUnit.SECONDS);
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
    public void linesGoThroughSqlAsStrings() throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(new KafkaTableFactory(), new RawFormatFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE logs (line STRING)
                    WITH ('connector' = 'kafka', 'topic' = 'logs', 'properties.bootstrap.servers' = '%1$s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'format' = 'raw', 'raw.charset' = 'ISO-8859-1');
                    CREATE TABLE errors (line STRING)
                    WITH ('connector' = 'kafka', 'topic' = 'errors', 'properties.bootstrap.servers' = '%1$s',
                          'format' = 'raw');
                    """
                            .formatted(broker.bootstrapServers()));
            try (QueryResult insert = executor.executeStreamingSql(
                    "INSERT INTO errors SELECT UPPER(line) FROM logs WHERE line LIKE 'ERROR%'")) {
                insert.awaitTermination();
                assertEquals(String.valueOf(insert.failure().orElse(null)), JobInfo.State.FINISHED, insert.status());
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("ERROR")).forEach(l -> expected.add(l.toUpperCase()));
        TreeSet<String> written = new TreeSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition("errors", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end) {
                assertTrue("reading the output timed out", System.nanoTime() < deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    written.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(expected.size(), 72);
        assertEquals(expected, written);
    }
}
