package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countDistinct;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestSourceFactory.pause;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.WindowAggregateTest.BIDS;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * SESSION windows with COUNT(DISTINCT …) checkpointed after sessions merged (their DISTINCT values folded into one)
 * and restored at another parallelism: the sessions, their value sets and the watermark come back, so the restored
 * run emits what an undisturbed run emits and drops the same late rows.
 */
public class SessionCheckpointTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static Object[] bid(String k, long v, long ts) {
        return new Object[] {k, v, ts};
    }

    private static String dataset() {
        return TestSourceFactory.register(
                "session-checkpoint",
                List.of(List.of(
                        rows(bid("a", 1L, t("00:01:40")), bid("a", 2L, t("00:01:58")), bid("b", 3L, t("00:01:41"))),
                        rows(bid("a", 4L, t("00:01:49"))), // bridges [100 s, 110 s) and [118 s, 128 s): they merge
                        rows(bid("a", 2L, t("00:01:52")), bid("b", 3L, t("00:01:45"))), // values seen already
                        pause(1_500), // checkpoints are taken here: watermark 98 s, no session has fired
                        rows(bid("c", 1L, t("00:01:20"))), // late only by the watermark restored
                        rows(bid("a", 1L, t("00:02:05")), bid("b", 7L, t("00:01:46")), bid("b", 3L, t("00:01:54"))),
                        rows(bid("a", 9L, t("00:03:00"))), // watermark 160 s: every earlier session fires
                        rows(bid("b", 8L, t("00:01:42")))))); // late: b's session [101 s, 124 s) has fired
    }

    private static QueryPlan plan(String dataset) {
        PlanNode wm = Plans.watermark(Plans.scan(dataset, BIDS, true), 2, 20_000);
        RowType out = row(
                col("k", STRING),
                col("n", BIGINT),
                col("values", BIGINT),
                col("window_start", TS),
                col("window_end", TS));
        return new QueryPlan(
                "SELECT k, COUNT(*), COUNT(DISTINCT v), SESSION_START(…), SESSION_END(…) … SESSION(ts, 10 s)",
                new WindowAggregate(
                        wm,
                        List.of(0),
                        WindowSpec.session(2, 10_000),
                        List.of(countStar("n"), countDistinct(1, "values")),
                        List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                        out));
    }

    @Test
    public void mergedSessionsAndTheirDistinctValuesRestoreAtAnotherParallelism() throws Exception {
        QueryPlan plan = plan(dataset());
        List<List<Object>> expected;
        long expectedLate;
        try (EngineHarness harness = new EngineHarness()) {
            Engine engine = harness.engine();
            Job job = engine.submit(plan);
            expected = sorted(EngineHarness.collect(job, plan));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            expectedLate = job.metrics().lateRowsDropped();
        }
        assertEquals(2, expectedLate);

        Path checkpoints = temp.newFolder("checkpoints").toPath();
        Path checkpoint;
        try (EngineHarness harness = new EngineHarness()) {
            Engine engine = harness.engine();
            Job job = engine.submit(
                    plan,
                    JobOptions.DEFAULT.withCheckpoints(CheckpointConfig.every(Duration.ofMillis(100), checkpoints)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (job.metrics().rowsIn() < 6) { // the first three steps were read; the source now pauses
                if (System.nanoTime() > deadline) {
                    fail("the job did not read its first rows within 10 s");
                }
                Thread.sleep(5);
            }
            // a checkpoint triggered after those rows: the periodic one that follows the next one to complete
            int seen = job.checkpoints().size();
            while (job.checkpoints().size() < seen + 2) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint within 10 s: " + job.notices());
                }
                Thread.sleep(5);
            }
            checkpoint = job.checkpoints().get(seen + 1).path();
            job.cancel();
            job.awaitTermination(10, TimeUnit.SECONDS);
            job.results().close();
        }
        assertTrue("the checkpoint holds the two open sessions (a merged one)", stateRows(checkpoint, "sessions") == 2);
        assertTrue(
                "the checkpoint holds the DISTINCT values", stateRows(checkpoint, "sessions_agg1_count_distinct") == 4);

        try (EngineHarness harness = new EngineHarness().parallelism(2)) {
            Engine engine = harness.engine();
            Job job = engine.submit(plan, JobOptions.DEFAULT.withRestoreFrom(checkpoint));
            List<List<Object>> restored = sorted(EngineHarness.collect(job, plan));
            assertEquals(
                    "job " + job.failure().map(Throwable::toString).orElse(""),
                    JobStatus.FINISHED,
                    job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(expected, restored);
            assertEquals(
                    "the restored watermark makes the same rows late",
                    expectedLate,
                    job.metrics().lateRowsDropped());
        }
    }

    /** The rows of state {@code state} in a checkpoint, read from its Arrow files. */
    private static long stateRows(Path checkpoint, String state) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(checkpoint)) {
            files = walk.filter(p -> p.toString().endsWith(".arrow"))
                    .filter(p -> p.getParent().getFileName().toString().equals(state))
                    .toList();
        }
        long rows = 0;
        try (RootAllocator allocator = new RootAllocator()) {
            for (Path f : files) {
                try (FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
                        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                    while (reader.loadNextBatch()) {
                        rows += reader.getVectorSchemaRoot().getRowCount();
                    }
                }
            }
        }
        return rows;
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
