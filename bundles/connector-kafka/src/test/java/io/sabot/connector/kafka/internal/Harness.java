package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.plugin.ValidatedOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small stand-in for the runtime's side of the SPI, as the filesystem connector's tests have: the enumerator's
 * asynchronous work runs on a worker thread and its results, assignments and no-more-splits signals travel through a
 * mailbox drained by the test thread between polls; readers get child allocators; emitted batches are transferred out
 * (as the runtime does) after their rows are recorded. The table is {@code (id BIGINT, k VARCHAR, v BIGINT)} in the
 * real json format.
 */
final class Harness implements AutoCloseable {

    static final KafkaTableFactory FACTORY = new KafkaTableFactory();
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("k", ArrowType.Utf8.INSTANCE),
            Field.nullable("v", new ArrowType.Int(64, true))));

    /** A row read: its split and its three columns. */
    record Row(String split, long id, String k, long v) {}

    final RootAllocator allocator = new RootAllocator();
    final LinkedBlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
    final List<Row> rows = new ArrayList<>();
    final Map<Integer, List<String>> assigned = new TreeMap<>();
    final TableContext table;
    final KafkaSource source;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-enumerator-worker");
        t.setDaemon(true);
        return t;
    });
    private final List<BufferAllocator> children = new ArrayList<>();
    private final Map<Integer, SourceReader<KafkaSplit>> readers = new TreeMap<>();
    private final Map<Integer, Boolean> ended = new HashMap<>();
    private SplitEnumerator<KafkaSplit, KafkaEnumeratorState> enumerator;
    private final int parallelism;

    Harness(int parallelism, String... options) {
        this.parallelism = parallelism;
        this.table = table(parallelism, options);
        this.source = (KafkaSource) FACTORY.createSource(table);
    }

    /** Validates options (key, value, …) as the runtime does; the format is the real json one. */
    static TableContext table(int parallelism, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        ValidatedOptions validated =
                FACTORY.validate("connector 'kafka' of table 't'", map).orThrow();
        JsonFormatFactory json = new JsonFormatFactory();
        ValidatedOptions jsonOptions = json.validate("format 'json'", Map.of()).orThrow();
        return new TableContext() {
            @Override
            public String tableName() {
                return "t";
            }

            @Override
            public Schema schema() {
                return SCHEMA;
            }

            @Override
            public ValidatedOptions options() {
                return validated;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public RecordDecoder createDecoder(String formatKey) {
                return json.createDecoder(this, jsonOptions);
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                return json.createEncoder(this, jsonOptions);
            }
        };
    }

    /** Starts the enumerator (restored if {@code state} is given) and the readers, with restored splits if given. */
    void start(KafkaEnumeratorState state, Map<Integer, List<KafkaSplit>> restoredSplits) throws Exception {
        SplitEnumeratorContext<KafkaSplit> context = new SplitEnumeratorContext<>() {
            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public void assignSplit(KafkaSplit split, int subtaskId) {
                assigned.computeIfAbsent(subtaskId, k -> new ArrayList<>()).add(split.splitId());
                mailbox.add(() -> readers.get(subtaskId).addSplits(List.of(split)));
            }

            @Override
            public void signalNoMoreSplits(int subtaskId) {
                mailbox.add(() -> readers.get(subtaskId).notifyNoMoreSplits());
            }

            @Override
            public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
                worker.execute(() -> deliver(callable, handler));
            }

            @Override
            public <T> void callAsync(
                    Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
                worker.scheduleAtFixedRate(
                        () -> deliver(callable, handler), initialDelay, period, TimeUnit.MILLISECONDS);
            }
        };
        enumerator = state == null ? source.createEnumerator(context) : source.restoreEnumerator(context, state);
        for (int i = 0; i < parallelism; i++) {
            BufferAllocator child = allocator.newChildAllocator("reader-" + i, 0, Long.MAX_VALUE);
            children.add(child);
            int subtask = i;
            SourceReader<KafkaSplit> reader = source.createReader(new SourceReaderContext() {
                @Override
                public TableContext table() {
                    return table;
                }

                @Override
                public int subtaskIndex() {
                    return subtask;
                }

                @Override
                public BufferAllocator allocator() {
                    return child;
                }

                @Override
                public int batchSize() {
                    return 100;
                }

                @Override
                public void sendSplitRequest() {}
            });
            reader.start();
            readers.put(i, reader);
            ended.put(i, false);
            if (restoredSplits != null && restoredSplits.containsKey(i)) {
                reader.addSplits(restoredSplits.get(i));
            }
        }
        enumerator.start();
        for (int i = 0; i < parallelism; i++) {
            enumerator.addReader(i);
        }
    }

    private <T> void deliver(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        T result = null;
        Throwable failure = null;
        try {
            result = callable.call();
        } catch (Throwable t) {
            failure = t;
        }
        T r = result;
        Throwable f = failure;
        mailbox.add(() -> handler.accept(r, f));
    }

    /** Drains the mailbox and polls every reader until {@code done} or the timeout. */
    void runUntil(BooleanSupplier done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue("timed out; rows so far: " + rows.size(), System.nanoTime() < deadline);
            Runnable mail;
            while ((mail = mailbox.poll()) != null) {
                mail.run();
            }
            boolean progress = false;
            for (var e : readers.entrySet()) {
                if (ended.get(e.getKey())) {
                    continue;
                }
                InputStatus status = e.getValue().pollNext(output);
                if (status == InputStatus.END_OF_INPUT) {
                    ended.put(e.getKey(), true);
                }
                progress |= status == InputStatus.MORE_AVAILABLE;
            }
            if (!progress) {
                Thread.sleep(5);
            }
        }
    }

    /** Drains the mailbox and polls every reader for {@code duration}: what arrives meanwhile is recorded. */
    void runFor(Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        runUntil(() -> System.nanoTime() - deadline >= 0, duration.plusSeconds(30));
    }

    boolean allEnded() {
        return ended.values().stream().allMatch(b -> b);
    }

    Map<Integer, List<KafkaSplit>> snapshotReaders(long checkpointId) throws Exception {
        Map<Integer, List<KafkaSplit>> state = new TreeMap<>();
        for (var e : readers.entrySet()) {
            List<KafkaSplit> copy = new ArrayList<>();
            for (KafkaSplit split : e.getValue().snapshotState(checkpointId)) {
                // through the checkpoint format, as the runtime does
                byte[] bytes = source.splitSerializer().serialize(split);
                copy.add(source.splitSerializer()
                        .deserialize(source.splitSerializer().version(), bytes));
            }
            state.put(e.getKey(), copy);
        }
        return state;
    }

    KafkaEnumeratorState snapshotEnumerator(long checkpointId) throws Exception {
        var serializer = source.enumeratorStateSerializer();
        byte[] bytes = serializer.serialize(enumerator.snapshotState(checkpointId));
        return serializer.deserialize(serializer.version(), bytes);
    }

    void checkpointComplete(long checkpointId) throws Exception {
        for (SourceReader<KafkaSplit> reader : readers.values()) {
            reader.notifyCheckpointComplete(checkpointId);
        }
        enumerator.notifyCheckpointComplete(checkpointId);
    }

    private final BatchOutput output = new BatchOutput() {
        @Override
        public void emit(String splitId, VectorSchemaRoot batch) {
            BigIntVector id = (BigIntVector) batch.getVector(0);
            VarCharVector k = (VarCharVector) batch.getVector(1);
            BigIntVector v = (BigIntVector) batch.getVector(2);
            for (int i = 0; i < batch.getRowCount(); i++) {
                rows.add(new Row(splitId, id.get(i), new String(k.get(i), StandardCharsets.UTF_8), v.get(i)));
            }
            for (FieldVector vector : batch.getFieldVectors()) {
                TransferPair transfer = vector.getTransferPair(allocator);
                transfer.transfer();
                transfer.getTo().close();
            }
            batch.setRowCount(0);
        }

        @Override
        public void emitWatermark(String splitId, long watermarkMillis) {}

        @Override
        public void markIdle(String splitId) {}
    };

    @Override
    public void close() throws Exception {
        worker.shutdownNow();
        for (SourceReader<KafkaSplit> reader : readers.values()) {
            reader.close();
        }
        if (enumerator != null) {
            enumerator.close();
        }
        for (BufferAllocator child : children) {
            child.close(); // fails on a leak
        }
        allocator.close();
    }

    // ---- helpers for producing and consuming in tests ----

    static String json(long id, String k, long v) {
        return "{\"id\":" + id + ",\"k\":\"" + k + "\",\"v\":" + v + "}";
    }

    static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // a batch the broker never acknowledges fails within a minute (the default, 2 min, then hangs close())
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props);
    }

    /**
     * Sends every record and waits until each is acknowledged; a record that is not fails the test naming its
     * partition and the producer's error (instead of a silent close() that waits out the delivery timeout).
     */
    static void sendAll(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, String> record : records) {
            sent.add(producer.send(record));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(0, TimeUnit.SECONDS); // flush() returned: each future is done
            } catch (Exception e) {
                ProducerRecord<String, String> r = records.get(i);
                throw new AssertionError(
                        "record " + i + " for " + r.topic() + "-" + r.partition() + " was not acknowledged: " + e, e);
            }
        }
    }

    /** Every committed value of the topic, read to its current end. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue("reading " + topic + " timed out", System.nanoTime() < deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Waits until no transaction on {@code topic} is open or still being completed, i.e. every partition's last stable
     * offset has reached its end: a transaction's commit (or abort) markers are written after {@code
     * commitTransaction} returns, so its records become visible to {@code read_committed} readers only then.
     */
    static void awaitTransactionsCompleted(String bootstrap, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Map<TopicPartition, Long> stable = ends(admin, latest, IsolationLevel.READ_COMMITTED);
                Map<TopicPartition, Long> end = ends(admin, latest, IsolationLevel.READ_UNCOMMITTED);
                if (stable.equals(end)) {
                    return;
                }
                assertTrue(
                        "transactions on " + topic + " never completed: stable offsets " + stable + ", ends " + end,
                        System.nanoTime() < deadline);
                Thread.sleep(50);
            }
        }
    }

    private static Map<TopicPartition, Long> ends(
            Admin admin, Map<TopicPartition, OffsetSpec> latest, IsolationLevel level) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(level))
                .all()
                .get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    static SinkWriterContext writerContext(TableContext table, int subtask, BufferAllocator allocator, Long restored) {
        return writerContext(table, subtask, allocator, restored, OptionalLong.empty());
    }

    static SinkWriterContext writerContext(
            TableContext table, int subtask, BufferAllocator allocator, Long restored, OptionalLong intervalMillis) {
        return new SinkWriterContext() {
            @Override
            public OptionalLong checkpointIntervalMillis() {
                return intervalMillis;
            }

            @Override
            public TableContext table() {
                return table;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return restored == null ? OptionalLong.empty() : OptionalLong.of(restored);
            }
        };
    }

    static Set<Long> ids(List<Row> rows) {
        Set<Long> ids = new java.util.HashSet<>();
        rows.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
