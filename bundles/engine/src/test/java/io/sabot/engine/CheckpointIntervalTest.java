package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.TestSourceFactory.silence;
import static io.sabot.engine.WindowAggregateTest.BIDS;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.GroupAggregate;
import io.sabot.plan.QueryPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The interval of a running job's periodic checkpoints changes live ({@link Job#setCheckpointInterval}): from one
 * that would not fire during the test to 100 ms (checkpoints follow), then to zero (they stop); a job without a
 * checkpoint directory refuses.
 */
public class CheckpointIntervalTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static QueryPlan plan(String dataset) {
        return new QueryPlan(
                "SELECT k, COUNT(*) FROM bids GROUP BY k",
                new GroupAggregate(
                        Plans.scan(dataset, BIDS, false),
                        List.of(0),
                        List.of(countStar("n")),
                        row(col("k", STRING), col("n", BIGINT))));
    }

    private static String dataset(String name) {
        return TestSourceFactory.register(
                name,
                List.of(List.of(
                        rows(new Object[] {"a", 1L, t("00:00:01")}, new Object[] {"b", 2L, t("00:00:02")}),
                        silence())));
    }

    @Test
    public void aRunningJobsCheckpointIntervalChangesLive() throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        CheckpointConfig hourly =
                new CheckpointConfig(Duration.ofHours(1), checkpoints, Duration.ofMinutes(1), Duration.ZERO, 3, -1);
        try (EngineHarness harness = new EngineHarness()) {
            Job job =
                    harness.engine().submit(plan(dataset("interval-live")), JobOptions.DEFAULT.withCheckpoints(hourly));
            assertEquals(Duration.ofHours(1), job.checkpointInterval());
            Thread.sleep(500);
            assertEquals(
                    "no checkpoint within the first hour", 0, job.checkpoints().size());

            job.setCheckpointInterval(Duration.ofMillis(100));
            assertEquals(Duration.ofMillis(100), job.checkpointInterval());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (job.checkpoints().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    "checkpoints every 100 ms: " + job.checkpoints(),
                    job.checkpoints().size() >= 3);

            job.setCheckpointInterval(Duration.ZERO);
            Thread.sleep(500); // one triggered before the change may still complete
            long last = job.checkpoints().get(job.checkpoints().size() - 1).id();
            Thread.sleep(1_000);
            long now = job.checkpoints().get(job.checkpoints().size() - 1).id();
            assertEquals("no periodic checkpoint after the interval became zero", last, now);
            assertEquals(JobStatus.RUNNING, job.status());
            job.cancel();
            job.awaitTermination(10, TimeUnit.SECONDS);
            job.results().close(); // releases the result batches nobody read
        }
    }

    @Test
    public void aJobWithoutACheckpointDirectoryRefusesAnInterval() throws Exception {
        try (EngineHarness harness = new EngineHarness()) {
            Job job = harness.engine().submit(plan(dataset("interval-none")), JobOptions.DEFAULT);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> job.setCheckpointInterval(Duration.ofSeconds(1)));
            assertTrue(e.getMessage(), e.getMessage().contains("runs without checkpoints"));
            job.cancel();
            job.awaitTermination(10, TimeUnit.SECONDS);
            job.results().close(); // releases the result batches nobody read
        }
    }
}
