package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistryListener;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.engine.Checkpoints;
import io.sabot.errors.spi.ErrorType;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Failures of the job itself, not of a record, reported by type: a checkpoint that cannot be written ({@code
 * CHECKPOINT}, the job goes on under the failure tolerance), state that does not read back on restore ({@code STATE},
 * the job fails) and a split enumerator that fails ({@code ORCHESTRATOR}, the job fails). Each is counted in {@code
 * errors-by-type-<type>} and the job's failure message names the type and severity. Real datagen, filesystem, csv and
 * blackhole plug-ins, real files.
 */
public class JobFailureTypesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StreamingSqlExecutor executor;
    /** Every counter as registered: a job's counters are removed from the registry when it ends. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Before
    public void setUp() {
        executor = newExecutor();
    }

    private StreamingSqlExecutor newExecutor() {
        StreamingSqlExecutor e = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new BlackholeSinkFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory()))
                .build();
        e.metricRegistry().addListener(new MetricRegistryListener.Base() {
            @Override
            public void onCounterAdded(String name, Counter counter) {
                counters.put(name, counter);
            }
        });
        return e;
    }

    @After
    public void tearDown() {
        executor.close();
    }

    private Counter counter(String job, String metric) {
        return counters.get("sabot.default." + job + "." + metric);
    }

    private long errors(String job, ErrorType type) {
        Counter c = counter(job, StandardMetric.ERRORS_BY_TYPE.metricName(type.name()));
        assertNotNull("errors-by-type of " + type + " not registered: " + counters.keySet(), c);
        return c.getCount();
    }

    /** Only {@code type} was counted, {@code count} times, and {@code errors} is that count. */
    private void assertOnly(String job, ErrorType type, long count) {
        for (ErrorType t : ErrorType.values()) {
            assertEquals(t.name(), t == type ? count : 0, errors(job, t));
        }
        assertEquals(count, counter(job, "errors").getCount());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static final String ENDLESS =
            """
            CREATE TABLE endless (id BIGINT, name STRING) WITH ('connector' = 'datagen',
              'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
              'fields.id.end' = '100000000');
            CREATE TABLE counts (k BIGINT, c BIGINT) WITH ('connector' = 'blackhole');
            """;

    private static final String GROUPED =
            "INSERT INTO counts SELECT id % 50 AS k, COUNT(*) AS c FROM endless" + " GROUP BY id % 50";

    /**
     * The job's checkpoint directory is replaced by a regular file (as root, a read-only directory would still be
     * written): every checkpoint then fails to start, counts as a CHECKPOINT error and as checkpoints-failed, and the
     * job keeps running (no tolerable-failed-checkpoints).
     */
    @Test
    public void checkpointsThatCannotBeWrittenAreCheckpointErrorsAndTheJobGoesOn() throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        executor.executeDdl(ENDLESS + "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'cp';\n");
        Path jobDir = checkpoints.resolve("cp");
        try (QueryResult result = executor.executeStreamingSql(GROUPED)) {
            await("a first checkpoint", () -> !Checkpoints.completed(jobDir).isEmpty());
            assertEquals(0, errors("cp", ErrorType.CHECKPOINT));
            Files.move(jobDir, checkpoints.resolve("moved-away"));
            Files.writeString(jobDir, "not a directory");
            Counter failed = counter("cp", "checkpoints-failed");
            await("three checkpoints failed", () -> failed.getCount() >= 3);
            assertEquals(JobInfo.State.RUNNING, result.status());
            result.cancel();
            result.awaitTermination();
            assertTrue(errors("cp", ErrorType.CHECKPOINT) >= 3);
            assertOnly("cp", ErrorType.CHECKPOINT, failed.getCount());
        }
    }

    /**
     * A state file of the latest checkpoint overwritten with garbage of the same size (so the checkpoint's manifest
     * check passes): the aggregate's task cannot restore it, a STATE error, and the job fails naming the checkpoint,
     * the type and the severity.
     */
    @Test
    public void stateThatDoesNotReadBackOnRestoreIsAStateError() throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'st';\n";
        Path jobDir = checkpoints.resolve("st");
        executor.executeDdl(ENDLESS + settings);
        try (QueryResult result = executor.executeStreamingSql(GROUPED)) {
            await("a checkpoint with state", () -> !Checkpoints.completed(jobDir)
                    .isEmpty());
            result.cancel();
            result.awaitTermination();
        }
        assertEquals(0, errors("st", ErrorType.STATE));
        long newest = Checkpoints.completed(jobDir).get(0);
        List<Path> stateFiles;
        try (Stream<Path> files = Files.walk(jobDir.resolve("chk-" + newest))) {
            stateFiles = files.filter(p -> p.toString().endsWith(".arrow")).toList();
        }
        assertFalse("the checkpoint has state files", stateFiles.isEmpty());
        for (Path file : stateFiles) {
            byte[] garbage = new byte[(int) Files.size(file)];
            java.util.Arrays.fill(garbage, (byte) 0x5a);
            Files.write(file, garbage);
        }
        counters.clear();
        executor.close();
        executor = newExecutor();
        executor.executeDdl(ENDLESS + settings + "SET 'execution.savepoint.path' = 'latest';\n");
        try (QueryResult result = executor.executeStreamingSql(GROUPED)) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.contains("cannot restore its state from checkpoint '"));
            assertTrue(message, message.contains("chk-" + newest));
            assertTrue(message, message.contains("[STATE, severity HIGH]"));
        }
        assertOnly("st", ErrorType.STATE, 1);
    }

    /**
     * The directory a filesystem source monitors vanishes: its split enumerator fails on the next listing, an
     * ORCHESTRATOR error that fails the job, naming it and its severity.
     */
    @Test
    public void aFailingSplitEnumeratorIsAnOrchestratorError() throws Exception {
        Path in = temp.newFolder("in").toPath();
        Files.writeString(in.resolve("a.csv"), "1,x\n2,y\n");
        executor.executeDdl("CREATE TABLE files (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + in + "', 'format' = 'csv', 'source.monitor-interval' = '50 ms');\n"
                + "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n"
                + "SET 'pipeline.name' = 'or';\n");
        try (QueryResult result = executor.executeStreamingSql("INSERT INTO sink SELECT id, name FROM files")) {
            await("the job to run", () -> counter("or", "errors") != null);
            // the file read first: deleted before, its reader (not the enumerator) would fail on it
            await("the file's rows to be read", () -> result.info().rowsIn() == 2);
            assertEquals(JobInfo.State.RUNNING, result.status());
            Files.delete(in.resolve("a.csv"));
            Files.delete(in);
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.contains("split enumerator failed"));
            assertTrue(message, message.contains("cannot list files under '" + in + "'"));
            assertTrue(message, message.contains("[ORCHESTRATOR, severity CRITICAL]"));
        }
        assertOnly("or", ErrorType.ORCHESTRATOR, 1);
    }
}
