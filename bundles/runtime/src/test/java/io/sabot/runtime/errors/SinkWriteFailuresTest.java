package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.circuitbreaker.internal.CircuitBreakerHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A job copies 20,000 rows from a JSON file into the real exactly-once filesystem sink, whose writes fail on purpose
 * for a while (the {@code flaky-filesystem} test plug-in). With {@code retry} the output is the input, no row lost and
 * none doubled; with {@code circuit-breaker, retry} the breaker's gauge goes closed, open, half-open, closed while no
 * write is attempted in between, and the output is still complete; without a handler, or once the retries are used
 * up, the job fails naming the sink table, the write and the retries. Real handler plug-ins throughout.
 */
public class SinkWriteFailuresTest {

    private static final int ROWS = 20_000; // five batches of 4,096 rows

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path output;
    private StreamingSqlExecutor executor;

    @Before
    public void setUp() throws Exception {
        Path input = temp.newFolder("in").toPath().resolve("rows.json");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            lines.add("{\"id\":" + i + ",\"name\":\"n-" + i + "\"}");
        }
        Files.write(input, lines);
        output = temp.getRoot().toPath().resolve("out");
        executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new DatagenSourceFactory(),
                        new FlakySinkFactory(),
                        new JsonFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new RetryHandlerFactory(),
                        new CircuitBreakerHandlerFactory()))
                .build();
        executor.executeDdl("CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json')");
    }

    @After
    public void tearDown() {
        executor.close();
    }

    /** Declares the sink table {@code copies} with {@code script} and the given error options, and runs the copy. */
    private QueryResult copy(String script, String errorOptions) {
        executor.executeDdl("CREATE TABLE copies (id BIGINT, name STRING) WITH ('connector' = '"
                + FlakySinkFactory.IDENTIFIER + "', 'path' = '" + output + "', 'format' = 'json', 'script' = '"
                + script + "'" + errorOptions + ")");
        return executor.executeStreamingSql("INSERT INTO copies SELECT id, name FROM src");
    }

    /** The ids in the visible (committed) output files, sorted. */
    private List<Long> committedIds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(json.readTree(line).get("id").asLong());
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    private static List<Long> everyId() {
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the test did not release the sink");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    public void retryRecoversATransientFailureWithoutLosingOrDoublingARow() throws Exception {
        FlakySinkFactory.Script script = FlakySinkFactory.script(
                "retry", new FlakySinkFactory.Script(attempt -> attempt >= 2 && attempt <= 4, true));
        try (QueryResult result = copy(
                "retry", ", 'error.handler' = 'retry', 'error.retry.delay' = '10 ms', 'error.max-retries' = '5'")) {
            result.awaitTermination();
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(List.of(2, 3, 4), script.failed);
            assertTrue("later batches were written too: " + script.attempts, script.attempts.get() > 5);
            assertEquals(3, result.info().retries());
            assertEquals(ROWS, result.info().rowsOut());
        }
        assertEquals(everyId(), committedIds());
    }

    @Test
    public void circuitBreakerOpensHoldsTheWritesAndClosesOnceTheTargetIsBack() throws Exception {
        FlakySinkFactory.Script script = FlakySinkFactory.script(
                "breaker", new FlakySinkFactory.Script(attempt -> attempt >= 2 && attempt <= 4, true));
        MetricRegistry registry = executor.metricRegistry();
        List<Integer> seen = new CopyOnWriteArrayList<>(); // the gauge's values, each change once
        Gauge<?>[] state = new Gauge<?>[1];
        Counter[] transitions = new Counter[1];
        CountDownLatch firstWrite = new CountDownLatch(1);
        CountDownLatch probe = new CountDownLatch(1);
        CountDownLatch afterProbe = new CountDownLatch(1);
        script.beforeAttempt = attempt -> {
            switch (attempt) {
                case 1 -> await(firstWrite); // until the test watches the gauge
                case 5 -> await(probe); // the half-open probe waits until the test saw half-open
                case 6 -> await(afterProbe); // the next write, until the test saw closed
                default -> {}
            }
        };
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Gauge<?> gauge = state[0];
                if (gauge == null) {
                    var gauges = registry.getGauges((name, metric) -> name.endsWith(".circuit-breaker-state"));
                    var counters =
                            registry.getCounters((name, metric) -> name.endsWith(".circuit-breaker-transitions"));
                    if (!gauges.isEmpty() && !counters.isEmpty()) {
                        transitions[0] = counters.values().iterator().next();
                        state[0] = gauges.values().iterator().next();
                    }
                } else {
                    int value = ((Number) gauge.getValue()).intValue();
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != value) {
                        seen.add(value);
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try (QueryResult result = copy(
                "breaker",
                ", 'error.handler' = 'circuit-breaker, retry', 'error.circuit-breaker.failure-threshold' = '3',"
                        + " 'error.circuit-breaker.delay' = '1 s', 'error.retry.delay' = '10 ms',"
                        + " 'error.max-retries' = '5'")) {
            await("the gauge, closed", () -> seen.contains(0));
            firstWrite.countDown();
            await("the circuit open after three failed writes", () -> seen.contains(1));
            assertEquals(List.of(2, 3, 4), script.failed);
            await("half-open after the delay", () -> seen.contains(2));
            assertEquals(2, transitions[0].getCount()); // open, half-open
            probe.countDown();
            await("closed after the probe", () -> seen.size() >= 4);
            assertEquals(3, transitions[0].getCount()); // and closed
            afterProbe.countDown();

            result.awaitTermination();
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(List.of(0, 1, 2, 0), seen);
            long held = script.startedAt.get(4) - script.startedAt.get(3); // from the 3rd failure to the probe
            assertTrue(
                    "the target rested for the open delay: " + TimeUnit.NANOSECONDS.toMillis(held) + " ms",
                    held >= Duration.ofMillis(900).toNanos());
            assertEquals(List.of(2, 3, 4), script.failed);
            assertEquals(3, result.info().retries()); // two by retry, one by the breaker's wait
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertEquals(everyId(), committedIds());
    }

    @Test
    public void withoutAHandlerAFailedWriteFailsTheJobNamingTheSinkTable() throws Exception {
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("none", new FlakySinkFactory.Script(attempt -> attempt == 2, true));
        try (QueryResult result = copy("none", "")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("table 'default.copies': write of "));
            assertTrue(
                    message,
                    message.contains(" rows failed: target unavailable (scripted failure of write attempt 2)"));
            assertEquals("not retried", 2, script.attempts.get());
            assertEquals(0, result.info().retries());
        }
        assertEquals("nothing committed", List.of(), committedIds());
    }

    @Test
    public void aPersistentFailureFailsTheJobOnceTheRetriesAreUsedUpNamingThem() throws Exception {
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("persistent", new FlakySinkFactory.Script(attempt -> attempt >= 2, true));
        try (QueryResult result = copy(
                "persistent",
                ", 'error.handler' = 'retry', 'error.retry.delay' = '10 ms', 'error.max-retries' = '3'")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("table 'default.copies': write of "));
            assertTrue(message, message.contains(" rows failed after 3 retries: target unavailable"));
            assertTrue(message, message.contains("error handling decided FAIL: every error handler passed"));
            assertEquals(5, script.attempts.get()); // the first batch, then the second four times
            assertEquals(3, result.info().retries());
        }
    }

    @Test
    public void aFailureTheWriterDoesNotDeclareRetriableIsNeverRepeated() throws Exception {
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("partial", new FlakySinkFactory.Script(attempt -> attempt == 2, false));
        try (QueryResult result = copy(
                "partial",
                ", 'error.handler' = 'circuit-breaker, retry', 'error.circuit-breaker.failure-threshold' = '1',"
                        + " 'error.retry.delay' = '10 ms'")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            assertEquals("a repeated write could double rows", 2, script.attempts.get());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.contains("scripted failure of write attempt 2"));
        }
    }

    @Test
    public void aPreCommitAtTheEndOfInputIsRetriedLikeAWrite() throws Exception {
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("end", new FlakySinkFactory.Script(attempt -> false, true));
        script.preCommitFails = preCommit -> preCommit == 1;
        try (QueryResult result = copy("end", ", 'error.handler' = 'retry', 'error.retry.delay' = '10 ms'")) {
            result.awaitTermination();
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(2, script.preCommits.get());
            assertEquals(1, result.info().retries());
        }
        assertEquals(everyId(), committedIds());
    }

    /** Without SinkOperator failing the job, the task would decline the checkpoint and go on writing. */
    @Test
    public void aPreCommitAtACheckpointTheHandlersGiveUpOnFailsTheJobNotOnlyTheCheckpoint() throws Exception {
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("checkpoint", new FlakySinkFactory.Script(attempt -> false, false));
        script.preCommitFails = preCommit -> preCommit == 1;
        executor.executeDdl(
                """
                CREATE TABLE endless (id BIGINT, name STRING) WITH ('connector' = 'datagen',
                  'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '100000000');
                SET 'execution.checkpointing.interval' = '100 ms';
                SET 'state.checkpoints.dir' = '%s';
                """
                        .formatted(temp.newFolder("checkpoints")));
        executor.executeDdl("CREATE TABLE copies (id BIGINT, name STRING) WITH ('connector' = '"
                + FlakySinkFactory.IDENTIFIER + "', 'path' = '" + output
                + "', 'format' = 'json', 'script' = 'checkpoint', 'error.handler' = 'retry')");
        try (QueryResult result = executor.executeStreamingSql("INSERT INTO copies SELECT id, name FROM endless")) {
            await("the job to end", () -> result.status() != JobInfo.State.RUNNING);
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("table 'default.copies': pre-commit for checkpoint "));
            assertTrue(message, message.contains("failed: target unavailable (scripted failure of pre-commit 1)"));
            assertEquals(1, script.preCommits.get());
        }
    }

    @Test
    public void aSinkTablesErrorOptionsAreCheckedBeforeTheJobStartsNamingTheKey() {
        FlakySinkFactory.script("unused", new FlakySinkFactory.Script(attempt -> false, true));
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> copy(
                        "unused",
                        ", 'error.handler' = 'circuit-breaker, retry',"
                                + " 'error.circuit-breaker.failure-treshold' = '3', 'error.circuit-breaker.delay' = '0 s'"));
        assertTrue(e.getMessage(), e.getMessage().contains("error.circuit-breaker.failure-treshold"));
        assertTrue(e.getMessage(), e.getMessage().contains("error.circuit-breaker.delay"));
        assertTrue(e.getMessage(), e.getMessage().contains("table 'default.copies'"));
    }

    @Test
    public void aBreakerThresholdTheRetriesCanNeverReachIsRefusedNamingBothOptions() {
        FlakySinkFactory.script("unreachable", new FlakySinkFactory.Script(attempt -> false, true));
        // the defaults: a threshold of 5 failures against 3 retries, 4 attempts per write
        RuntimeException defaults = assertThrows(
                RuntimeException.class, () -> copy("unreachable", ", 'error.handler' = 'circuit-breaker, retry'"));
        String message = defaults.getMessage();
        assertTrue(
                message,
                message.contains("table 'default.copies': option 'error.circuit-breaker.failure-threshold':"
                        + " is 5, but with 'error.retry.max-retries' = 3 one write makes at most 4 attempts"));
        assertTrue(message, message.contains("at most 4 or raise 'error.retry.max-retries' to at least 4"));
        executor.executeDdl("DROP TABLE copies");
        RuntimeException jobKey = assertThrows(
                RuntimeException.class,
                () -> copy(
                        "unreachable",
                        ", 'error.handler' = 'circuit-breaker, retry', 'error.max-retries' = '1',"
                                + " 'error.circuit-breaker.failure-threshold' = '3'"));
        assertTrue(
                jobKey.getMessage(),
                jobKey.getMessage()
                        .contains("with 'error.max-retries' (or"
                                + " 'error.retry.max-retries' = 1 one write makes at most 2 attempts"));
    }

    @Test
    public void aBreakerThresholdWithinOneWritesAttemptsOrAfterRetryIsAccepted() throws Exception {
        FlakySinkFactory.script("reachable", new FlakySinkFactory.Script(attempt -> false, true));
        try (QueryResult result = copy(
                "reachable",
                ", 'error.handler' = 'retry, circuit-breaker', 'error.circuit-breaker.failure-threshold' = '9'")) {
            result.awaitTermination();
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
        }
        assertEquals(everyId(), committedIds());
    }
}
