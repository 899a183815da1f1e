package io.sabot.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

/**
 * Exactly-once from Kafka to Kafka through the distribution, under faults: generated trades are produced into a
 * 4-partition topic while {@code bin/sabot sql --restore latest} runs a windowed aggregation with a dimension-table
 * join into an exactly-once Kafka sink; the job process is killed with SIGKILL at random moments and restarted, and
 * the broker itself is killed and restarted under a running job. A last trade per partition far ahead in event
 * time lets a last run fire every window. A {@code read_committed} consumer must then see exactly the rows
 * computed from the generated trades by this test itself: none lost, none doubled.
 */
public class KafkaExactlyOnceFaultIT {

    private static final int TRADES = Integer.getInteger("sabot.e2e.trades", 1_000_000);
    private static final int KILLS = Integer.getInteger("sabot.kafka.kills", 5);
    private static final int PARTITIONS = 4;
    private static final int SYMBOLS = 40;
    private static final long T0 =
            LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    /** Trade i happens at T0 + i * STEP_MS: 1 M trades span 2,000 s of event time, 200 windows of 10 s. */
    private static final long STEP_MS = 2;

    private static final long WINDOW_MS = 10_000;
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home = Path.of(System.getProperty("sabot.home", "../runtime-assembly/target/sabot"));
    private final Path work = Path.of(System.getProperty("sabot.e2e.work", "target/e2e"))
            .resolve("kafka-exactly-once")
            .toAbsolutePath();
    private final Random random = new Random();

    static String symbol(long i) {
        return String.format("S%02d", (i * 7919) % SYMBOLS);
    }

    static String sector(String symbol) {
        return "sector-" + (Integer.parseInt(symbol.substring(1)) % 7);
    }

    static long price(long i) {
        return 100 + (i * 31) % 900;
    }

    static long volume(long i) {
        return 1 + (i * 17) % 100;
    }

    static long timestamp(long i) {
        return T0 + i * STEP_MS;
    }

    static String tradeJson(long i) {
        return "{\"symbol\":\"" + symbol(i) + "\",\"price\":" + price(i) + ",\"volume\":" + volume(i) + ",\"ts\":\""
                + SQL_TIMESTAMP.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(timestamp(i)), ZoneOffset.UTC))
                + "\"}";
    }

    /** The job's result computed from the trades: sector, window start (epoch ms), trades, volume, high. */
    static List<String> reference() {
        Map<String, long[]> groups = new TreeMap<>();
        for (long i = 0; i < TRADES; i++) {
            long start = timestamp(i) - Math.floorMod(timestamp(i), WINDOW_MS);
            long[] g = groups.computeIfAbsent(sector(symbol(i)) + "," + start, k -> new long[3]);
            g[0]++;
            g[1] += volume(i);
            g[2] = Math.max(g[2], price(i));
        }
        List<String> rows = new ArrayList<>();
        groups.forEach((k, g) -> rows.add(k + "," + g[0] + "," + g[1] + "," + g[2]));
        Collections.sort(rows);
        return rows;
    }

    private String jobSql(String bootstrap) {
        return String.join(
                "\n",
                "SET 'execution.checkpointing.interval' = '300 ms';",
                "SET 'state.checkpoints.dir' = '" + work.resolve("checkpoints") + "';",
                "SET 'parallelism.default' = '2';",
                "SET 'pipeline.name' = 'kafka-exactly-once';",
                "CREATE TABLE trades (symbol STRING, price BIGINT, volume BIGINT, ts TIMESTAMP(3),",
                "  proc_time AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)",
                "WITH ('connector' = 'kafka', 'topic' = 'trades', 'properties.bootstrap.servers' = '" + bootstrap
                        + "',",
                "      'properties.group.id' = 'sabot-e2e', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json'"
                        + ");",
                "CREATE TABLE sectors (symbol STRING, sector STRING, PRIMARY KEY (symbol) NOT ENFORCED)",
                "WITH ('connector' = 'filesystem', 'path' = '" + work.resolve("sectors") + "', 'format' = 'csv',",
                "      'lookup.cache' = 'FULL');",
                "CREATE TABLE stats (sector STRING, window_start TIMESTAMP(3), trades BIGINT, volume BIGINT, high BIGINT)",
                "WITH ('connector' = 'kafka', 'topic' = 'stats', 'properties.bootstrap.servers' = '" + bootstrap + "',",
                "      'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',",
                "      'sink.transactional-id-prefix' = 'sabot-e2e');",
                "INSERT INTO stats",
                "SELECT s.sector, TUMBLE_START(t.ts, INTERVAL '10' SECOND), COUNT(*), SUM(t.volume), MAX(t.price)",
                "FROM trades AS t JOIN sectors FOR SYSTEM_TIME AS OF t.proc_time AS s ON t.symbol = s.symbol",
                "GROUP BY s.sector, TUMBLE(t.ts, INTERVAL '10' SECOND);",
                "");
    }

    @Test
    public void killedJobsAndARestartedBrokerLoseAndDoubleNothing() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work.resolve("sectors"));
        StringBuilder sectors = new StringBuilder();
        for (int s = 0; s < SYMBOLS; s++) {
            String symbol = String.format("S%02d", s);
            sectors.append(symbol).append(',').append(sector(symbol)).append('\n');
        }
        Files.writeString(work.resolve("sectors/sectors.csv"), sectors.toString());

        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("trades", PARTITIONS);
            broker.createTopic("stats", 1);
            Path job = work.resolve("job.sql");
            Files.writeString(job, jobSql(broker.bootstrapServers()));

            // the trades arrive while the job runs, paced so that producing outlasts the kills (~6 s each)
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(broker.bootstrapServers(), producerFailure), "trades");
            producer.start();

            int killed = 0;
            int endedEarly = 0;
            boolean brokerRestarted = false;
            for (int run = 1; killed < KILLS && run <= 2 * KILLS; run++) {
                Process process = startJob(job, work.resolve("run-" + run + ".log"));
                awaitStarted(process, work.resolve("run-" + run + ".log"));
                if (!brokerRestarted && killed == KILLS / 2) {
                    // the broker crashes under a running job and comes back 2 s later
                    Thread.sleep(1000);
                    broker.restart(Duration.ofSeconds(2));
                    brokerRestarted = true;
                }
                Thread.sleep(500 + random.nextInt(4000));
                if (process.isAlive()) {
                    process.destroyForcibly();
                    killed++;
                } else {
                    endedEarly++;
                }
                process.waitFor(30, TimeUnit.SECONDS);
            }
            producer.join(TimeUnit.MINUTES.toMillis(10));
            if (producerFailure.get() != null) {
                throw new AssertionError("producing the trades failed", producerFailure.get());
            }
            assertEquals("runs killed while running (" + endedEarly + " ended before their kill)", KILLS, killed);
            assertTrue("the broker was restarted under a running job", brokerRestarted);

            // a last trade per partition an hour later (no sector: the join drops it) moves the watermark past every
            // window; the last run commits them all and is then stopped
            sentinels(broker.bootstrapServers());
            List<String> expected = reference();
            Path lastLog = work.resolve("last.log");
            Process finish = startJob(job, lastLog);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (readCommitted(broker.bootstrapServers(), "stats").size() < expected.size()) {
                if (!finish.isAlive() || System.nanoTime() > deadline) {
                    finish.destroyForcibly();
                    fail("the last run did not commit every window: " + diagnose(broker.bootstrapServers())
                            + tail(lastLog));
                }
                Thread.sleep(1000);
            }
            // one more second of checkpoints: anything doubled would be committed by now
            Thread.sleep(1000);
            finish.destroyForcibly();
            finish.waitFor(30, TimeUnit.SECONDS);

            long restores = countRestores();
            assertTrue("at least 2 runs restored from a checkpoint (" + restores + ")", restores >= 2);

            List<String> actual = readCommitted(broker.bootstrapServers(), "stats");
            System.out.printf(
                    "kafka exactly-once: %d trades, %d SIGKILLs, broker restarted once, %d restores, %d rows%n",
                    TRADES, killed, restores, actual.size());
            if (!expected.equals(actual)) {
                List<String> missing = new ArrayList<>(expected);
                actual.forEach(missing::remove);
                List<String> extra = new ArrayList<>(actual);
                expected.forEach(extra::remove);
                fail("committed output differs from the reference after " + killed + " kills: " + missing.size()
                        + " missing (e.g. " + missing.stream().limit(5).toList() + "), " + extra.size()
                        + " extra (e.g. " + extra.stream().limit(5).toList() + ")");
            }
        }
    }

    private void produce(String bootstrap, AtomicReference<Throwable> failure) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        long durationMs = KILLS * 6_000L;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < TRADES; i++) {
                producer.send(new ProducerRecord<>("trades", (int) (i % PARTITIONS), null, tradeJson(i)), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (i % 1000 == 999) {
                    long due = start + TimeUnit.MILLISECONDS.toNanos(durationMs * i / TRADES);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            producer.flush();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Why committed rows may be missing: open transactions, the sink's stable offset, the source's progress. */
    private static String diagnose(String bootstrap) {
        StringBuilder out = new StringBuilder();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            for (var tx : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
                out.append("\ntransaction ")
                        .append(tx.transactionalId())
                        .append(' ')
                        .append(tx.state());
                if (tx.state() == org.apache.kafka.clients.admin.TransactionState.ONGOING) {
                    // who holds it and since when: its producer id and epoch, start time and partitions
                    var d = admin.describeTransactions(java.util.List.of(tx.transactionalId()))
                            .description(tx.transactionalId())
                            .get(30, TimeUnit.SECONDS);
                    out.append(" producer ")
                            .append(d.producerId())
                            .append(" epoch ")
                            .append(d.producerEpoch())
                            .append(" started ")
                            .append(
                                    d.transactionStartTimeMs().isPresent()
                                            ? java.time.Instant.ofEpochMilli(
                                                    d.transactionStartTimeMs().getAsLong())
                                            : "?")
                            .append(" partitions ")
                            .append(d.topicPartitions());
                }
            }
            var stats = new TopicPartition("stats", 0);
            var latest = admin.listOffsets(Map.of(stats, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            out.append("\nstats high watermark ").append(latest.get(stats).offset());
            out.append(", committed rows ")
                    .append(readCommitted(bootstrap, "stats").size());
            var group = admin.listConsumerGroupOffsets("sabot-e2e")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            for (int p = 0; p < PARTITIONS; p++) {
                var tp = new TopicPartition("trades", p);
                long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(tp)
                        .offset();
                out.append("\ntrades-")
                        .append(p)
                        .append(": end ")
                        .append(end)
                        .append(", group offset ")
                        .append(group.get(tp) == null ? "none" : group.get(tp).offset());
            }
        } catch (Exception e) {
            out.append("\n(diagnosis failed: ").append(e).append(')');
        }
        return out.toString();
    }

    private static void sentinels(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String ts = SQL_TIMESTAMP.format(
                LocalDateTime.ofInstant(Instant.ofEpochMilli(timestamp(TRADES) + 3_600_000), ZoneOffset.UTC));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(
                        "trades", p, null, "{\"symbol\":\"END\",\"price\":0,\"volume\":0,\"ts\":\"" + ts + "\"}"));
            }
        }
    }

    private Process startJob(Path sql, Path log) throws IOException {
        return new ProcessBuilder(
                        home.resolve("bin/sabot").toString(), "sql", "-f", sql.toString(), "--restore", "latest")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the job says where it starts from, i.e. it is submitted. */
    private static void awaitStarted(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && process.isAlive()) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("restoring from") || text.contains("no checkpoint to restore")) {
                return;
            }
            Thread.sleep(100);
        }
        if (!process.isAlive() && process.exitValue() != 0) {
            fail("a run failed: " + tail(log));
        }
    }

    private long countRestores() throws IOException {
        try (Stream<Path> logs = Files.list(work)) {
            long n = 0;
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                n += Files.readAllLines(log).stream()
                        .filter(l -> l.contains("restoring from"))
                        .count();
            }
            return n;
        }
    }

    /** Every committed row of the topic as sector,window start ms,trades,volume,high, sorted. */
    private static List<String> readCommitted(String bootstrap, String topic) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> rows = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            // read_committed: the end offset is the last stable offset, so this reads every committed record
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode row = JSON.readTree(record.value().getBytes(StandardCharsets.UTF_8));
                    long start = LocalDateTime.parse(
                                    row.get("window_start").asText().replace(' ', 'T'))
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
                    rows.add(row.get("sector").asText() + "," + start + ","
                            + row.get("trades").asLong() + ","
                            + row.get("volume").asLong() + "," + row.get("high").asLong());
                }
            }
        }
        Collections.sort(rows);
        return rows;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                    .collect(Collectors.joining("\n", "\n", ""));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
