package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.connector.kafka.internal.UpsertKafkaTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.format.raw.internal.RawFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Record keys through SQL on a real broker: {@code key.format}/{@code key.fields} (with {@code key.fields-prefix} and
 * {@code value.fields-include}) write the key columns into record keys and read them back, records whose key or value
 * does not decode go to the error handlers naming key or value and the offset, and {@code upsert-kafka} writes an
 * updating aggregate as a changelog whose compacted view (last value per key, tombstones removing keys) equals a
 * reference computed here. Bad options are refused naming the option.
 */
public class KafkaKeysTest {

    private static final int PEOPLE = 300;
    private static final String[] REGIONS = {"eu", "us", "ap"};

    private static KafkaBroker broker;

    @BeforeClass
    public static void startBrokerAndProduce() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopic("people", 3);
        try (KafkaProducer<String, String> producer = producer()) {
            for (int id = 0; id < PEOPLE; id++) {
                producer.send(new ProducerRecord<>("people", id % 3, null, person(id)));
            }
        }
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String person(int id) {
        return "{\"id\":" + id + ",\"region\":\"" + REGIONS[id % 3] + "\",\"name\":\"p" + id + "\",\"amount\":"
                + (id * 7 % 100) + "}";
    }

    private static StreamingSqlExecutor executor(int parallelism) {
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new KafkaTableFactory(),
                        new UpsertKafkaTableFactory(),
                        new JsonFormatFactory(),
                        new RawFormatFactory(),
                        new SkipHandlerFactory()))
                .build();
        executor.executeDdl(
                """
                CREATE TABLE people (id BIGINT, region STRING, name STRING, amount BIGINT)
                WITH ('connector' = 'kafka', 'topic' = 'people', 'properties.bootstrap.servers' = '%s',
                      'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                      'format' = 'json')
                """
                        .formatted(broker.bootstrapServers()));
        return executor;
    }

    @Test
    public void keyColumnsAreWrittenIntoRecordKeysAndReadBack() throws Exception {
        broker.createTopic("keyed-all", 2);
        broker.createTopic("keyed-except", 2);
        broker.createTopic("keyed-raw", 1);
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(
                    """
                    CREATE TABLE keyed_all (id BIGINT, name STRING, amount BIGINT)
                    WITH ('connector' = 'kafka', 'topic' = 'keyed-all', 'properties.bootstrap.servers' = '%1$s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'key.format' = 'json', 'key.fields' = 'id', 'value.format' = 'json',
                          'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'keys-all');
                    CREATE TABLE keyed_except (k_region STRING, k_id BIGINT, name STRING, amount BIGINT)
                    WITH ('connector' = 'kafka', 'topic' = 'keyed-except', 'properties.bootstrap.servers' = '%1$s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'key.format' = 'json', 'key.fields' = 'k_id;k_region', 'key.fields-prefix' = 'k_',
                          'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY');
                    CREATE TABLE keyed_raw (name STRING, amount BIGINT)
                    WITH ('connector' = 'kafka', 'topic' = 'keyed-raw', 'properties.bootstrap.servers' = '%1$s',
                          'key.format' = 'raw', 'key.fields' = 'name', 'value.format' = 'json',
                          'value.fields-include' = 'EXCEPT_KEY');
                    """
                            .formatted(broker.bootstrapServers()));
            insert(executor, "INSERT INTO keyed_all SELECT id, name, amount FROM people");
            insert(executor, "INSERT INTO keyed_except SELECT region, id, name, amount FROM people");
            insert(executor, "INSERT INTO keyed_raw SELECT name, amount FROM people");

            Map<String, String> all = new TreeMap<>();
            Map<String, String> except = new TreeMap<>();
            Map<String, String> raw = new TreeMap<>();
            Map<String, String> expectedAll = new TreeMap<>();
            Map<String, String> expectedExcept = new TreeMap<>();
            Map<String, String> expectedRaw = new TreeMap<>();
            for (int id = 0; id < PEOPLE; id++) {
                String name = "p" + id;
                long amount = id * 7 % 100;
                expectedAll.put("{id=" + id + "}", "{id=" + id + ", name=" + name + ", amount=" + amount + "}");
                expectedExcept.put(
                        "{id=" + id + ", region=" + REGIONS[id % 3] + "}",
                        "{name=" + name + ", amount=" + amount + "}");
                expectedRaw.put(name, "{amount=" + amount + "}");
            }
            for (ConsumerRecord<String, String> r : readAll("keyed-all")) {
                assertEquals(
                        null,
                        all.put(fields(r.key()).toString(), fields(r.value()).toString()));
            }
            for (ConsumerRecord<String, String> r : readAll("keyed-except")) {
                assertEquals(
                        null,
                        except.put(fields(r.key()).toString(), fields(r.value()).toString()));
            }
            for (ConsumerRecord<String, String> r : readAll("keyed-raw")) {
                assertEquals(null, raw.put(r.key(), fields(r.value()).toString()));
            }
            assertEquals(expectedAll, all);
            assertEquals(expectedExcept, except);
            assertEquals(expectedRaw, raw);

            // and back through SQL: the key columns come from the key (EXCEPT_KEY) or the value (ALL)
            Map<Long, String> expected = new TreeMap<>();
            for (int id = 0; id < PEOPLE; id++) {
                expected.put((long) id, REGIONS[id % 3] + "," + id + ",p" + id + "," + (id * 7 % 100));
            }
            assertEquals(
                    expected, rowsById(executor, "SELECT k_id, k_region, k_id, name, amount FROM keyed_except", 4));
            Map<Long, String> expectedAllRows = new TreeMap<>();
            expected.forEach((id, row) -> expectedAllRows.put(id, row.substring(row.indexOf(',') + 1)));
            assertEquals(expectedAllRows, rowsById(executor, "SELECT id, id, name, amount FROM keyed_all", 3));
        }
    }

    /**
     * A record whose key does not decode and one whose value does not are skipped (counted) with the skip handler,
     * and fail the job without it, naming key or value, topic, partition and offset; a record without key has NULL
     * key columns; a tombstone has no row. The offset column stays lined up with the rows.
     */
    @Test
    public void badKeysAndValuesGoThroughTheDecodeErrorPath() throws Exception {
        broker.createTopic("keyed-in", 1);
        try (KafkaProducer<String, String> producer = producer()) {
            String[][] records = {
                {"{\"id\":1,\"region\":\"eu\"}", "{\"name\":\"a\",\"amount\":10}"},
                {null, "{\"name\":\"b\",\"amount\":20}"},
                {"{\"id\":", "{\"name\":\"c\",\"amount\":30}"},
                {"{\"id\":4,\"region\":\"us\"}", "{\"name\":"},
                {"{\"id\":5,\"region\":\"eu\"}", null},
                {"{\"id\":6,\"region\":\"ap\"}", "{\"name\":\"f\",\"amount\":60}"},
            };
            for (String[] record : records) {
                producer.send(new ProducerRecord<>("keyed-in", 0, record[0], record[1]))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        String ddl =
                """
                CREATE TABLE %2$s (k_id BIGINT, k_region STRING, name STRING, amount BIGINT,
                                   off BIGINT METADATA FROM 'offset' VIRTUAL)
                WITH ('connector' = 'kafka', 'topic' = 'keyed-in', 'properties.bootstrap.servers' = '%1$s',
                      'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                      'key.format' = 'json', 'key.fields' = 'k_id;k_region', 'key.fields-prefix' = 'k_',
                      'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY' %3$s)
                """;
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl.formatted(broker.bootstrapServers(), "lenient", ", 'error.handler' = 'skip'"));
            executor.executeDdl(ddl.formatted(broker.bootstrapServers(), "strict", ""));
            List<String> rows = new ArrayList<>();
            try (QueryResult result =
                    executor.executeStreamingSql("SELECT off, k_id, k_region, name, amount FROM lenient")) {
                for (VectorSchemaRoot batch : result) {
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        rows.add(row(batch, i, 5));
                    }
                }
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals(2, result.info().recordsSkipped());
            }
            assertEquals(List.of("0,1,eu,a,10", "1,null,null,b,20", "5,6,ap,f,60"), rows);

            String failure = failure(executor, "SELECT k_id, name FROM strict");
            assertTrue(failure, failure.contains("topic 'keyed-in', partition 0"));
            assertTrue(failure, failure.contains("record key did not decode: offset 2: key: "));
        }
    }

    /**
     * An updating aggregate of an aggregate (how many people have made n orders) into {@code upsert-kafka}: counts
     * move from bucket to bucket, so buckets are updated and emptied. Read back as Kafka compacts it (the last record
     * per key, a tombstone removing the key), the topic equals the buckets computed here.
     */
    @Test
    public void upsertKafkaWritesAChangelogWhoseCompactedViewIsTheResult() throws Exception {
        broker.createTopic("orders", 3);
        Map<Long, Long> ordersPerCustomer = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 2000; i++) {
                long customer = (i * 31L) % 97;
                if (i % 5 == 0) {
                    customer = 100 + i; // a customer with one order
                }
                ordersPerCustomer.merge(customer, 1L, Long::sum);
                producer.send(new ProducerRecord<>("orders", i % 3, null, "{\"customer\":" + customer + "}"));
            }
        }
        Map<String, String> buckets = new TreeMap<>();
        Map<Long, Long> customersPerCount = new TreeMap<>();
        ordersPerCustomer.values().forEach(n -> customersPerCount.merge(n, 1L, Long::sum));
        customersPerCount.forEach(
                (n, c) -> buckets.put("{orders=" + n + "}", "{orders=" + n + ", customers=" + c + "}"));
        Map<String, String> totals = new TreeMap<>();
        ordersPerCustomer.forEach((c, n) -> totals.put(String.valueOf(c), "{n=" + n + "}"));

        broker.createTopic("buckets", 2);
        broker.createTopic("totals", 2);
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(
                    """
                    CREATE TABLE orders (customer BIGINT)
                    WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = '%1$s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'format' = 'json');
                    CREATE TABLE buckets (orders BIGINT, customers BIGINT, PRIMARY KEY (orders) NOT ENFORCED)
                    WITH ('connector' = 'upsert-kafka', 'topic' = 'buckets', 'properties.bootstrap.servers' = '%1$s',
                          'key.format' = 'json', 'value.format' = 'json');
                    CREATE TABLE totals (customer STRING, n BIGINT, PRIMARY KEY (customer) NOT ENFORCED)
                    WITH ('connector' = 'upsert-kafka', 'topic' = 'totals', 'properties.bootstrap.servers' = '%1$s',
                          'key.format' = 'raw', 'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY',
                          'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'totals');
                    """
                            .formatted(broker.bootstrapServers()));
            insert(
                    executor,
                    "INSERT INTO buckets SELECT n, COUNT(*) FROM "
                            + "(SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer) GROUP BY n");
            insert(
                    executor,
                    "INSERT INTO totals SELECT CAST(customer AS STRING), COUNT(*) FROM orders GROUP BY customer");
        }
        Map<String, String> compacted = new TreeMap<>();
        int tombstones = 0;
        for (ConsumerRecord<String, String> r : readAll("buckets")) {
            String key = fields(r.key()).toString();
            if (r.value() == null) {
                tombstones++;
                assertNotNull("a tombstone for a key never written: " + key, compacted.remove(key));
            } else {
                compacted.put(key, fields(r.value()).toString());
            }
        }
        assertTrue("some bucket was emptied", tombstones > 0);
        assertEquals(buckets, compacted);

        Map<String, String> compactedTotals = new TreeMap<>();
        for (ConsumerRecord<String, String> r : readAll("totals")) {
            compactedTotals.put(r.key(), fields(r.value()).toString());
        }
        assertEquals(totals, compactedTotals);
    }

    /** examples/sql/kafka_upsert.sql, as the README runs it, over topics produced here. */
    @Test
    public void theUpsertExampleKeepsTheTotalsPerCustomer() throws Exception {
        broker.createTopic("orders-example", 2);
        broker.createTopic("order-totals", 2, Map.of("cleanup.policy", "compact"));
        Map<String, String> expected = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int id = 0; id < 500; id++) {
                String customer = "c" + (id * 13 % 17);
                long amount = id % 50;
                long[] t = totals.computeIfAbsent(customer, c -> new long[2]);
                t[0]++;
                t[1] += amount;
                producer.send(new ProducerRecord<>(
                        "orders-example",
                        "{\"order_id\":" + id + "}",
                        "{\"customer\":\"" + customer + "\",\"amount\":" + amount + "}"));
            }
        }
        totals.forEach((c, t) -> expected.put(c, "{customer=" + c + ", orders=" + t[0] + ", total=" + t[1] + "}"));
        String script = java.nio.file.Files.readString(
                        java.nio.file.Path.of(System.getProperty("sabot.examples", "../../examples/sql"))
                                .resolve("kafka_upsert.sql"))
                .replace("'topic'                        = 'orders'", "'topic' = 'orders-example'");
        assertTrue("the example reads topic 'orders'", script.contains("'orders-example'"));
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeScript(
                    script, Map.of("BOOTSTRAP", broker.bootstrapServers()), new StreamingSqlExecutor.ScriptListener() {
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
        Map<String, String> compacted = new TreeMap<>();
        for (ConsumerRecord<String, String> r : readAll("order-totals")) {
            compacted.put(r.key(), fields(r.value()).toString());
        }
        assertEquals(expected, compacted);
    }

    @Test
    public void badKeyOptionsAreRefusedNamingTheOption() throws Exception {
        try (StreamingSqlExecutor executor = executor(1)) {
            String kafka =
                    """
                    CREATE TABLE %2$s (id BIGINT, name STRING)
                    WITH ('connector' = 'kafka', 'topic' = 'people', 'properties.bootstrap.servers' = '%1$s',
                          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                          'value.format' = 'json', %3$s)
                    """;
            Map<String, List<String>> cases = new LinkedHashMap<>();
            cases.put("'key.format' = 'json', 'key.fields' = 'id;nope'", List.of("'key.fields'", "'nope'", "id, name"));
            cases.put("'key.fields' = 'id'", List.of("missing option 'key.format'", "'key.fields'"));
            cases.put("'key.format' = 'json'", List.of("missing option 'key.fields'", "'key.format'"));
            cases.put(
                    "'key.format' = 'json', 'key.fields' = 'id', 'key.fields-prefix' = 'k_'",
                    List.of("'key.fields-prefix'", "EXCEPT_KEY", "does not start with 'k_'"));
            cases.put("'value.fields-include' = 'EXCEPT_KEY'", List.of("'value.fields-include'", "'key.fields'"));
            cases.put("'key.format' = 'jsn', 'key.fields' = 'id'", List.of("'key.format'", "no format 'jsn'"));
            int n = 0;
            for (Map.Entry<String, List<String>> c : cases.entrySet()) {
                String table = "bad" + n++;
                executor.executeDdl(kafka.formatted(broker.bootstrapServers(), table, c.getKey()));
                Exception e = assertThrows(Exception.class, () -> drain(executor, "SELECT id FROM " + table));
                for (String expected : c.getValue()) {
                    assertTrue(
                            c.getKey() + ": " + e.getMessage(), e.getMessage().contains(expected));
                }
            }

            String upsert =
                    """
                    CREATE TABLE %2$s (id BIGINT, n BIGINT %3$s)
                    WITH ('connector' = 'upsert-kafka', 'topic' = 'up', 'properties.bootstrap.servers' = '%1$s',
                          'key.format' = 'json', 'value.format' = 'json' %4$s)
                    """;
            String query = "INSERT INTO %s SELECT id, COUNT(*) FROM people GROUP BY id";
            executor.executeDdl(upsert.formatted(broker.bootstrapServers(), "nokey", "", ""));
            Exception e = assertThrows(Exception.class, () -> drain(executor, query.formatted("nokey")));
            assertTrue(e.getMessage(), e.getMessage().contains("require a PRIMARY KEY"));

            executor.executeDdl(upsert.formatted(
                    broker.bootstrapServers(),
                    "fields",
                    ", PRIMARY KEY (id) NOT ENFORCED",
                    ", 'key.fields' = 'id', 'sink.buffer-flush.max-rows' = '10'"));
            e = assertThrows(Exception.class, () -> drain(executor, query.formatted("fields")));
            assertTrue(e.getMessage(), e.getMessage().contains("'key.fields'"));
            assertTrue(e.getMessage(), e.getMessage().contains("'sink.buffer-flush.max-rows'"));

            executor.executeDdl(upsert.formatted(
                    broker.bootstrapServers(),
                    "prefixed",
                    ", PRIMARY KEY (id) NOT ENFORCED",
                    ", 'key.fields-prefix' = 'k_', 'value.fields-include' = 'EXCEPT_KEY'"));
            e = assertThrows(Exception.class, () -> drain(executor, query.formatted("prefixed")));
            assertTrue(e.getMessage(), e.getMessage().contains("column 'id' does not start with 'k_'"));

            e = assertThrows(Exception.class, () -> drain(executor, "SELECT id FROM prefixed"));
            assertTrue(e.getMessage(), e.getMessage().contains("column 'id' does not start with 'k_'"));

            // a plain kafka table takes no updates
            executor.executeDdl(kafka.formatted(
                    broker.bootstrapServers(), "appendonly", "'key.format' = 'json', " + "'key.fields' = 'id'"));
            e = assertThrows(
                    Exception.class,
                    () -> drain(
                            executor,
                            "INSERT INTO appendonly SELECT id, CAST(COUNT(*) AS STRING) FROM people " + "GROUP BY id"));
            assertTrue(e.getMessage(), e.getMessage().contains("accepts inserts only"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
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

    private static void drain(StreamingSqlExecutor executor, String sql) throws Exception {
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            for (VectorSchemaRoot batch : result) {
                batch.getRowCount();
            }
            result.awaitTermination();
            if (result.status() != JobInfo.State.FINISHED) {
                throw new IllegalStateException(String.valueOf(result.failure().orElse(null)));
            }
        }
    }

    /** How a query that must fail failed. */
    private static String failure(StreamingSqlExecutor executor, String sql) {
        try {
            drain(executor, sql);
        } catch (Exception e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t.getMessage()).append('\n');
            }
            return b.toString();
        }
        throw new AssertionError(sql + " did not fail");
    }

    /** The rows of a query by the BIGINT in their first column, the other columns joined by commas. */
    private static Map<Long, String> rowsById(StreamingSqlExecutor executor, String sql, int columns) throws Exception {
        Map<Long, String> rows = new TreeMap<>();
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            for (VectorSchemaRoot batch : result) {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    long id = ((org.apache.arrow.vector.BigIntVector) batch.getVector(0)).get(i);
                    String row = row(batch, i, columns + 1);
                    assertEquals(null, rows.put(id, row.substring(row.indexOf(',') + 1)));
                }
            }
            result.awaitTermination();
            assertEquals(JobInfo.State.FINISHED, result.status());
        }
        return rows;
    }

    private static String row(VectorSchemaRoot batch, int i, int columns) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            FieldVector v = batch.getVector(c);
            if (c > 0) {
                b.append(',');
            }
            b.append(v.isNull(i) ? "null" : String.valueOf(v.getObject(i)));
        }
        return b.toString();
    }

    /** Every record of the topic (committed ones), partition after partition, in offset order. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** A flat JSON object's fields, in order, values as text. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertEquals(json, JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.put(name, parser.getText());
            }
        }
        return fields;
    }
}
