package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Engine;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka side by side, in one run over one topic of a real broker (KRaft, a child JVM, {@link KafkaBroker}): the rate
 * of a plain kafka-clients consumer (the ceiling: bytes off the wire, nothing decoded), then each engine reading the
 * same topic from the earliest to the latest offset into a blackhole sink (format {@code raw}: one column per record,
 * the transport's cost; format {@code json}: decoding the trades into their columns), and a windowed aggregation
 * written to another topic exactly once (transactions committed by checkpoints).
 *
 * <p>The topic holds {@code records} JSON trades spread round-robin over {@code partitions} partitions, written once
 * before the runs. Each run is a bounded job ({@code 'scan.bounded.mode' = 'latest-offset'}) and is timed from
 * submission to its end; Sabot checks that its job read every record. Repetitions alternate the engines; the median
 * is reported.
 */
public final class KafkaBenchmark {

    static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("records", new String[] {"5000000", "trades in the topic"});
        OPTIONS.put("partitions", new String[] {"4", "partitions of the topic"});
        OPTIONS.put("parallelism", new String[] {"1", "source subtasks of each engine, and consumers of the baseline"});
        OPTIONS.put("suites", new String[] {"consumer,raw,json,window-eo", "what to measure"});
        OPTIONS.put("engines", new String[] {"sabot,flink", "engines to run (flink needs -Pflink-kafka)"});
        OPTIONS.put("warmups", new String[] {"1", "untimed runs per suite and engine"});
        OPTIONS.put("repetitions", new String[] {"3", "timed runs per suite and engine (median)"});
        OPTIONS.put("interval", new String[] {"1000", "window-eo: checkpoint interval, ms"});
        OPTIONS.put("timeout", new String[] {"900", "seconds one run may take"});
        OPTIONS.put("results", new String[] {"target/kafka-results.md", "Markdown results file ('' for none)"});
    }

    private static final String TOPIC = "trades";
    private static final int SYMBOLS = 200;
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private final long records;
    private final int partitions;
    private final int parallelism;
    private final List<String> suites;
    private final List<String> engineNames;
    private final int warmups;
    private final int repetitions;
    private final long intervalMillis;
    private final long timeoutSeconds;
    private final Path results;
    private long bytes;
    private int runNumber;
    private KafkaBroker broker;

    KafkaBenchmark(Map<String, String> given, Properties system) {
        Function<String, String> v = key -> given.getOrDefault(key, system.getProperty(key, OPTIONS.get(key)[0]));
        this.records = BenchmarkOptions.parseCount(v.apply("records"));
        this.partitions = Integer.parseInt(v.apply("partitions").trim());
        this.parallelism = Integer.parseInt(v.apply("parallelism").trim());
        this.suites = list(v.apply("suites"));
        this.engineNames = list(v.apply("engines"));
        this.warmups = Integer.parseInt(v.apply("warmups").trim());
        this.repetitions = Integer.parseInt(v.apply("repetitions").trim());
        this.intervalMillis = Long.parseLong(v.apply("interval").trim());
        this.timeoutSeconds = Long.parseLong(v.apply("timeout").trim());
        this.results = v.apply("results").isBlank() ? null : Path.of(v.apply("results"));
        for (String suite : suites) {
            if (!List.of("consumer", "raw", "json", "window-eo").contains(suite)) {
                throw new IllegalArgumentException(
                        "suites: unknown suite '" + suite + "'; known: consumer, raw, json, window-eo");
            }
        }
        for (String engine : engineNames) {
            if (!engine.equals("sabot") && !engine.equals("flink")) {
                throw new IllegalArgumentException("engines: unknown engine '" + engine + "'; known: sabot, flink");
            }
        }
        if (records < 1 || partitions < 1 || parallelism < 1 || repetitions < 1 || warmups < 0) {
            throw new IllegalArgumentException("records, partitions, parallelism and repetitions must be at least 1");
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                StringBuilder usage = new StringBuilder("options (--key=value or -Dkey=value):\n");
                OPTIONS.forEach((k, d) -> usage.append(String.format(Locale.ROOT, "  %-12s %s (%s)%n", k, d[1], d[0])));
                System.out.print(usage);
                return;
            }
        }
        KafkaBenchmark benchmark =
                new KafkaBenchmark(BenchmarkOptions.given(args, OPTIONS.keySet()), System.getProperties());
        String report = benchmark.run();
        System.out.println();
        System.out.println(report);
        if (benchmark.results != null) {
            Path file = benchmark.results.toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);
            System.out.println("results written to " + file);
        }
        System.exit(0); // Flink leaves non-daemon threads behind
    }

    /** Starts the broker, fills the topic, runs the suites; returns the Markdown report. */
    String run() throws Exception {
        List<Engine> engines = new ArrayList<>();
        try (KafkaBroker started = KafkaBroker.start()) {
            broker = started;
            broker.createTopic(TOPIC, partitions);
            long t0 = System.nanoTime();
            produce();
            System.out.printf(
                    Locale.ROOT,
                    "topic %s: %,d trades, %,d bytes of values, %d partitions (written in %.1f s)%n",
                    TOPIC,
                    records,
                    bytes,
                    partitions,
                    (System.nanoTime() - t0) / 1e9);
            @SuppressWarnings("unchecked")
            Callable<Long> baseline = (Callable<Long>) EngineLoaders.inSabotLoader(
                    KafkaConsumerBaseline.class.getName(),
                    new Class<?>[] {String.class, String.class, Integer.class, Integer.class, Long.class},
                    broker.bootstrapServers(),
                    TOPIC,
                    partitions,
                    parallelism,
                    records);
            for (String name : engineNames) {
                engines.add(name.equals("sabot") ? EngineLoaders.sabot(parallelism) : EngineLoaders.flink(parallelism));
            }
            Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
            for (String suite : suites) {
                Map<String, List<Double>> bySubject = new LinkedHashMap<>();
                rates.put(suite, bySubject);
                List<String> subjects = suite.equals("consumer") ? List.of("kafka-clients") : engineNames;
                for (int round = 0; round < warmups + repetitions; round++) {
                    boolean timed = round >= warmups;
                    for (int e = 0; e < subjects.size(); e++) {
                        String subject = subjects.get(e);
                        double rate;
                        try {
                            long nanos = suite.equals("consumer") ? baseline.call() : runEngine(engines.get(e), suite);
                            rate = records / (nanos / 1e9);
                            System.out.printf(
                                    Locale.ROOT,
                                    "%-10s %-14s %s %,.0f records/s%s%n",
                                    suite,
                                    subject,
                                    timed ? "run   " : "warmup",
                                    rate,
                                    suite.equals("consumer")
                                            ? ""
                                            : "  " + engines.get(e).lastRunDetail());
                        } catch (Exception ex) {
                            System.out.println(suite + " " + subject + " failed: " + ex);
                            ex.printStackTrace(System.out);
                            rate = Double.NaN;
                        }
                        if (timed) {
                            bySubject
                                    .computeIfAbsent(subject, k -> new ArrayList<>())
                                    .add(rate);
                        }
                    }
                }
            }
            return report(engines, rates);
        } finally {
            for (Engine engine : engines) {
                try {
                    engine.close();
                } catch (Exception e) {
                    System.out.println("closing " + engine.name() + ": " + e);
                }
            }
        }
    }

    /** Writes the trades: JSON values without keys, round-robin over the partitions, event time 1 ms apart. */
    private void produce() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long[] sizes = new long[1];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < records; i++) {
                byte[] value = trade(i).getBytes(StandardCharsets.UTF_8);
                sizes[0] += value.length;
                producer.send(new ProducerRecord<>(TOPIC, (int) (i % partitions), null, value), (m, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("cannot write trade: " + e, e);
                    }
                });
            }
            producer.flush();
        }
        bytes = sizes[0];
    }

    static String trade(long i) {
        long cents = 1000 + (i * 7919) % 90000;
        return "{\"symbol\":\"S" + (i % SYMBOLS) + "\",\"price\":" + cents / 100 + "." + (cents % 100 < 10 ? "0" : "")
                + cents % 100 + ",\"volume\":" + (1 + i % 500) + ",\"ts\":\""
                + TS.format(BASE.plusNanos(i * 1_000_000L)) + "\"}";
    }

    private long runEngine(Engine engine, String suite) throws Exception {
        int run = ++runNumber;
        String source = "  'connector' = 'kafka',\n  'topic' = '" + TOPIC + "',\n  'properties.bootstrap.servers' = '"
                + broker.bootstrapServers() + "',\n  'properties.group.id' = 'bench-" + run + "',\n"
                + "  'scan.startup.mode' = 'earliest-offset',\n  'scan.bounded.mode' = 'latest-offset',\n";
        String ddl;
        String insert;
        long expected = records;
        switch (suite) {
            case "raw" -> {
                ddl = "CREATE TABLE trades (line STRING) WITH (\n" + source + "  'format' = 'raw');\n"
                        + "CREATE TABLE sink (line STRING) WITH ('connector' = 'blackhole')";
                insert = "INSERT INTO sink SELECT line FROM trades";
            }
            case "json" -> {
                ddl = "CREATE TABLE trades (" + COLUMNS + ") WITH (\n" + source + "  'format' = 'json');\n"
                        + "CREATE TABLE sink (" + COLUMNS + ") WITH ('connector' = 'blackhole')";
                insert = "INSERT INTO sink SELECT * FROM trades";
            }
            default -> {
                String out = "bench-out-" + run;
                broker.createTopic(out, partitions);
                Path checkpoints = Files.createTempDirectory("kafka-bench-chk");
                ddl = "CREATE TABLE trades (" + COLUMNS + ",\n  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (\n"
                        + source + "  'format' = 'json');\n"
                        + "CREATE TABLE per_minute (symbol STRING, window_start TIMESTAMP(3), trades BIGINT,"
                        + " avg_price DOUBLE, volume BIGINT) WITH (\n  'connector' = 'kafka',\n  'topic' = '" + out
                        + "',\n  'properties.bootstrap.servers' = '" + broker.bootstrapServers() + "',\n"
                        + "  'format' = 'json',\n  'sink.delivery-guarantee' = 'exactly-once',\n"
                        // Flink's default (1 h) is above the broker's maximum (15 min)
                        + "  'properties.transaction.timeout.ms' = '60000',\n"
                        + "  'sink.transactional-id-prefix' = '" + engine.name() + "-bench-" + run + "');\n"
                        + "SET 'execution.checkpointing.interval' = '" + intervalMillis + " ms';\n"
                        + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "'";
                insert = "INSERT INTO per_minute SELECT symbol, window_start, COUNT(*), AVG(price), SUM(volume)\n"
                        + "FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' MINUTE))\n"
                        + "GROUP BY symbol, window_start, window_end";
            }
        }
        long nanos = engine.runScript(ddl, insert, expected, timeoutSeconds);
        if (suite.equals("window-eo")) {
            // every window of every symbol, committed once: (1 ms apart) one window per 60 000 trades
            long windows = SYMBOLS * ((records + 59_999) / 60_000);
            long committed = committedRecords("bench-out-" + run);
            if (committed != windows) {
                throw new IllegalStateException(engine.name() + " committed " + committed + " rows to bench-out-" + run
                        + ", not the " + windows + " windows");
            }
        }
        return nanos;
    }

    /** Records a read_committed consumer finds in {@code topic}. */
    private long committedRecords(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = new java.util.HashMap<>(consumer.endOffsets(assigned));
            long count = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                count += consumer.poll(java.time.Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private static final String COLUMNS = "symbol STRING, price DOUBLE, volume BIGINT, ts TIMESTAMP(3)";

    private String report(List<Engine> engines, Map<String, Map<String, List<Double>>> rates) {
        StringBuilder md = new StringBuilder("## Kafka: plain consumer vs Sabot vs Apache Flink\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%,d JSON trades (%,d bytes of values, %.0f bytes each) in a %d-partition topic of a local broker"
                        + " (KRaft, its own JVM); parallelism %d; %d warm-up and %d timed runs each,"
                        + " median; %d cores, Java %s.%n%n",
                records,
                bytes,
                (double) bytes / records,
                partitions,
                parallelism,
                warmups,
                repetitions,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        for (Engine engine : engines) {
            md.append("- ").append(engine.describe()).append('\n');
        }
        md.append("\n| suite | reader | records/s (median) | runs | vs plain consumer |\n|---|---|---|---|---|\n");
        double baseline =
                rates.containsKey("consumer") ? median(rates.get("consumer").get("kafka-clients")) : Double.NaN;
        rates.forEach((suite, bySubject) -> bySubject.forEach((subject, values) -> {
            double m = median(values);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,.0f | %s | %s |%n",
                    suite,
                    subject,
                    m,
                    values.stream()
                            .map(r -> String.format(Locale.ROOT, "%,.0f", r))
                            .toList(),
                    Double.isNaN(baseline) || suite.equals("consumer")
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f %%", 100 * m / baseline)));
        }));
        return md.toString();
    }

    static double median(List<Double> values) {
        if (values == null || values.isEmpty() || values.stream().anyMatch(d -> d.isNaN())) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
