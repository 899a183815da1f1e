package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.kafka.internal.KafkaDeadLetterSinkFactory;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.format.avro.internal.AvroFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The {@code avro} format over a real broker through SQL. Rows of every type (NULLs included) go from a json topic
 * through the Kafka sink into an avro topic; a plain kafka-clients consumer decodes those records with Apache Avro's
 * {@code GenericDatumReader} and Flink's derived schema, and SQL reads them back: both equal the input. Avro records
 * written by another producer with broken ones among them are skipped and counted, kept as dead letters with their
 * bytes, topic-partition and offset, or fail the job naming them.
 */
public class KafkaAvroTest {

    private static final int ROWS = 600;

    /** The schema Flink derives for {@link #COLUMNS}, as a consumer of the topic would have it. */
    private static final String FLINK_SCHEMA =
            """
            {"type":"record","name":"record","namespace":"org.apache.flink.avro.generated","fields":[
              {"name":"id","type":["null","long"],"default":null},
              {"name":"tiny","type":["null","int"],"default":null},
              {"name":"i","type":["null","int"],"default":null},
              {"name":"f","type":["null","float"],"default":null},
              {"name":"d","type":["null","double"],"default":null},
              {"name":"amount","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}],
               "default":null},
              {"name":"flag","type":["null","boolean"],"default":null},
              {"name":"name","type":["null","string"],"default":null},
              {"name":"dt","type":["null",{"type":"int","logicalType":"date"}],"default":null},
              {"name":"t","type":["null",{"type":"int","logicalType":"time-millis"}],"default":null},
              {"name":"ts","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null}]}
            """;

    private static final String COLUMNS = "id BIGINT, tiny TINYINT, i INT, f FLOAT, d DOUBLE, amount DECIMAL(10, 2), "
            + "flag BOOLEAN, name STRING, dt DATE, t TIME, ts TIMESTAMP(3)";

    private static final GenericData MODEL = new GenericData();

    static {
        MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private static KafkaBroker broker;
    /** The input rows, each as its canonical text (see {@link #canonical}), by id. */
    private static final Map<Long, String> reference = new TreeMap<>();

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("rows-json", 2);
        broker.createTopic("rows-avro", 3);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int n = 0; n < ROWS; n++) {
                long id = n;
                List<Object> row;
                if (n % 7 == 3) {
                    row = Arrays.asList(id, null, null, null, null, null, null, null, null, null, null);
                } else {
                    row = Arrays.asList(
                            id,
                            (byte) (n % 256 - 128),
                            n * 1_000_003 - 300_000_000,
                            n * 0.25f - 10,
                            n * -1.5e9,
                            BigDecimal.valueOf(n * 12_345L - 1_000_000L, 2),
                            n % 2 == 0,
                            n % 11 == 0 ? "" : "name \u00e9\u2713 " + n,
                            LocalDate.of(1969, 12, 1).plusDays(n * 37L),
                            LocalTime.ofNanoOfDay((n * 123_457L % 86_400_000L) * 1_000_000L),
                            LocalDateTime.of(2024, 1, 1, 0, 0).plusNanos(n * 1_234_567_000_000L));
                }
                reference.put(id, canonical(row));
                producer.send(new ProducerRecord<>("rows-json", n % 2, null, json(row)));
            }
        }
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new KafkaTableFactory(),
                        new JsonFormatFactory(),
                        new AvroFormatFactory(),
                        new SkipHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new KafkaDeadLetterSinkFactory()))
                .build();
    }

    private static String table(String name, String topic, String format, String more) {
        return """
                CREATE TABLE %s (%s) WITH ('connector' = 'kafka', 'topic' = '%s',
                  'properties.bootstrap.servers' = '%s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = '%s'%s);
                """
                .formatted(name, COLUMNS, topic, broker.bootstrapServers(), format, more);
    }

    @Test
    public void sqlWritesAvroThatAvrosOwnReaderDecodes_andReadsItBack() throws Exception {
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(table("rows_in", "rows-json", "json", "")
                    + table("rows_out", "rows-avro", "avro", "")
                    + table("rows_back", "rows-avro", "avro", ""));
            try (QueryResult insert = executor.executeStreamingSql("INSERT INTO rows_out SELECT * FROM rows_in")) {
                insert.awaitTermination();
                assertEquals("insert: " + insert.failure().orElse(null), JobInfo.State.FINISHED, insert.status());
            }

            // a plain consumer with Avro's generic reader and Flink's schema
            Schema schema = new Schema.Parser().parse(FLINK_SCHEMA);
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema, schema, MODEL);
            Map<Long, String> decoded = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : readAll("rows-avro", 3)) {
                var decoder = DecoderFactory.get().binaryDecoder(record.value(), null);
                GenericRecord r = reader.read(null, decoder);
                assertTrue("bytes left after the record at offset " + record.offset(), decoder.isEnd());
                List<Object> row = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    Object v = r.get(field.pos());
                    row.add(v instanceof Instant instant ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : v);
                }
                assertEquals(null, decoded.put((Long) row.get(0), canonical(row)));
            }
            assertEquals(reference, decoded);

            // and SQL reads the topic back
            Map<Long, String> back = new TreeMap<>();
            try (QueryResult read = executor.executeStreamingSql("SELECT * FROM rows_back")) {
                for (VectorSchemaRoot batch : read) {
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        List<Object> row = new ArrayList<>();
                        for (FieldVector vector : batch.getFieldVectors()) {
                            row.add(value(vector, r));
                        }
                        assertEquals(null, back.put((Long) row.get(0), canonical(row)));
                    }
                }
                read.awaitTermination();
                assertEquals("read: " + read.failure().orElse(null), JobInfo.State.FINISHED, read.status());
            }
            assertEquals(reference, back);
        }
    }

    // ---- malformed records: another producer's Avro, 1 in 25 broken ----

    private static final String PRICES_SCHEMA =
            """
            {"type":"record","name":"Bid","fields":[{"name":"price","type":"long"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}
            """;

    /** Writes 500 bids to a new topic, 1 in 25 broken in one of three ways; returns "partition@offset" -> bytes. */
    private static Map<String, String> produceBids(String topic, int partitions, List<Long> goodPrices)
            throws Exception {
        broker.createTopic(topic, partitions);
        Schema schema = new Schema.Parser().parse(PRICES_SCHEMA);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema, MODEL);
        Map<String, String> corrupt = new TreeMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int n = 0; n < 500; n++) {
                GenericData.Record bid = new GenericData.Record(schema);
                long price = n * 7919L % 100_000 - 50_000;
                bid.put("price", price);
                bid.put("ts", Instant.ofEpochMilli(1_700_000_000_000L + n));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                writer.write(bid, encoder);
                encoder.flush();
                byte[] value = bytes.toByteArray();
                boolean bad = n % 25 == 13;
                if (bad) {
                    value = switch ((n / 25) % 3) {
                        case 0 -> Arrays.copyOf(value, value.length - 1); // cut short
                        case 1 -> Arrays.copyOf(value, value.length + 2); // bytes after the last field
                        default -> "{\"price\":1}".getBytes(StandardCharsets.UTF_8); // another format
                    };
                } else {
                    goodPrices.add(price);
                }
                var sent = producer.send(new ProducerRecord<>(topic, n % partitions, null, value))
                        .get(30, TimeUnit.SECONDS);
                if (bad) {
                    corrupt.put(
                            sent.partition() + "@" + sent.offset(),
                            Base64.getEncoder().encodeToString(value));
                }
            }
        }
        return corrupt;
    }

    private static String bidsTable(String topic, String errorOptions) {
        return """
                CREATE TABLE bids (price BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'kafka', 'topic' = '%s',
                  'properties.bootstrap.servers' = '%s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'avro', 'avro.schema' = '%s'%s);
                """
                .formatted(topic, broker.bootstrapServers(), PRICES_SCHEMA.replace("'", "''"), errorOptions);
    }

    private static List<Long> prices(QueryResult result) {
        List<Long> prices = new ArrayList<>();
        for (VectorSchemaRoot batch : result) {
            BigIntVector price = (BigIntVector) batch.getVector("price");
            for (int i = 0; i < batch.getRowCount(); i++) {
                prices.add(price.get(i));
            }
        }
        prices.sort(null);
        return prices;
    }

    @Test
    public void brokenRecordsAreSkippedAndCounted() throws Exception {
        List<Long> good = new ArrayList<>();
        Map<String, String> corrupt = produceBids("bids-skip", 2, good);
        good.sort(null);
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(bidsTable("bids-skip", ", 'error.handler' = 'skip'"));
            try (QueryResult result = executor.executeStreamingSql("SELECT price FROM bids")) {
                assertEquals(good, prices(result));
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals(corrupt.size(), result.info().recordsSkipped());
            }
        }
    }

    @Test
    public void brokenRecordsGoToADeadLetterTopicWithTheirBytesAndOffsets() throws Exception {
        List<Long> good = new ArrayList<>();
        Map<String, String> corrupt = produceBids("bids-dl", 2, good);
        good.sort(null);
        broker.createTopic("bids-dl-letters", 1);
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(bidsTable(
                    "bids-dl",
                    ", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'kafka',"
                            + " 'error.dead-letter.topic' = 'bids-dl-letters',"
                            + " 'error.dead-letter.properties.bootstrap.servers' = '" + broker.bootstrapServers()
                            + "'"));
            try (QueryResult result = executor.executeStreamingSql("SELECT price FROM bids")) {
                assertEquals(good, prices(result));
                result.awaitTermination();
                assertEquals(corrupt.size(), result.info().recordsDeadLettered());
            }
        }
        Map<String, String> letters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll("bids-dl-letters", 1)) {
            String split = header(record, "sabot.source.split");
            String position = header(record, "sabot.source.position");
            String message = header(record, "sabot.error.message");
            assertTrue(split, split.startsWith("bids-dl-"));
            assertTrue(message, message.contains("field '") || message.contains("left after the last field"));
            letters.put(
                    split.substring("bids-dl-".length()) + "@" + position.substring("offset ".length()),
                    Base64.getEncoder().encodeToString(record.value()));
        }
        assertEquals(corrupt, letters);
    }

    @Test
    public void withoutHandlerABrokenRecordFailsTheJobNamingTopicPartitionAndOffset() throws Exception {
        Map<String, String> corrupt = produceBids("bids-strict", 1, new ArrayList<>());
        String first = corrupt.keySet().stream()
                .min((a, b) -> Long.compare(
                        Long.parseLong(a.substring(a.indexOf('@') + 1)),
                        Long.parseLong(b.substring(b.indexOf('@') + 1))))
                .orElseThrow();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(bidsTable("bids-strict", ""));
            String failure;
            try (QueryResult result = executor.executeStreamingSql("SELECT price FROM bids")) {
                try {
                    result.forEach(batch -> {});
                } catch (RuntimeException e) {
                    // the iteration may end with the failure itself
                }
                result.awaitTermination();
                assertEquals(JobInfo.State.FAILED, result.status());
                failure = String.valueOf(result.failure().orElse(null));
            }
            assertTrue(failure, failure.contains("topic 'bids-strict', partition 0"));
            assertTrue(
                    failure,
                    failure.contains("offset " + first.substring(first.indexOf('@') + 1) + ": field 'ts' at byte "));
            assertTrue(failure, failure.contains("the record ends after"));
        }
    }

    // ---- helpers ----

    /** A row as text that does not depend on how it was held: Avro's ints for TINYINT, Utf8, BigDecimal scale. */
    private static String canonical(List<Object> row) {
        StringBuilder b = new StringBuilder();
        for (Object v : row) {
            if (v instanceof BigDecimal d) {
                v = d.toPlainString();
            } else if (v instanceof Number n && !(v instanceof Float) && !(v instanceof Double)) {
                v = n.longValue();
            }
            b.append(v).append('|');
        }
        return b.toString();
    }

    private static String json(List<Object> row) {
        String[] names = {"id", "tiny", "i", "f", "d", "amount", "flag", "name", "dt", "t", "ts"};
        StringBuilder b = new StringBuilder("{");
        for (int c = 0; c < names.length; c++) {
            Object v = row.get(c);
            b.append(c == 0 ? "" : ",").append('"').append(names[c]).append("\":");
            if (v == null) {
                b.append("null");
            } else if (v instanceof String || v instanceof LocalDate || v instanceof LocalTime) {
                b.append('"').append(v).append('"');
            } else if (v instanceof LocalDateTime t) {
                b.append('"').append(t.toString().replace('T', ' ')).append('"');
            } else if (v instanceof BigDecimal d) {
                b.append(d.toPlainString());
            } else {
                b.append(v);
            }
        }
        return b.append('}').toString();
    }

    private static Object value(FieldVector vector, int r) {
        if (vector.isNull(r)) {
            return null;
        }
        if (vector instanceof TinyIntVector v) {
            return v.get(r);
        } else if (vector instanceof IntVector v) {
            return v.get(r);
        } else if (vector instanceof BigIntVector v) {
            return v.get(r);
        } else if (vector instanceof Float4Vector v) {
            return v.get(r);
        } else if (vector instanceof Float8Vector v) {
            return v.get(r);
        } else if (vector instanceof DecimalVector v) {
            return v.getObject(r);
        } else if (vector instanceof BitVector v) {
            return v.get(r) != 0;
        } else if (vector instanceof VarCharVector v) {
            return new String(v.get(r), StandardCharsets.UTF_8);
        } else if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(r));
        } else if (vector instanceof TimeMilliVector v) {
            return LocalTime.ofNanoOfDay(v.get(r) * 1_000_000L);
        } else if (vector instanceof TimeStampVector v) {
            long millis = v.get(r);
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
        }
        throw new AssertionError(vector.getClass());
    }

    /** Every record of the topic, read to its current end (committed ones). */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(all, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertTrue("no header " + key, header != null);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
