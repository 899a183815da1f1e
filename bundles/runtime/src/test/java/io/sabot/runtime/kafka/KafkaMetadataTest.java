package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
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
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
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
 * Metadata columns of a Kafka table ({@code col type METADATA [FROM 'key'] [VIRTUAL]}) on a real broker: every row
 * carries the topic, partition, offset, timestamp and timestamp type of the record it was decoded from — also when
 * records before it in the same batch did not decode or were tombstones — and the Kafka timestamp works as the
 * table's event time. Unknown keys, types that cannot hold the metadata, and INSERT INTO a table whose metadata
 * column is not VIRTUAL are refused, naming the column.
 */
public class KafkaMetadataTest {

    private static final int RECORDS = 600;
    private static final long BASE =
            LocalDateTime.parse("2024-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();

    private static KafkaBroker broker;
    /** id -> [partition, offset, timestamp] of the records with a good value. */
    private static final Map<Long, List<Long>> sent = new TreeMap<>();
    /** window start (by Kafka timestamp) -> rows. */
    private static final Map<Long, Long> windows = new TreeMap<>();

    private static int corrupt;

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("meta", 3);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long id = 0; id < RECORDS; id++) {
                int partition = (int) (id * 7 % 3);
                long ts = BASE + id * 50 + (id % 5) * 7; // Kafka timestamps, set by the producer
                String value;
                if (id % 37 == 5) {
                    value = "{\"id\": oops"; // does not decode: skipped, and the rows after it keep their offsets
                    corrupt++;
                } else if (id % 41 == 9) {
                    value = null; // a tombstone: no row
                } else {
                    value = "{\"id\":" + id + "}";
                }
                var metadata = producer.send(new ProducerRecord<>("meta", partition, ts, "k" + id, value))
                        .get(30, TimeUnit.SECONDS);
                if (value != null && value.startsWith("{\"id\":" + id)) {
                    sent.put(id, List.of((long) metadata.partition(), metadata.offset(), ts));
                    windows.merge(ts - Math.floorMod(ts, 5_000L), 1L, Long::sum);
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

    private static StreamingSqlExecutor executor() {
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(new KafkaTableFactory(), new JsonFormatFactory(), new SkipHandlerFactory()))
                .build();
        executor.executeDdl(
                """
                CREATE TABLE meta (
                  part INT METADATA FROM 'partition' VIRTUAL,
                  id BIGINT,
                  `offset` BIGINT METADATA VIRTUAL,
                  kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
                  `topic` STRING METADATA VIRTUAL,
                  ts_type STRING METADATA FROM 'timestamp-type' VIRTUAL,
                  wide_part BIGINT METADATA FROM 'partition' VIRTUAL,
                  plus_one AS id + 1,
                  WATERMARK FOR kafka_ts AS kafka_ts - INTERVAL '1' SECOND)
                WITH ('connector' = 'kafka', 'topic' = 'meta', 'properties.bootstrap.servers' = '%s',
                      'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                      'format' = 'json', 'error.handler' = 'skip')
                """
                        .formatted(broker.bootstrapServers()));
        return executor;
    }

    @Test
    public void everyRowCarriesTheMetadataOfItsRecord() throws Exception {
        Map<Long, List<Long>> read = new TreeMap<>();
        try (StreamingSqlExecutor executor = executor();
                QueryResult result = executor.executeStreamingSql(
                        "SELECT id, part, `offset`, kafka_ts, `topic`, ts_type, wide_part, plus_one FROM meta")) {
            for (VectorSchemaRoot batch : result) {
                var id = (BigIntVector) batch.getVector("id");
                var part = (IntVector) batch.getVector("part");
                var offset = (BigIntVector) batch.getVector("offset");
                var ts = (TimeStampVector) batch.getVector("kafka_ts");
                var topic = (VarCharVector) batch.getVector("topic");
                var type = (VarCharVector) batch.getVector("ts_type");
                var wide = (BigIntVector) batch.getVector("wide_part");
                var plusOne = (BigIntVector) batch.getVector("plus_one");
                for (int i = 0; i < batch.getRowCount(); i++) {
                    assertEquals("meta", new String(topic.get(i), StandardCharsets.UTF_8));
                    assertEquals("CreateTime", new String(type.get(i), StandardCharsets.UTF_8));
                    assertEquals(part.get(i), wide.get(i));
                    assertEquals(id.get(i) + 1, plusOne.get(i));
                    read.put(id.get(i), List.of((long) part.get(i), offset.get(i), ts.get(i)));
                }
            }
            result.awaitTermination();
            assertEquals(corrupt, result.info().recordsSkipped());
        }
        assertEquals(sent, read);
    }

    @Test
    public void theKafkaTimestampIsTheEventTime() throws Exception {
        Map<Long, Long> counted = new TreeMap<>();
        try (StreamingSqlExecutor executor = executor();
                QueryResult result = executor.executeStreamingSql(
                        "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE meta, DESCRIPTOR(kafka_ts),"
                                + " INTERVAL '5' SECOND)) GROUP BY window_start, window_end")) {
            for (VectorSchemaRoot batch : result) {
                var start = (TimeStampVector) batch.getVector("window_start");
                var n = (BigIntVector) batch.getVector("n");
                for (int i = 0; i < batch.getRowCount(); i++) {
                    counted.put(start.get(i), n.get(i));
                }
            }
        }
        assertEquals(windows, counted);
    }

    @Test
    public void badMetadataColumnsAreRefusedNamingTheColumn() {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(
                    """
                    CREATE TABLE typo (id BIGINT, p INT METADATA FROM 'partiton')
                    WITH ('connector' = 'kafka', 'topic' = 'meta', 'properties.bootstrap.servers' = '%s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'format' = 'json')
                    """
                            .formatted(broker.bootstrapServers()));
            Exception unknown = assertThrows(Exception.class, () -> drain(executor, "SELECT id, p FROM typo"));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("column 'p'"));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("no metadata key 'partiton'"));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("'partition' (INT)"));

            executor.executeDdl(
                    """
                    CREATE TABLE narrow (id BIGINT, o INT METADATA FROM 'offset' VIRTUAL)
                    WITH ('connector' = 'kafka', 'topic' = 'meta', 'properties.bootstrap.servers' = '%s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'format' = 'json')
                    """
                            .formatted(broker.bootstrapServers()));
            Exception type = assertThrows(Exception.class, () -> drain(executor, "SELECT id, o FROM narrow"));
            assertTrue(type.getMessage(), type.getMessage().contains("column 'o'"));
            assertTrue(type.getMessage(), type.getMessage().contains("the metadata is BIGINT"));

            Exception insert =
                    assertThrows(Exception.class, () -> drain(executor, "INSERT INTO typo SELECT id, 1 FROM meta"));
            assertTrue(insert.getMessage(), insert.getMessage().contains("is not VIRTUAL"));
        }
    }

    private static void drain(StreamingSqlExecutor executor, String sql) throws Exception {
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            for (VectorSchemaRoot batch : result) {
                batch.getRowCount();
            }
            result.awaitTermination();
        }
    }
}
