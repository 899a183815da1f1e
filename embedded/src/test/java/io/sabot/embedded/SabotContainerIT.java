package io.sabot.embedded;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.examples.embedded.EmbeddedNexmark;
import io.sabot.plugin.OptionValidationException;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A plain JUnit test (flat class path, no OSGi of its own) starts a real Sabot container from the built distribution
 * ({@code -Dsabot.home}, runtime-assembly/target/sabot), runs SQL on its installed plug-ins and reads the batches with
 * its own Arrow classes.
 */
public class SabotContainerIT {

    private static final Path HOME = Path.of(System.getProperty("sabot.home", "../runtime-assembly/target/sabot"));

    /** 1 000 rows, ids 1..1000, event times spread over ten minutes; the watermark lags ten minutes: none is late. */
    private static final String EVENTS =
            """
            CREATE TABLE events (
              id BIGINT,
              ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE
            ) WITH (
              'connector' = 'datagen',
              'number-of-rows' = '1000',
              'rows-per-second' = '1000000',
              'seed' = '7',
              'fields.id.kind' = 'sequence',
              'fields.id.start' = '1',
              'fields.id.end' = '1000',
              'fields.ts.min' = '2024-01-01 00:00:00',
              'fields.ts.max' = '2024-01-01 00:09:59'
            )""";

    @Test
    public void windowedCountsArriveAsTheProgramsOwnArrowBatchesAndCloseStopsTheContainer() throws Exception {
        SabotContainer container = SabotContainer.start(HOME);
        Path storage = container.storage();
        try {
            assertTrue(container.isRunning());
            assertEquals("every bundle of the distribution starts", List.of(), container.bundleProblems());
            assertTrue(
                    "a fresh bundle cache under the home's data/: " + storage,
                    storage.startsWith(HOME.resolve("data").toAbsolutePath().normalize()));
            assertSharedWithTheSystemBundle(container);

            Map<LocalDateTime, long[]> windows = new TreeMap<>();
            try (StreamingSqlExecutor executor = container
                    .executorBuilder()
                    .parallelism(2)
                    .watermarkIdleTimeout(Duration.ofSeconds(5))
                    .build()) {
                assertEquals(2, executor.options().parallelism());
                executor.executeDdl(EVENTS);
                try (QueryResult result = executor.executeStreamingSql(
                        "SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS cnt,"
                                + " SUM(id) AS ids, MIN(ts) AS first_ts, MAX(ts) AS last_ts"
                                + " FROM events GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)")) {
                    assertEquals(List.of("window_start", "cnt", "ids", "first_ts", "last_ts"), result.columns());
                    assertFalse(result.isChangelog());
                    for (VectorSchemaRoot batch : result) {
                        // the batch, its vectors and their values are instances of this test's Arrow classes
                        assertSame(VectorSchemaRoot.class, batch.getClass());
                        BigIntVector cnt = (BigIntVector) batch.getVector("cnt");
                        BigIntVector ids = (BigIntVector) batch.getVector("ids");
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            LocalDateTime start = (LocalDateTime)
                                    batch.getVector("window_start").getObject(row);
                            LocalDateTime first =
                                    (LocalDateTime) batch.getVector("first_ts").getObject(row);
                            LocalDateTime last =
                                    (LocalDateTime) batch.getVector("last_ts").getObject(row);
                            assertFalse("first row of " + start + " at " + first, first.isBefore(start));
                            assertTrue("last row of " + start + " at " + last, last.isBefore(start.plusMinutes(1)));
                            long[] previous = windows.put(start, new long[] {cnt.get(row), ids.get(row)});
                            assertEquals("window " + start + " emitted twice", null, previous);
                        }
                    }
                    result.awaitTermination();
                    assertEquals(io.sabot.runtime.JobInfo.State.FINISHED, result.status());
                    assertEquals(1000L, result.info().rowsIn());
                }
            }
            List<LocalDateTime> expectedStarts = new ArrayList<>();
            for (int minute = 0; minute < 10; minute++) {
                expectedStarts.add(LocalDateTime.of(2024, 1, 1, 0, minute));
            }
            assertEquals(expectedStarts, new ArrayList<>(windows.keySet()));
            long rows = windows.values().stream().mapToLong(w -> w[0]).sum();
            long idSum = windows.values().stream().mapToLong(w -> w[1]).sum();
            assertEquals("every generated row is counted once", 1000, rows);
            assertEquals("ids 1..1000", 500_500, idSum);
        } finally {
            container.close();
        }
        assertFalse(container.isRunning());
        assertEquals(Bundle.RESOLVED, container.framework().getState());
        assertFalse("the bundle cache is deleted", Files.exists(storage));
        try {
            container.executorBuilder();
            fail("a closed container makes no executors");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
        }
    }

    /**
     * Savepoints through the program's executor and query result: taken while the job runs, the job stopped with one
     * (state STOPPED), one disposed and a directory that is not one refused; the job restored from the stop's
     * savepoint in a new executor finishes, and the file sink holds every id exactly once.
     */
    @Test
    public void savepointsOfTheContainersJobsAreTakenStoppedRestoredAndDisposed() throws Exception {
        Path work = Files.createTempDirectory("sabot-embedded-savepoints");
        Path out = work.resolve("out");
        Path savepoints = work.resolve("savepoints");
        String ddl =
                """
                CREATE TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '400',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '2000');
                CREATE TABLE ids (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                """
                        .formatted(out.toUri());
        String insert = "INSERT INTO ids SELECT id FROM seq";
        SabotContainer container = SabotContainer.start(HOME);
        try {
            io.sabot.runtime.SavepointInfo stop;
            try (StreamingSqlExecutor executor = container.executorBuilder().build()) {
                executor.executeDdl(ddl);
                QueryResult job = executor.executeStreamingSql(insert);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (job.info().rowsIn() < 200) {
                    assertTrue("the job reads its first rows within 30 s", System.nanoTime() < deadline);
                    Thread.sleep(20);
                }
                io.sabot.runtime.SavepointInfo first = executor.savepoint(job.jobId(), savepoints);
                assertEquals(job.jobId(), first.jobId());
                assertFalse(first.stopped());
                assertTrue(first.path().toString(), first.path().startsWith(savepoints));
                assertTrue(Files.isDirectory(first.path()));
                stop = job.stopWithSavepoint(savepoints);
                assertTrue(stop.stopped());
                job.awaitTermination();
                assertEquals(io.sabot.runtime.JobInfo.State.STOPPED, job.status());
                assertTrue(
                        "stopped before its end: " + job.info().rowsIn(),
                        job.info().rowsIn() < 2000);
                executor.disposeSavepoint(first.path());
                assertFalse(Files.exists(first.path()));
                IllegalArgumentException notOne = org.junit.Assert.assertThrows(
                        IllegalArgumentException.class, () -> executor.disposeSavepoint(out));
                assertTrue(notOne.getMessage(), notOne.getMessage().contains(out.toString()));
                job.close();
            }
            try (StreamingSqlExecutor executor = container.executorBuilder().build()) {
                executor.executeDdl(ddl + "SET 'execution.savepoint.path' = '" + stop.path() + "';");
                try (QueryResult restored = executor.executeStreamingSql(insert)) {
                    restored.awaitTermination();
                    assertEquals(io.sabot.runtime.JobInfo.State.FINISHED, restored.status());
                }
            }
            List<Long> ids = new ArrayList<>();
            try (java.util.stream.Stream<Path> files = Files.walk(out)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .toList()) {
                    for (String line : Files.readAllLines(file)) {
                        ids.add(Long.parseLong(line.trim()));
                    }
                }
            }
            java.util.Collections.sort(ids);
            List<Long> expected = new ArrayList<>();
            for (long id = 1; id <= 2000; id++) {
                expected.add(id);
            }
            assertEquals("every id committed exactly once across the stop and the restore", expected, ids);
        } finally {
            container.close();
        }
    }

    @Test
    public void badOptionsAndBadSqlReachTheProgramWithTheirPositions() throws Exception {
        try (SabotContainer container = SabotContainer.start(new SabotContainer.Options().home(HOME))) {
            try {
                container
                        .executorBuilder()
                        .maxParallelism(0)
                        .option("no_such_option", 1)
                        .build();
                fail("bad executor options are refused");
            } catch (OptionValidationException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("no_such_option"));
                assertTrue(expected.getMessage(), expected.getMessage().contains("max_parallelism"));
            }
            try (StreamingSqlExecutor executor = container.executorBuilder().build()) {
                executor.executeDdl("CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen')");
                try {
                    executor.executeDdl("SET 'a' = 'b';\n\nSELECT auction,\n  price FORM bid;");
                    fail("a syntax error is reported");
                } catch (RuntimeException expected) {
                    // the container's SqlException (io.sabot.sql is not shared), its position in the message
                    assertEquals(
                            "io.sabot.sql.SqlException", expected.getClass().getName());
                    assertTrue(expected.getMessage(), expected.getMessage().contains("at line 4, column 14"));
                    assertEquals(4, expected.getClass().getMethod("line").invoke(expected));
                }
                try {
                    executor.executeDdl("CREATE TABLE k (id BIGINT) WITH ('connector' = 'pulsar')");
                    fail("a connector that is not installed is refused");
                } catch (RuntimeException expected) {
                    // the container's installed plug-ins are what the executor sees
                    String message = String.valueOf(expected);
                    assertTrue(message, message.contains("installed: "));
                    assertTrue(message, message.contains("datagen") && message.contains("nexmark"));
                }
                executor.executeDdl(
                        "CREATE TABLE u (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '5')");
                try (QueryResult result = executor.executeStreamingSql("SELECT id FROM u")) {
                    result.iterator().hasNext();
                    fail("an unknown connector option is reported");
                } catch (OptionValidationException expected) {
                    // thrown in the container, caught as this class path's type: io.sabot.plugin is shared
                    assertTrue(expected.getMessage(), expected.getMessage().contains("did you mean 'rows-per-second'"));
                }
                String tables = executor.executeDdl("SHOW TABLES");
                assertTrue(tables, tables.contains("t") && tables.contains("u"));
                try {
                    executor.executeStreamingSql("SHOW TABLES");
                    fail("executeStreamingSql takes queries only");
                } catch (IllegalArgumentException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("executeDdl"));
                }
            }
        }
    }

    @Test
    public void scriptListenerHearsStatementsAndQueries() throws Exception {
        try (SabotContainer container = SabotContainer.start(HOME);
                StreamingSqlExecutor executor = container.executorBuilder().build()) {
            List<String> messages = new ArrayList<>();
            long[] rows = new long[1];
            executor.executeScript(
                    EVENTS + ";\nSELECT COUNT(*) AS n FROM events WHERE id <= ${LIMIT}",
                    Map.of("LIMIT", "250"),
                    new StreamingSqlExecutor.ScriptListener() {
                        @Override
                        public void onMessage(String text) {
                            messages.add(text);
                        }

                        @Override
                        public void onQuery(String sql, QueryResult result) {
                            assertTrue(result.isChangelog()); // an unwindowed aggregate
                            for (VectorSchemaRoot batch : result) {
                                BigIntVector n = (BigIntVector) batch.getVector("n");
                                for (int row = 0; row < batch.getRowCount(); row++) {
                                    rows[0] = Math.max(rows[0], n.get(row));
                                }
                            }
                        }
                    });
            assertEquals(1, messages.size());
            assertEquals("the final count", 250, rows[0]);
        }
    }

    @Test
    public void keptStorageRestartsWithTheSameBundles() throws Exception {
        Path storage = Files.createTempDirectory(Path.of("target"), "kept-cache-");
        SabotContainer.Options options = new SabotContainer.Options().home(HOME).storage(storage);
        int bundles;
        try (SabotContainer first = SabotContainer.start(options)) {
            bundles = first.bundleContext().getBundles().length;
        }
        assertTrue("a given bundle cache is kept", Files.isDirectory(storage));
        try (SabotContainer second = SabotContainer.start(options);
                StreamingSqlExecutor executor = second.executorBuilder().build()) {
            assertEquals(bundles, second.bundleContext().getBundles().length);
            assertEquals(List.of(), second.bundleProblems());
            assertTrue(executor.executeDdl("SHOW TABLES").length() >= 0);
        }
    }

    @Test
    public void exampleProgramCountsEveryNexmarkBid() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long total = EmbeddedNexmark.run(HOME, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(out, 9200, total);
        assertTrue(out, out.contains("total bids: 9200"));
    }

    /** The container's bundles wire Arrow and io.sabot.plugin to the system bundle, i.e. to this class path. */
    private static void assertSharedWithTheSystemBundle(SabotContainer container) {
        Bundle runtime = null;
        for (Bundle bundle : container.bundleContext().getBundles()) {
            assertFalse(
                    "the distribution's Arrow bundle is left out", "io.sabot.arrow".equals(bundle.getSymbolicName()));
            if ("io.sabot.runtime".equals(bundle.getSymbolicName())) {
                runtime = bundle;
            }
        }
        assertNotNull("the runtime bundle is installed", runtime);
        BundleWiring wiring = runtime.adapt(BundleWiring.class);
        Map<String, Long> providers = new TreeMap<>();
        for (BundleWire wire : wiring.getRequiredWires("osgi.wiring.package")) {
            String pkg = (String) wire.getCapability().getAttributes().get("osgi.wiring.package");
            providers.put(pkg, wire.getProvider().getBundle().getBundleId());
        }
        assertEquals(providers.toString(), Long.valueOf(0), providers.get("org.apache.arrow.vector"));
        assertEquals(providers.toString(), Long.valueOf(0), providers.get("io.sabot.plugin"));
    }
}
