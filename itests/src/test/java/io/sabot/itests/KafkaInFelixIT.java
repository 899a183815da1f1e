package io.sabot.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The Kafka connector bundle, installed into a running container that started without it, is picked up, and SQL
 * jobs inside Felix write a topic of a real broker exactly once (transactions committed by checkpoints) and read it
 * back bounded into a windowed aggregate equal to the one computed here. Uninstalling the bundle withdraws the
 * connector. The broker runs outside the framework (a child JVM of the test JVM, started before Felix).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KafkaInFelixIT extends SabotTestSupport {

    private static final String BOOTSTRAP = "sabot.it.kafka.bootstrap";
    private static final String BUNDLE = "sabot.it.kafka.bundle";
    private static final String TOPIC = "it-events";
    private static final int EVENTS = 3000;

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        options.add(systemProperty(BOOTSTRAP).value(KafkaFixture.bootstrapServers(TOPIC, 4)));
        options.add(systemProperty(BUNDLE).value(kafkaBundle().toUri().toString()));
        return options.toArray(new Option[0]);
    }

    /** The container starts without the Kafka bundle: the test installs it. */
    @Override
    protected boolean includeBundle(String fileName) {
        return !fileName.startsWith("sabot-connector-kafka");
    }

    private static Path kafkaBundle() throws IOException {
        return distributionBundles().stream()
                .filter(p -> p.getFileName().toString().startsWith("sabot-connector-kafka"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no sabot-connector-kafka bundle in " + DIST));
    }

    @Test
    public void installedConnectorWritesAndReadsATopicExactlyOnce() throws Exception {
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        assertTrue(
                "no kafka connector before the bundle is installed",
                registry.snapshot().active(PluginKind.CONNECTOR, "kafka").isEmpty());
        Bundle kafka = bundleContext.installBundle(System.getProperty(BUNDLE));
        kafka.start();
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "kafka").isPresent(), 30_000);

        String bootstrap = System.getProperty(BOOTSTRAP);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("kafka-it");
        // write at parallelism 1: one producer, so every partition holds increasing ids (event time in order; two
        // datagen subtasks, each a contiguous half of the sequence, would interleave ids 25 minutes apart in a
        // partition and make rows late by right); transactions are committed by the checkpoints, the last one at the
        // end of input
        try (StreamingSqlExecutor writer =
                StreamingSqlExecutor.builder().parallelism(1).build()) {
            writer.executeDdl("CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen',\n"
                    + "  'rows-per-second' = '3000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',\n"
                    + "  'fields.id.end' = '" + (EVENTS - 1) + "');\n"
                    + "CREATE TABLE events_out (id BIGINT, k BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                    + TOPIC + "',\n"
                    + "  'properties.bootstrap.servers' = '" + bootstrap + "', 'format' = 'json',\n"
                    + "  'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'it');\n"
                    + "SET 'execution.checkpointing.interval' = '200 ms';\n"
                    + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n");
            try (QueryResult write = writer.executeStreamingSql("INSERT INTO events_out SELECT id, id % 3 FROM gen")) {
                write.awaitTermination();
                assertEquals("write: " + write.failure().orElse(null), JobInfo.State.FINISHED, write.status());
            }
        }
        // read at parallelism 2 (two partitions per subtask, a watermark per partition)
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().parallelism(2).build()) {
            // read back what is committed, bounded by the end offsets at start, into one-minute windows
            executor.executeDdl("CREATE TABLE events_in (id BIGINT, k BIGINT,\n"
                    + "  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),\n"
                    + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                    + ") WITH ('connector' = 'kafka', 'topic' = '" + TOPIC + "',\n"
                    + "  'properties.bootstrap.servers' = '" + bootstrap + "', 'properties.group.id' = 'it',\n"
                    + "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',\n"
                    + "  'format' = 'json');\n");
            Map<String, long[]> windows = new TreeMap<>();
            try (QueryResult read = executor.executeStreamingSql(
                    "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) AS w, k, COUNT(*) AS n, SUM(id) AS s"
                            + " FROM events_in GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), k")) {
                for (VectorSchemaRoot batch : read) {
                    TimeStampMilliVector w = (TimeStampMilliVector) batch.getVector("w");
                    BigIntVector k = (BigIntVector) batch.getVector("k");
                    BigIntVector n = (BigIntVector) batch.getVector("n");
                    BigIntVector s = (BigIntVector) batch.getVector("s");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        long[] previous = windows.put(w.get(i) + "/" + k.get(i), new long[] {n.get(i), s.get(i)});
                        assertEquals("window " + w.get(i) + "/" + k.get(i) + " emitted twice", null, previous);
                    }
                }
                read.awaitTermination();
                assertEquals("rows behind the watermark", 0, read.info().lateRowsDropped());
            }

            // the reference: every id exactly once, one second apart
            Map<String, long[]> expected = new TreeMap<>();
            long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            for (long id = 0; id < EVENTS; id++) {
                long[] agg = expected.computeIfAbsent((start + (id / 60) * 60_000L) + "/" + id % 3, x -> new long[2]);
                agg[0]++;
                agg[1] += id;
            }
            assertEquals(expected.keySet(), windows.keySet());
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                assertArrayEquals("window/key " + e.getKey(), e.getValue(), windows.get(e.getKey()));
            }
        } finally {
            try (var files = java.nio.file.Files.walk(checkpoints)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }

        kafka.uninstall();
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "kafka").isEmpty(), 30_000);
    }
}
