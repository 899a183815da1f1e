package io.sabot.runtime.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.circuitbreaker.internal.CircuitBreakerHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A Kafka sink whose broker goes away mid-run: the real test broker is killed while the job writes, stays down for
 * several seconds (longer than the sink's {@code properties.delivery.timeout.ms}, so sends fail) and comes back on the
 * same port. The producer's failure reaches the table's error handlers: {@code retry} holds the writes until the
 * broker is back and the job finishes with every row in the topic (exactly once: each id once, read committed; at
 * least once: every id, duplicates allowed as docs/error-handling.md says); {@code circuit-breaker, retry} opens the
 * table's circuit during the outage ({@code circuit-breaker-state} 1) and closes it (0) once the broker answers. Waits
 * are deadlines of minutes, never timings. The exactly-once case runs examples/sql/kafka_sink_outage.sql.
 */
public class KafkaSinkOutageTest {

    private static final int ROWS = 3_000;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private static KafkaBroker broker;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StreamingSqlExecutor executor;

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

    @After
    public void closeExecutor() {
        if (executor != null) {
            executor.close();
        }
    }

    /** {@code ROWS} ids at 150 rows/s, so the job is still writing when the broker goes; a checkpoint every second. */
    private static StreamingSqlExecutor executor() {
        return StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new KafkaTableFactory(),
                        new JsonFormatFactory(),
                        new FailHandlerFactory(),
                        new RetryHandlerFactory(),
                        new CircuitBreakerHandlerFactory()))
                .build();
    }

    private QueryResult start(String topic, String guarantee, String errorOptions) throws Exception {
        broker.createTopic(topic, 2);
        executor = executor();
        executor.executeDdl(
                """
                CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '150',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d');
                SET 'execution.checkpointing.interval' = '1 s';
                SET 'state.checkpoints.dir' = '%s';
                """
                        .formatted(ROWS - 1, temp.newFolder("checkpoints")));
        // the producer gives up on a send after 3 s and on metadata after 2 s, so the outage reaches the handlers
        executor.executeDdl(
                """
                CREATE TABLE out_rows (id BIGINT, name STRING)
                WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                      'format' = 'json', 'sink.delivery-guarantee' = '%s', 'sink.transactional-id-prefix' = '%1$s',
                      'properties.delivery.timeout.ms' = '3000', 'properties.request.timeout.ms' = '1000',
                      'properties.max.block.ms' = '2000'%s)
                """
                        .formatted(topic, broker.bootstrapServers(), guarantee, errorOptions));
        return executor.executeStreamingSql("INSERT INTO out_rows SELECT id, name FROM src");
    }

    /** Kills the broker once the job has written some rows, keeps it down for 8 s, and restarts it. */
    private static void outage(QueryResult result) throws Exception {
        await("the first rows written", () -> result.info().rowsOut() >= 300);
        long before = result.info().rowsOut();
        assertTrue("the job is still writing when the broker goes: " + before, before < ROWS);
        broker.restart(Duration.ofSeconds(8));
    }

    private static void awaitFinished(QueryResult result) throws Exception {
        await("the job to end", () -> result.status() != JobInfo.State.RUNNING);
        assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
    }

    /** examples/sql/kafka_sink_outage.sql, as its header says to run it. */
    @Test
    public void exactlyOnceSinkRetriesThroughABrokerOutageAndCommitsEveryRowOnce() throws Exception {
        broker.createTopic("outage-exactly-once", 2);
        String script = Files.readString(Path.of(System.getProperty("sabot.examples", "../../examples/sql"))
                .resolve("kafka_sink_outage.sql"));
        List<QueryResult> queries = new CopyOnWriteArrayList<>();
        executor = executor();
        executor.executeScript(
                script,
                Map.of(
                        "BOOTSTRAP", broker.bootstrapServers(),
                        "TOPIC", "outage-exactly-once",
                        "LAST_ID", String.valueOf(ROWS - 1),
                        "CHECKPOINTS", temp.newFolder("checkpoints").toString()),
                new StreamingSqlExecutor.ScriptListener() {
                    @Override
                    public void onMessage(String text) {}

                    @Override
                    public void onQuery(String sql, QueryResult result) {
                        queries.add(result);
                        try {
                            outage(result);
                            awaitFinished(result);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                });
        assertEquals(1, queries.size());
        try (QueryResult result = queries.get(0)) {
            assertTrue(
                    "the outage went through the handlers: " + result.info(),
                    result.info().retries() > 0);
        }
        Map<Long, Integer> ids = committed("outage-exactly-once");
        if (!ids.keySet().equals(expectedIds())) {
            assertEquals(transactions("outage-exactly-once"), expectedIds(), ids.keySet());
        }
        assertEquals("no id twice: " + duplicates(ids), Map.of(), duplicates(ids));
    }

    @Test
    public void atLeastOnceSinkRetriesThroughABrokerOutageAndLosesNoRow() throws Exception {
        try (QueryResult result = start(
                "outage-at-least-once",
                "at-least-once",
                ", 'error.handler' = 'retry', 'error.retry.delay' = '200 ms', 'error.retry.max-delay' = '1 s',"
                        + " 'error.retry.max-retries' = '1000'")) {
            outage(result);
            awaitFinished(result);
            assertTrue(
                    "the outage went through the handlers: " + result.info(),
                    result.info().retries() > 0);
        }
        // at least once: records in flight when the broker went may be written twice; none may be missing
        assertEquals(expectedIds(), committed("outage-at-least-once").keySet());
    }

    @Test
    public void circuitBreakerOpensDuringABrokerOutageAndClosesWhenItIsBack() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>(); // the gauge's values, each change once
        Thread watcher = null;
        try (QueryResult result = start(
                "outage-breaker",
                "exactly-once",
                ", 'error.handler' = 'circuit-breaker, retry', 'error.circuit-breaker.failure-threshold' = '3',"
                        + " 'error.circuit-breaker.delay' = '2 s', 'error.retry.delay' = '200 ms',"
                        // enough retries for the transaction coordinator's recovery after the restart, which on a
                        // loaded machine outlasted five (each InitProducerId waits up to max.block.ms)
                        + " 'error.retry.max-delay' = '1 s', 'error.retry.max-retries' = '60'")) {
            var registry = executor.metricRegistry();
            await("the circuit-breaker-state gauge", () -> !registry.getGauges(
                            (name, metric) -> name.endsWith(".circuit-breaker-state"))
                    .isEmpty());
            Gauge<?> gauge = registry.getGauges((name, metric) -> name.endsWith(".circuit-breaker-state"))
                    .values()
                    .iterator()
                    .next();
            watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    int value = ((Number) gauge.getValue()).intValue();
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != value) {
                        seen.add(value);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();
            await("the circuit closed while the broker is up", () -> seen.contains(0));
            outage(result); // returns once the broker answers again
            await("the circuit open after the outage's failed writes", () -> seen.contains(1));
            await(
                    "the circuit closed again after the broker is back",
                    () -> seen.get(seen.size() - 1) == 0 && seen.lastIndexOf(0) > seen.indexOf(1));
            awaitFinished(result);
            assertEquals(0, ((Number) gauge.getValue()).intValue());
        } finally {
            if (watcher != null) {
                watcher.interrupt();
                watcher.join();
            }
        }
        assertEquals("closed, open, (half-open, open)*, half-open, closed: " + seen, 0, (int) seen.get(0));
        Map<Long, Integer> ids = committed("outage-breaker");
        if (!ids.keySet().equals(expectedIds())) {
            assertEquals(transactions("outage-breaker"), expectedIds(), ids.keySet());
        }
        assertEquals("no id twice: " + duplicates(ids), Map.of(), duplicates(ids));
    }

    private static Set<Long> expectedIds() {
        return LongStream.range(0, ROWS).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<Long, Integer> duplicates(Map<Long, Integer> ids) {
        Map<Long, Integer> twice = new TreeMap<>();
        ids.forEach((id, n) -> {
            if (n > 1) {
                twice.put(id, n);
            }
        });
        return twice;
    }

    /** The committed records of {@code topic} (read committed, to the end): id -> how often. */
    private static Map<Long, Integer> committed(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<Long, Integer> ids = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, which an open transaction would hold back
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a hang guard
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.merge(json.readTree(record.value()).get("id").asLong(), 1, Integer::sum);
                }
            }
        }
        return ids;
    }

    /**
     * For a failure's message: each partition's last stable offset (what read_committed readers reach) and high
     * watermark, and the brokers' transactions of the writer's ids (prefix {@code topic}) with their state.
     */
    private static String transactions(String topic) throws Exception {
        StringBuilder out = new StringBuilder("topic " + topic + ":");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var committedEnd = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            latest.keySet().forEach(tp -> out.append(" ")
                    .append(tp)
                    .append(" LSO ")
                    .append(committedEnd.get(tp).offset())
                    .append(" HW ")
                    .append(end.get(tp).offset()));
            Set<String> ids = new TreeSet<>();
            for (TransactionListing t : admin.listTransactions().all().get(60, TimeUnit.SECONDS)) {
                if (t.transactionalId().startsWith(topic + "-")) {
                    ids.add(t.transactionalId());
                }
            }
            admin.describeTransactions(ids).all().get(60, TimeUnit.SECONDS).forEach((id, d) -> out.append("\n  ")
                    .append(id)
                    .append(" ")
                    .append(d.state())
                    .append(" pid ")
                    .append(d.producerId())
                    .append(" epoch ")
                    .append(d.producerEpoch())
                    .append(" partitions ")
                    .append(d.topicPartitions()));
        }
        return out.toString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }
}
