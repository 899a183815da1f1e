package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.circuitbreaker.internal.CircuitBreakerHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A sink waiting on its error handlers (a retry's back-off, an open circuit) cannot take its part of a checkpoint:
 * the checkpoint expires after {@code execution.checkpointing.timeout} with a message naming the table and the
 * handler, counts as failed, and the job goes on or fails as {@code tolerable-failed-checkpoints} says.
 */
public class CheckpointsHeldBySinkHandlersTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StreamingSqlExecutor executor;
    /** While set, every write of the sink fails (retriable). */
    private final AtomicBoolean down = new AtomicBoolean(true);

    @Before
    public void setUp() throws Exception {
        executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new FileSystemTableFactory(),
                        new FlakySinkFactory(),
                        new JsonFormatFactory(),
                        new RetryHandlerFactory(),
                        new CircuitBreakerHandlerFactory()))
                .build();
        executor.executeDdl(
                """
                CREATE TABLE endless (id BIGINT, name STRING) WITH ('connector' = 'datagen',
                  'rows-per-second' = '500', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '100000000');
                SET 'execution.checkpointing.interval' = '100 ms';
                SET 'execution.checkpointing.timeout' = '300 ms';
                SET 'state.checkpoints.dir' = '%s';
                SET 'pipeline.name' = 'held';
                """
                        .formatted(temp.newFolder("checkpoints")));
    }

    @After
    public void tearDown() {
        down.set(false);
        executor.close();
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

    private QueryResult start(String script, String handlers) throws Exception {
        FlakySinkFactory.script(script, new FlakySinkFactory.Script(attempt -> down.get(), true));
        Path output = temp.newFolder(script).toPath();
        executor.executeDdl("CREATE TABLE copies (id BIGINT, name STRING) WITH ('connector' = '"
                + FlakySinkFactory.IDENTIFIER + "', 'path' = '" + output + "', 'format' = 'json', 'script' = '"
                + script + "'" + handlers + ")");
        return executor.executeStreamingSql("INSERT INTO copies SELECT id, name FROM endless");
    }

    private Counter jobCounter(String metric) {
        return executor.metricRegistry().getCounters().get("sabot.default.held." + metric);
    }

    @Test
    public void checkpointsExpireWhileARetryBacksOffAndCountAsFailedThenCompleteOnceTheTargetIsBack() throws Exception {
        try (QueryResult result = start(
                "backoff",
                ", 'error.handler' = 'retry', 'error.retry.max-retries' = '1000', 'error.retry.delay' = '1 s',"
                        + " 'error.retry.max-delay' = '1 s', 'error.retry.jitter' = '0'")) {
            Counter failed = jobCounter("checkpoints-failed");
            Counter completed = jobCounter("checkpoints-completed");
            await("two checkpoints expired", () -> failed.getCount() >= 2);
            // tolerable-failed-checkpoints is not set: the job goes on
            assertEquals(JobInfo.State.RUNNING, result.status());
            long counted = failed.getCount();
            assertTrue(result.info().checkpointsFailed() >= counted);
            long before = completed.getCount();
            down.set(false);
            await("a checkpoint completed after the target came back", () -> completed.getCount() > before);
            assertEquals(JobInfo.State.RUNNING, result.status());
            result.cancel();
            result.awaitTermination();
        }
    }

    @Test
    public void withNoTolerableFailureTheJobFailsNamingTheTableAndTheRetryHandler() throws Exception {
        executor.executeDdl("SET 'execution.checkpointing.tolerable-failed-checkpoints' = '1'");
        try (QueryResult result = start(
                "backoff-fails",
                ", 'error.handler' = 'retry', 'error.retry.max-retries' = '1000', 'error.retry.delay' = '2 s',"
                        + " 'error.retry.max-delay' = '2 s', 'error.retry.jitter' = '0'")) {
            await("the job to fail", () -> result.status() != JobInfo.State.RUNNING);
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("2 checkpoints failed in a row (tolerable: 1); last: checkpoint "));
            assertTrue(
                    message,
                    message.contains(" expired: not complete within 300 ms"
                            + " (execution.checkpointing.timeout): not acknowledged by "));
            assertTrue(message, message.contains("Sink[default.copies]"));
            assertTrue(message, message.contains("to table 'default.copies' is held by error handler 'retry' (retry "));
            assertTrue(message, message.contains("failed: target unavailable (scripted failure of write attempt "));
            assertTrue(result.info().checkpointsFailed() >= 2);
        }
    }

    @Test
    public void anOpenCircuitHoldingTheSinkNamesTheCircuitBreaker() throws Exception {
        executor.executeDdl("SET 'execution.checkpointing.tolerable-failed-checkpoints' = '0'");
        try (QueryResult result = start(
                "circuit",
                ", 'error.handler' = 'circuit-breaker, retry', 'error.circuit-breaker.failure-threshold' = '2',"
                        + " 'error.circuit-breaker.delay' = '30 s', 'error.retry.max-retries' = '3',"
                        + " 'error.retry.delay' = '10 ms'")) {
            await("the job to fail", () -> result.status() != JobInfo.State.RUNNING);
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("1 checkpoints failed in a row (tolerable: 0); last: checkpoint "));
            assertTrue(
                    message,
                    message.contains("table 'default.copies' " /* the write, or the writes */)
                            && message.contains(" held by error handler 'circuit-breaker' ("));
        }
    }
}
