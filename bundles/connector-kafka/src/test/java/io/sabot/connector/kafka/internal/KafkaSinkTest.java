package io.sabot.connector.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.VersionedSerializer;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The sink against a real broker: at-least-once flushes, exactly-once transactions, recovery. */
public class KafkaSinkTest {

    private static KafkaBroker broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();

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

    private static String topic(int partitions) {
        String topic = "out" + TOPICS.incrementAndGet();
        broker.createTopic(topic, partitions);
        return topic;
    }

    /** The sink's table with {@code more} options (key, value, …) after the usual ones. */
    private static TableContext table(String topic, String guarantee, String... more) {
        List<String> options = new ArrayList<>(List.of(
                "topic",
                topic,
                "bootstrap.servers",
                broker.bootstrapServers(),
                "value.format",
                "json",
                "sink.delivery-guarantee",
                guarantee,
                "sink.transactional-id-prefix",
                "tx-" + topic));
        options.addAll(List.of(more));
        return Harness.table(1, options.toArray(String[]::new));
    }

    /** Writes rows with ids [from, to) as one batch. */
    private static void write(SinkWriter<KafkaCommittable> writer, RootAllocator allocator, int from, int to)
            throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Harness.SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            VarCharVector k = (VarCharVector) root.getVector(1);
            BigIntVector v = (BigIntVector) root.getVector(2);
            for (int i = from; i < to; i++) {
                id.setSafe(i - from, i);
                k.setSafe(i - from, ("k" + i).getBytes(StandardCharsets.UTF_8));
                v.setSafe(i - from, i * 10L);
            }
            root.setRowCount(to - from);
            writer.write(root);
        }
    }

    private static Set<Long> committedIds(String topic, int partitions) {
        Set<Long> ids = new HashSet<>();
        List<ConsumerRecord<String, String>> records = Harness.readAll(broker.bootstrapServers(), topic, partitions);
        for (ConsumerRecord<String, String> r : records) {
            String value = r.value();
            ids.add(Long.parseLong(value.substring(value.indexOf(':') + 1, value.indexOf(','))));
        }
        assertEquals("no duplicates in " + topic, ids.size(), records.size());
        return ids;
    }

    /**
     * Asserts that the committed ids of {@code topic} become {@code expected}. A committed transaction's rows become
     * visible when its markers are written, which the broker does after the commit call returns: this reads until
     * they are there, and fails at once on an id that must not be there (committed rows never go away).
     */
    private static void assertCommitted(String message, Set<Long> expected, String topic, int partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<Long> ids = committedIds(topic, partitions);
            Set<Long> unexpected = new TreeSet<>(ids);
            unexpected.removeAll(expected);
            assertEquals(message + ": ids that must not be committed", Set.of(), unexpected);
            if (ids.equals(expected)) {
                return;
            }
            Set<Long> missing = new TreeSet<>(expected);
            missing.removeAll(ids);
            assertTrue(
                    message + ": " + missing.size() + " ids never became visible, e.g. "
                            + missing.stream().limit(10).toList(),
                    System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private static Set<Long> range(int from, int to) {
        Set<Long> ids = new HashSet<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    public void atLeastOnceFlushesAtTheBarrier() throws Exception {
        String topic = topic(2);
        TableContext table = table(topic, "at-least-once");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        assertTrue(sink.createCommitter().isEmpty());
        try (RootAllocator allocator = new RootAllocator();
                SinkWriter<KafkaCommittable> writer =
                        sink.createWriter(Harness.writerContext(table, 0, allocator, null))) {
            write(writer, allocator, 0, 500);
            assertEquals(List.of(), writer.prepareCommit(1));
            assertCommitted("flushed, so every row is there", range(0, 500), topic, 2);
        }
    }

    @Test
    public void exactlyOnceRefusesTransactionsThatTimeOutBeforeTheNextCheckpoint() throws Exception {
        String topic = topic(1);
        TableContext table = table(topic, "exactly-once", "properties.transaction.timeout.ms", "60000");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        try (RootAllocator allocator = new RootAllocator()) {
            IllegalArgumentException e = org.junit.Assert.assertThrows(
                    IllegalArgumentException.class,
                    () -> sink.createWriter(Harness.writerContext(table, 0, allocator, null, OptionalLong.of(60_000))));
            assertTrue(
                    e.getMessage(),
                    e.getMessage().contains("'properties.transaction.timeout.ms'")
                            && e.getMessage().contains("60000 ms")
                            && e.getMessage().contains("table '"));
            // a shorter interval, or no periodic checkpoints, is fine
            sink.createWriter(Harness.writerContext(table, 0, allocator, null, OptionalLong.of(59_999)))
                    .close();
            sink.createWriter(Harness.writerContext(table, 0, allocator, null)).close();
        }
        // the default timeout, 15 min, against a 20 min interval
        TableContext defaults = table(topic, "exactly-once");
        KafkaSink byDefault = (KafkaSink) Harness.FACTORY.createSink(defaults);
        try (RootAllocator allocator = new RootAllocator()) {
            IllegalArgumentException e = org.junit.Assert.assertThrows(
                    IllegalArgumentException.class,
                    () -> byDefault.createWriter(
                            Harness.writerContext(defaults, 0, allocator, null, OptionalLong.of(20 * 60_000))));
            assertTrue(e.getMessage(), e.getMessage().contains("timeout 900000 ms"));
        }
    }

    @Test
    public void exactlyOnceRowsBecomeVisibleOnlyWhenTheCheckpointCommits() throws Exception {
        String topic = topic(2);
        TableContext table = table(topic, "exactly-once");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        VersionedSerializer<KafkaCommittable> serializer = sink.committableSerializer();
        try (RootAllocator allocator = new RootAllocator();
                SinkWriter<KafkaCommittable> writer =
                        sink.createWriter(Harness.writerContext(table, 0, allocator, null));
                Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
            write(writer, allocator, 0, 300);
            List<KafkaCommittable> first = writer.prepareCommit(1);
            assertEquals(1, first.size());
            write(writer, allocator, 300, 400);
            assertEquals("nothing visible before the commit", Set.of(), committedIds(topic, 2));
            // the committable goes through the checkpoint format
            KafkaCommittable restored =
                    serializer.deserialize(serializer.version(), serializer.serialize(first.get(0)));
            committer.commit(List.of(restored));
            assertCommitted("checkpoint 1 committed", range(0, 300), topic, 2);
            committer.commit(List.of(restored)); // a commit replayed on recovery is a no-op
            List<KafkaCommittable> second = writer.prepareCommit(2);
            assertTrue(
                    "a new transactional id per checkpoint",
                    !second.get(0).transactionalId().equals(first.get(0).transactionalId()));
            committer.commit(second);
            assertCommitted("checkpoint 2 committed", range(0, 400), topic, 2);
            assertEquals("an empty transaction pre-commits nothing", List.of(), writer.prepareCommit(3));
        }
    }

    /**
     * The broker dies while records of the open transaction wait in the producer (linger.ms), so that the pre-commit's
     * flush is what finds the failure. The pre-commit fails retriably; repeated once
     * the broker is back, it sends the transaction's records again under the same transactional id, whose new
     * producer aborts the failed attempt. Were the records sent again under another id, the failed attempt would stay
     * open on the broker (until transaction.timeout.ms, 15 min) and hold every read_committed reader of its partitions
     * before its first record: committed rows behind it would not be read.
     */
    @Test
    public void exactlyOncePreCommitFailingInTheFlushIsRetriedUnderTheSameTransactionalId() throws Exception {
        String topic = topic(1);
        TableContext table = table(
                topic,
                "exactly-once",
                "properties.delivery.timeout.ms",
                "3000",
                "properties.request.timeout.ms",
                "1000",
                "properties.max.block.ms",
                "2000",
                "properties.linger.ms",
                "1000");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        try (RootAllocator allocator = new RootAllocator();
                SinkWriter<KafkaCommittable> writer =
                        sink.createWriter(Harness.writerContext(table, 0, allocator, null));
                Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
            write(writer, allocator, 0, 300);
            awaitWritten(topic, 300); // in the log, in the open transaction
            write(writer, allocator, 300, 400); // lingering in the producer when the broker goes
            long pid = broker.pid();
            Thread outage = new Thread(() -> {
                try {
                    broker.restart(java.time.Duration.ofSeconds(5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            outage.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                assertTrue("the broker was not killed", System.nanoTime() < deadline);
                Thread.sleep(20);
            }
            PluginException failed =
                    org.junit.Assert.assertThrows(PluginException.class, () -> writer.prepareCommit(1));
            assertTrue("retriable: " + failed, failed.isRetriable());
            outage.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue("the broker is back", !outage.isAlive());
            List<KafkaCommittable> committables = retried(() -> writer.prepareCommit(1));
            assertEquals(1, committables.size());
            committer.commit(committables);
            Harness.awaitTransactionsCompleted(broker.bootstrapServers(), topic, 1);
            assertCommitted("every row once, no transaction left open", range(0, 400), topic, 1);
        }
    }

    /** Waits until the topic's partition 0 holds {@code records} records, committed or not. */
    private static void awaitWritten(String topic, long records) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (admin.listOffsets(
                                    Map.of(tp, OffsetSpec.latest()),
                                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                            .partitionResult(tp)
                            .get(30, TimeUnit.SECONDS)
                            .offset()
                    < records) {
                assertTrue("the records never reached " + tp, System.nanoTime() < deadline);
                Thread.sleep(20);
            }
        }
    }

    /** {@code call} repeated while it fails retriably (the broker still starting), as a retry handler would. */
    private static <T> T retried(java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return call.call();
            } catch (PluginException e) {
                if (!e.isRetriable() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * A writer dies after pre-committing checkpoint 1 and writing more into its next transaction. The job restores
     * checkpoint 1: its committable is committed (again), the open transaction is aborted by the new writer, so
     * read_committed readers see checkpoint 1's rows and are not blocked by the lingering transaction.
     */
    @Test
    public void recoveryCommitsTheCheckpointAndAbortsLingeringTransactions() throws Exception {
        String topic = topic(2);
        TableContext table = table(topic, "exactly-once");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        List<KafkaCommittable> checkpoint1;
        List<KafkaCommittable> checkpoint2;
        List<SinkWriter<KafkaCommittable>> crashed = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator()) {
            SinkWriter<KafkaCommittable> writer = sink.createWriter(Harness.writerContext(table, 0, allocator, null));
            crashed.add(writer);
            write(writer, allocator, 0, 200);
            checkpoint1 = writer.prepareCommit(1);
            write(writer, allocator, 200, 300);
            checkpoint2 = writer.prepareCommit(2); // pre-committed, but checkpoint 2 never completes
            write(writer, allocator, 300, 350); // open, never pre-committed
            // the writer "crashes": not closed, its transactions stay open on the broker. Its records reached the
            // broker before (a killed process sends nothing after): a send still in flight would open its
            // transaction after the recovery listed the open ones
            writer.endOfInput();

            SinkWriter<KafkaCommittable> recovered = sink.createWriter(Harness.writerContext(table, 0, allocator, 1L));
            try (Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
                committer.commit(checkpoint1);
            }
            assertCommitted("checkpoint 1 committed on recovery", range(0, 200), topic, 2);
            // the aborted transaction of checkpoint 2 cannot be committed later by mistake
            try (Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
                committer.commit(checkpoint2);
            }
            assertEquals("checkpoint 2's transaction was aborted on recovery", range(0, 200), committedIds(topic, 2));
            write(recovered, allocator, 200, 350);
            List<KafkaCommittable> replay = recovered.prepareCommit(2);
            try (Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
                committer.commit(replay);
            }
            // also proves checkpoint 2's aborted transaction stayed aborted: it precedes the replay in every
            // partition, so its fate is settled before the replay is visible, and a commit would duplicate ids
            assertCommitted("the replay committed", range(0, 350), topic, 2);
            recovered.close();
        }
    }

    /**
     * A crashed run's open transaction numbered above ids nobody used (a transaction that spanned checkpoints without
     * rows skips their numbers) is found and aborted on recovery: left open, it would hold back every {@code
     * read_committed} reader of its partition, so the recovered run's committed rows would never become visible.
     * Probing ids one by one from the restored checkpoint's stops at the first unused one.
     */
    @Test
    public void recoveryAbortsALingeringTransactionBeyondUnusedIds() throws Exception {
        String topic = topic(2);
        TableContext table = table(topic, "exactly-once");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        KafkaProducer<byte[], byte[]> crashed =
                ResumableProducer.create(sink.producerConfig(sink.transactionalIdPrefix() + "-0-7"));
        try (RootAllocator allocator = new RootAllocator()) {
            crashed.initTransactions();
            crashed.beginTransaction();
            for (int p = 0; p < 2; p++) {
                crashed.send(new ProducerRecord<>(
                        topic, p, null, "{\"id\":999,\"k\":\"x\",\"v\":0}".getBytes(StandardCharsets.UTF_8)));
            }
            crashed.flush(); // and the process dies: the transaction stays open on the broker

            // restored from checkpoint 2: ids 3 to 6 were never used
            SinkWriter<KafkaCommittable> recovered = sink.createWriter(Harness.writerContext(table, 0, allocator, 2L));
            write(recovered, allocator, 0, 100);
            List<KafkaCommittable> checkpoint3 = recovered.prepareCommit(3);
            try (Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
                committer.commit(checkpoint3);
            }
            assertCommitted("the recovered run's rows, past the aborted transaction", range(0, 100), topic, 2);
            recovered.close();
        } finally {
            ResumableProducer.closeNow(crashed);
        }
    }

    /**
     * A writer without rows for some checkpoints, whose next transaction a crash leaves open: the next run, restored
     * from the last of those checkpoints, must abort it. The transaction used to keep the number of the checkpoint
     * after its last pre-commit (2 here, not above the restored 4), so recovery left it open and every {@code
     * read_committed} reader stalled behind it (found by the 50-kill end-to-end soak).
     */
    @Test
    public void recoveryAbortsATransactionOpenedAfterCheckpointsWithoutRows() throws Exception {
        String topic = topic(2);
        TableContext table = table(topic, "exactly-once");
        KafkaSink sink = (KafkaSink) Harness.FACTORY.createSink(table);
        try (RootAllocator allocator = new RootAllocator();
                Committer<KafkaCommittable> committer = sink.createCommitter().orElseThrow()) {
            SinkWriter<KafkaCommittable> crashed = sink.createWriter(Harness.writerContext(table, 0, allocator, null));
            write(crashed, allocator, 0, 100);
            committer.commit(crashed.prepareCommit(1));
            for (long checkpoint = 2; checkpoint <= 4; checkpoint++) {
                assertEquals(List.of(), crashed.prepareCommit(checkpoint)); // no rows: nothing to commit
            }
            write(crashed, allocator, 1000, 1100); // and the process dies: this transaction stays open
            crashed.endOfInput(); // its records reached the broker before it died

            SinkWriter<KafkaCommittable> recovered = sink.createWriter(Harness.writerContext(table, 0, allocator, 4L));
            write(recovered, allocator, 100, 200);
            committer.commit(recovered.prepareCommit(5));
            assertCommitted("the recovered run's rows, past the aborted transaction", range(0, 200), topic, 2);
            recovered.close();
            crashed.close(); // fenced by the recovery: nothing left to abort
        }
    }
}
