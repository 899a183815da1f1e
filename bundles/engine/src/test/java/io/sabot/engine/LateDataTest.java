package io.sabot.engine;

import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.WindowAggregateTest.perKey;
import static io.sabot.engine.WindowAggregateTest.r;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The late-data policy of window aggregation (TUMBLE and SESSION): drop and count, or update within the allowed
 * lateness; with keyed state on the heap and in rocksdb.
 */
@RunWith(Parameterized.class)
public class LateDataTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> backends() {
        return EngineHarness.backends();
    }

    /** Where the jobs keep their keyed state: {@code memory} or {@code rocksdb}. */
    @Parameterized.Parameter
    public String backend;

    /**
     * The windows of a TUMBLE aggregate that one watermark fires come out on the heap by end, each in insertion order,
     * on rocksdb in its scan's key order: compared as multisets there. Sessions fire in the same order on both.
     */
    private void assertTumbleRows(String what, List<List<Object>> expected, List<List<Object>> actual) {
        if (backend.equals("memory")) {
            assertEquals(what, expected, actual);
        } else {
            java.util.Comparator<List<Object>> byText = java.util.Comparator.comparing(Object::toString);
            assertEquals(
                    what,
                    expected.stream().sorted(byText).toList(),
                    actual.stream().sorted(byText).toList());
        }
    }

    /** SELECT k, COUNT(*), SUM(v), MAX(v), window_start, window_end per 10 s tumbling window, watermark ts - 1 s. */
    static QueryPlan tumble(String dataset, LatePolicy policy) {
        QueryPlan plan = perKey(dataset, WindowSpec.tumble(2, 10_000), 1000, true);
        return new QueryPlan(plan.sql(), ((WindowAggregate) plan.root()).withLatePolicy(policy));
    }

    static void registerOneSplit(String name) {
        TestSourceFactory.register(
                name,
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("b", 2L, t("00:00:03")), row("a", 3L, t("00:00:12"))),
                        // watermark 11 s: [0 s, 10 s) has fired; these are late but within 10 s of lateness
                        rows(row("a", 4L, t("00:00:09")), row("c", 5L, t("00:00:05"))),
                        // watermark 24 s: [10 s, 20 s) fires and [0 s, 10 s) is released (kept until 19.999 s)
                        rows(row("a", 6L, t("00:00:25"))),
                        // 8 s is beyond the bound: dropped and counted; 15 s updates [10 s, 20 s) (kept until 29.999 s)
                        rows(row("a", 7L, t("00:00:08")), row("b", 8L, t("00:00:15"))))));
    }

    @Test
    public void updateModeEmitsRetractionsForLateRowsWithinTheAllowedLateness() throws Exception {
        registerOneSplit("late-update");
        QueryPlan plan = tumble("late-update", LatePolicy.update(10_000));
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        try (EngineHarness harness = EngineHarness.on(backend)) {
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertTumbleRows(
                    "",
                    List.of(
                            r("+I", "a", 1L, 1L, 1L, t("00:00:00"), t("00:00:10")),
                            r("+I", "b", 1L, 2L, 2L, t("00:00:00"), t("00:00:10")),
                            r("-U", "a", 1L, 1L, 1L, t("00:00:00"), t("00:00:10")),
                            r("+U", "a", 2L, 5L, 4L, t("00:00:00"), t("00:00:10")),
                            r("+I", "c", 1L, 5L, 5L, t("00:00:00"), t("00:00:10")),
                            r("+I", "a", 1L, 3L, 3L, t("00:00:10"), t("00:00:20")),
                            r("+I", "b", 1L, 8L, 8L, t("00:00:10"), t("00:00:20")),
                            r("+I", "a", 1L, 6L, 6L, t("00:00:20"), t("00:00:30"))),
                    rows);
            assertEquals(
                    ParallelismTest.materialize(List.of(
                            r("+I", "a", 2L, 5L, 4L, t("00:00:00"), t("00:00:10")),
                            r("+I", "b", 1L, 2L, 2L, t("00:00:00"), t("00:00:10")),
                            r("+I", "c", 1L, 5L, 5L, t("00:00:00"), t("00:00:10")),
                            r("+I", "a", 1L, 3L, 3L, t("00:00:10"), t("00:00:20")),
                            r("+I", "b", 1L, 8L, 8L, t("00:00:10"), t("00:00:20")),
                            r("+I", "a", 1L, 6L, 6L, t("00:00:20"), t("00:00:30")))),
                    ParallelismTest.materialize(rows));
            assertEquals(
                    "8 s arrived after [0 s, 10 s) + 10 s lateness",
                    1,
                    job.metrics().lateRowsDropped());
            assertEquals(8, job.metrics().rowsIn());
        }
    }

    @Test
    public void dropModeIsUnchanged() throws Exception {
        registerOneSplit("late-drop");
        for (LatePolicy policy :
                List.of(LatePolicy.DROP, new LatePolicy(LatePolicy.Mode.DROP, 10_000), LatePolicy.update(0))) {
            QueryPlan plan = tumble("late-drop", policy);
            assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
            try (EngineHarness harness = EngineHarness.on(backend)) {
                Job job = harness.engine().submit(plan, harness.options());
                List<List<Object>> rows = EngineHarness.collect(job, plan);
                assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
                assertTumbleRows(
                        policy.toString(),
                        List.of(
                                r("a", 1L, 1L, 1L, t("00:00:00"), t("00:00:10")),
                                r("b", 1L, 2L, 2L, t("00:00:00"), t("00:00:10")),
                                r("a", 1L, 3L, 3L, t("00:00:10"), t("00:00:20")),
                                r("a", 1L, 6L, 6L, t("00:00:20"), t("00:00:30"))),
                        rows);
                assertEquals(policy.toString(), 4, job.metrics().lateRowsDropped());
            }
        }
    }

    @Test
    public void parallelismOneAndTwoMaterialiseToTheSameResultWithinTheBound() throws Exception {
        TestSourceFactory.register(
                "late-parallel",
                List.of(
                        List.of(
                                rows(
                                        row("a", 1L, t("00:00:01")),
                                        row("b", 2L, t("00:00:03")),
                                        row("a", 3L, t("00:00:12"))),
                                rows(row("a", 4L, t("00:00:09")), row("c", 5L, t("00:00:05"))),
                                rows(row("a", 6L, t("00:00:25")))),
                        List.of(
                                rows(row("b", 10L, t("00:00:02")), row("d", 20L, t("00:00:14"))),
                                rows(row("d", 30L, t("00:00:07"))),
                                rows(row("b", 40L, t("00:00:15"))))));
        QueryPlan plan = tumble("late-parallel", LatePolicy.update(10_000));
        Map<List<Object>, Integer> expected = ParallelismTest.materialize(List.of(
                r("+I", "a", 2L, 5L, 4L, t("00:00:00"), t("00:00:10")),
                r("+I", "b", 2L, 12L, 10L, t("00:00:00"), t("00:00:10")),
                r("+I", "c", 1L, 5L, 5L, t("00:00:00"), t("00:00:10")),
                r("+I", "d", 1L, 30L, 30L, t("00:00:00"), t("00:00:10")),
                r("+I", "a", 1L, 3L, 3L, t("00:00:10"), t("00:00:20")),
                r("+I", "b", 1L, 40L, 40L, t("00:00:10"), t("00:00:20")),
                r("+I", "d", 1L, 20L, 20L, t("00:00:10"), t("00:00:20")),
                r("+I", "a", 1L, 6L, 6L, t("00:00:20"), t("00:00:30"))));
        Map<Integer, List<List<Object>>> changelogs = new HashMap<>();
        for (int p : List.of(1, 2)) {
            try (EngineHarness harness = EngineHarness.on(backend).parallelism(p)) {
                Job job = harness.engine().submit(plan, harness.options());
                List<List<Object>> rows = EngineHarness.collect(job, plan);
                assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
                assertEquals("p=" + p, 0, job.metrics().lateRowsDropped());
                assertEquals("p=" + p, expected, ParallelismTest.materialize(rows));
                changelogs.put(p, new ArrayList<>(rows));
            }
        }
        assertTrue(
                "p=1 updated a fired window: " + changelogs.get(1),
                changelogs.get(1).stream().anyMatch(row -> row.get(0).equals("-U")));
    }

    /** Sessions of 5 s per key, watermark ts - 1 s. */
    static QueryPlan sessions(String dataset, LatePolicy policy) {
        QueryPlan session = perKey(dataset, WindowSpec.session(2, 5_000), 1000, true);
        return new QueryPlan("", ((WindowAggregate) session.root()).withLatePolicy(policy));
    }

    @Test
    public void sessionWindowsMergeLateRowsIntoFiredSessionsAndRetractTheChangedOnes() throws Exception {
        TestSourceFactory.register(
                "late-session",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:03")), row("b", 3L, t("00:00:02"))),
                        // watermark 19 s: a [1 s, 8 s) and b [2 s, 7 s) fire
                        rows(row("a", 4L, t("00:00:20"))),
                        // a at 9 s opens [9 s, 14 s), late but within the lateness; a at 6 s then bridges it and the
                        // fired [1 s, 8 s), and [1 s, 14 s) fires at once; b at 4 s extends the fired [2 s, 7 s)
                        rows(row("a", 5L, t("00:00:09")), row("a", 6L, t("00:00:06")), row("b", 7L, t("00:00:04"))),
                        // inside b [2 s, 9 s): the same session, updated
                        rows(row("b", 8L, t("00:00:03"))),
                        // watermark 39 s: a [20 s, 25 s) fires; [1 s, 14 s) and b [2 s, 9 s) are past the lateness
                        rows(row("a", 9L, t("00:00:40"))),
                        // their sessions would be kept only until 33.999 s and 36.999 s: dropped
                        rows(row("a", 10L, t("00:00:10")), row("b", 11L, t("00:00:12"))))));
        QueryPlan plan = sessions("late-session", LatePolicy.update(20_000));
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        try (EngineHarness harness = EngineHarness.on(backend)) {
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("+I", "b", 1L, 3L, 3L, t("00:00:02"), t("00:00:07")),
                            r("+I", "a", 2L, 3L, 2L, t("00:00:01"), t("00:00:08")),
                            r("-D", "a", 2L, 3L, 2L, t("00:00:01"), t("00:00:08")),
                            r("-D", "b", 1L, 3L, 3L, t("00:00:02"), t("00:00:07")),
                            r("+I", "a", 4L, 14L, 6L, t("00:00:01"), t("00:00:14")),
                            r("+I", "b", 2L, 10L, 7L, t("00:00:02"), t("00:00:09")),
                            r("-U", "b", 2L, 10L, 7L, t("00:00:02"), t("00:00:09")),
                            r("+U", "b", 3L, 18L, 8L, t("00:00:02"), t("00:00:09")),
                            r("+I", "a", 1L, 4L, 4L, t("00:00:20"), t("00:00:25")),
                            r("+I", "a", 1L, 9L, 9L, t("00:00:40"), t("00:00:45"))),
                    rows);
            // the sessions of every row within the lateness
            assertEquals(
                    ParallelismTest.materialize(List.of(
                            r("+I", "a", 4L, 14L, 6L, t("00:00:01"), t("00:00:14")),
                            r("+I", "b", 3L, 18L, 8L, t("00:00:02"), t("00:00:09")),
                            r("+I", "a", 1L, 4L, 4L, t("00:00:20"), t("00:00:25")),
                            r("+I", "a", 1L, 9L, 9L, t("00:00:40"), t("00:00:45")))),
                    ParallelismTest.materialize(rows));
            assertEquals(
                    "10 s and 12 s are beyond the lateness", 2, job.metrics().lateRowsDropped());
        }
    }

    @Test
    public void aLateRowThatBridgesAFiredSessionAndAnOpenOneRetractsTheFiredOneUntilTheMergedOneFires()
            throws Exception {
        TestSourceFactory.register(
                "late-session-bridge",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:12"))),
                        // watermark 11 s: a [1 s, 6 s) fires; [12 s, 17 s) is open
                        rows(row("a", 3L, t("00:00:07")), row("a", 4L, t("00:00:04"))),
                        // 7 s joins [12 s, 17 s) and 4 s bridges that with the fired [1 s, 6 s): [1 s, 17 s) ends
                        // after the watermark, so the fired one is retracted and the merged one fires later
                        rows(row("a", 5L, t("00:00:13"))))));
        QueryPlan plan = sessions("late-session-bridge", LatePolicy.update(10_000));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("+I", "a", 1L, 1L, 1L, t("00:00:01"), t("00:00:06")),
                            r("-D", "a", 1L, 1L, 1L, t("00:00:01"), t("00:00:06")),
                            r("+I", "a", 5L, 15L, 5L, t("00:00:01"), t("00:00:18"))),
                    rows);
            assertEquals(0, job.metrics().lateRowsDropped());
        }
    }

    /**
     * A fired session kept for late rows is checkpointed and comes back fired: the late row after the restore updates
     * it ({@code -U}/{@code +U}) instead of firing it a second time.
     */
    @Test
    public void aFiredSessionKeptForLateRowsIsRestoredAsFired() throws Exception {
        TestSourceFactory.register(
                "late-session-restore",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:20"))),
                        // watermark 19 s: [1 s, 6 s) has fired; checkpoints are taken in the pause
                        TestSourceFactory.pause(2_500),
                        rows(row("a", 5L, t("00:00:01"))))));
        QueryPlan plan = sessions("late-session-restore", LatePolicy.update(30_000));
        List<List<Object>> afterFiring = List.of(
                r("-U", "a", 1L, 1L, 1L, t("00:00:01"), t("00:00:06")),
                r("+U", "a", 2L, 6L, 5L, t("00:00:01"), t("00:00:06")),
                r("+I", "a", 1L, 2L, 2L, t("00:00:20"), t("00:00:25")));
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("late-session-restore");
        try {
            java.nio.file.Path checkpoint;
            try (EngineHarness harness = EngineHarness.on(backend)) {
                CheckpointConfig config = new CheckpointConfig(
                        java.time.Duration.ofMillis(100),
                        checkpoints,
                        java.time.Duration.ofMinutes(1),
                        java.time.Duration.ZERO,
                        1_000,
                        -1);
                Job job = harness.engine().submit(plan, harness.options().withCheckpoints(config));
                Thread reader = new Thread(() -> {
                    try {
                        EngineHarness.collect(job, plan);
                    } catch (RuntimeException cancelled) {
                        // cancelled below
                    }
                });
                reader.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (job.metrics().rowsOut() < 1) { // [1 s, 6 s) fired
                    assertTrue("the session fired within 10 s", System.nanoTime() < deadline);
                    Thread.sleep(5);
                }
                int seen = job.checkpoints().size();
                while (job.checkpoints().size() < seen + 2) {
                    assertTrue("no checkpoint within 10 s: " + job.notices(), System.nanoTime() < deadline);
                    Thread.sleep(5);
                }
                checkpoint = job.checkpoints().get(seen + 1).path();
                assertEquals("only [1 s, 6 s) has fired", 1, job.metrics().rowsOut());
                job.cancel();
                job.awaitTermination(10, TimeUnit.SECONDS);
                reader.join();
            }
            try (EngineHarness harness = EngineHarness.on(backend)) {
                Job job = harness.engine().submit(plan, harness.options().withRestoreFrom(checkpoint));
                List<List<Object>> rows = EngineHarness.collect(job, plan);
                assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
                assertEquals(afterFiring, rows);
            }
        } finally {
            try (var files = java.nio.file.Files.walk(checkpoints)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    public void sessionWindowsInUpdateModeMaterialiseTheSameAtParallelismOneAndTwo() throws Exception {
        TestSourceFactory.register(
                "late-session-parallel",
                List.of(
                        List.of(
                                rows(row("a", 1L, t("00:00:01")), row("b", 2L, t("00:00:03"))),
                                rows(row("c", 3L, t("00:00:30"))),
                                rows(row("a", 4L, t("00:00:08")), row("b", 5L, t("00:00:25")))),
                        List.of(
                                rows(row("a", 10L, t("00:00:02")), row("d", 20L, t("00:00:31"))),
                                rows(row("b", 30L, t("00:00:06"))),
                                rows(row("a", 40L, t("00:00:22")), row("d", 50L, t("00:00:40"))))));
        QueryPlan plan = sessions("late-session-parallel", LatePolicy.update(60_000));
        Map<List<Object>, Integer> expected = ParallelismTest.materialize(List.of(
                r("+I", "a", 2L, 11L, 10L, t("00:00:01"), t("00:00:07")),
                r("+I", "a", 1L, 4L, 4L, t("00:00:08"), t("00:00:13")),
                r("+I", "a", 1L, 40L, 40L, t("00:00:22"), t("00:00:27")),
                r("+I", "b", 2L, 32L, 30L, t("00:00:03"), t("00:00:11")),
                r("+I", "b", 1L, 5L, 5L, t("00:00:25"), t("00:00:30")),
                r("+I", "c", 1L, 3L, 3L, t("00:00:30"), t("00:00:35")),
                r("+I", "d", 1L, 20L, 20L, t("00:00:31"), t("00:00:36")),
                r("+I", "d", 1L, 50L, 50L, t("00:00:40"), t("00:00:45"))));
        for (int p : List.of(1, 2)) {
            try (EngineHarness harness = EngineHarness.on(backend).parallelism(p)) {
                Job job = harness.engine().submit(plan, harness.options());
                List<List<Object>> rows = EngineHarness.collect(job, plan);
                assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
                assertEquals("p=" + p, 0, job.metrics().lateRowsDropped());
                assertEquals("p=" + p + ": " + rows, expected, ParallelismTest.materialize(rows));
            }
        }
    }
}
