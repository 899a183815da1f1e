package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.kafka.internal.KafkaTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory;
import io.sabot.testing.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Per-table connectivity checks ({@code sabot.<tenant>.<job>.table.<table>.connectivity}) follow the table's external
 * system while its job runs: a real Kafka broker killed and started again, a filesystem sink's directory removed and
 * made again; and the {@code state-backend} check follows a rocksdb job's working directory moved away and back. The
 * checks go when the job does.
 */
public class ComponentHealthTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static StreamingSqlExecutor executor() {
        return executor(Map.of("enable_health_checks", true));
    }

    private static StreamingSqlExecutor executor(Map<String, ?> options) {
        return StreamingSqlExecutor.builder()
                .parallelism(1)
                .options(options)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new BlackholeSinkFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new KafkaTableFactory(),
                        new JsonFormatFactory(),
                        new RocksDbStateBackendFactory()))
                .build();
    }

    /** Runs the check until it satisfies {@code expected}; its last result. A hang guard, not a time bound. */
    private static HealthCheck.Result await(
            StreamingSqlExecutor executor, String name, Predicate<HealthCheck.Result> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            assertTrue(
                    name + " in " + executor.healthChecks().getNames(),
                    executor.healthChecks().getNames().contains(name));
            HealthCheck.Result result = executor.healthChecks().runHealthCheck(name);
            if (expected.test(result)) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting on " + name + ": " + result);
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void kafkaConnectivityFollowsTheBrokerDownAndUpAgain() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                StreamingSqlExecutor executor = executor()) {
            broker.createTopic("bids", 2);
            executor.executeDdl(
                    """
                    CREATE TABLE bids (price BIGINT) WITH ('connector' = 'kafka', 'topic' = 'bids',
                      'properties.bootstrap.servers' = '%s', 'scan.startup.mode' = 'earliest-offset',
                      'scan.topic-partition-discovery.interval' = '0', 'format' = 'json')
                    """
                            .formatted(broker.bootstrapServers()));
            executor.executeDdl("CREATE TABLE sink (price BIGINT) WITH ('connector' = 'blackhole')");
            executor.executeDdl("SET 'pipeline.name' = 'bids-job'");
            try (QueryResult job = executor.executeStreamingSql("INSERT INTO sink SELECT price FROM bids")) {
                String name = "sabot.default.bids-job.table.default_bids.connectivity";
                HealthCheck.Result up = await(executor, name, HealthCheck.Result::isHealthy);
                assertTrue(up.getMessage(), up.getMessage().contains(broker.bootstrapServers()));

                // killed, down for long enough to be seen, and started again on the same port
                CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
                    try {
                        broker.restart(Duration.ofSeconds(30));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                HealthCheck.Result down = await(executor, name, r -> !r.isHealthy());
                assertTrue(down.getMessage(), down.getMessage().contains("table 'default.bids'"));
                assertTrue(down.getMessage(), down.getMessage().contains(broker.bootstrapServers()));
                // the node's /health answers 503 while any check is unhealthy
                assertTrue(executor.healthChecks().runHealthChecks().values().stream()
                        .anyMatch(r -> !r.isHealthy()));
                restart.join();
                await(executor, name, HealthCheck.Result::isHealthy);
                assertEquals(JobInfo.State.RUNNING, job.status());

                job.cancel();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (executor.healthChecks().getNames().contains(name)) {
                    assertTrue("the check outlived its job", System.nanoTime() < deadline);
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    public void filesystemConnectivityFollowsTheSinkDirectoryRemovedAndMadeAgain() throws Exception {
        Path out = folder.getRoot().toPath().resolve("out");
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl("CREATE TABLE src (k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '10')");
            executor.executeDdl("CREATE TABLE files (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + out
                    + "', 'format' = 'csv')");
            executor.executeDdl("SET 'pipeline.name' = 'files-job'");
            try (QueryResult job = executor.executeStreamingSql("INSERT INTO files SELECT k FROM src")) {
                String sink = "sabot.default.files-job.table.default_files.connectivity";
                // datagen has nothing to check: no check for its table
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!Files.isDirectory(out)) {
                    assertTrue("the sink made no directory", System.nanoTime() < deadline);
                    Thread.sleep(20);
                }
                HealthCheck.Result up = await(executor, sink, HealthCheck.Result::isHealthy);
                assertTrue(up.getMessage(), up.getMessage().contains(out.toString()));
                assertFalse(executor.healthChecks()
                        .getNames()
                        .contains("sabot.default.files-job.table.default_src.connectivity"));

                try (Stream<Path> files = Files.walk(out)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
                HealthCheck.Result gone = await(executor, sink, r -> !r.isHealthy());
                assertTrue(gone.getMessage(), gone.getMessage().contains(out + "' does not exist"));
                assertEquals(JobInfo.State.RUNNING, job.status());

                Files.createDirectories(out);
                HealthCheck.Result back = await(executor, sink, HealthCheck.Result::isHealthy);
                assertNotNull(back.getMessage());
            }
        }
    }

    @Test
    public void rocksdbStateBackendCheckFollowsTheJobsWorkingDirectory() throws Exception {
        Path state = folder.newFolder("state").toPath();
        try (StreamingSqlExecutor executor =
                executor(Map.of("enable_health_checks", true, "state_path", state.toString()))) {
            executor.executeDdl("CREATE TABLE src (k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '10',"
                    + " 'fields.k.min' = '1', 'fields.k.max' = '5')");
            executor.executeDdl("CREATE TABLE sink (k BIGINT, n BIGINT) WITH ('connector' = 'blackhole')");
            executor.executeDdl("SET 'state.backend.type' = 'rocksdb'");
            executor.executeDdl("SET 'pipeline.name' = 'counts'");
            try (QueryResult job =
                    executor.executeStreamingSql("INSERT INTO sink SELECT k, COUNT(*) FROM src GROUP BY k")) {
                String name = "sabot.default.counts.state-backend";
                HealthCheck.Result up = await(executor, name, HealthCheck.Result::isHealthy);
                assertTrue(up.getMessage(), up.getMessage().contains("'rocksdb'"));
                Path local = state.resolve("local");
                Path working;
                try (Stream<Path> dirs = Files.list(local)) {
                    working = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
                }
                assertTrue(up.getMessage(), up.getMessage().contains(working.toString()));

                Path moved = Files.move(working, state.resolve("moved-away"));
                HealthCheck.Result gone = await(executor, name, r -> !r.isHealthy());
                assertTrue(gone.getMessage(), gone.getMessage().contains("gone or not writable"));

                Files.move(moved, working);
                await(executor, name, HealthCheck.Result::isHealthy);
                assertEquals(JobInfo.State.RUNNING, job.status());
            }
        }
    }
}
