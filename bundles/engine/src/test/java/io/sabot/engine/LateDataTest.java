package io.sabot.engine;

import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.WindowAggregateTest.perKey;
import static io.sabot.engine.WindowAggregateTest.r;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
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

/** The late-data policy of window aggregation: drop and count, or update within the allowed lateness. */
public class LateDataTest {

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
        try (EngineHarness harness = new EngineHarness()) {
            Job job = harness.engine().submit(plan);
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
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
            try (EngineHarness harness = new EngineHarness()) {
                Job job = harness.engine().submit(plan);
                List<List<Object>> rows = EngineHarness.collect(job, plan);
                assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
                assertEquals(
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
            try (EngineHarness harness = new EngineHarness().parallelism(p)) {
                Job job = harness.engine().submit(plan);
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

    @Test
    public void sessionWindowsRefuseUpdateModeAtSubmission() throws Exception {
        TestSourceFactory.register("late-session", List.of(List.of(rows(row("a", 1L, t("00:00:01"))))));
        QueryPlan session = perKey("late-session", WindowSpec.session(2, 10_000), 0, true);
        QueryPlan plan = new QueryPlan("", ((WindowAggregate) session.root()).withLatePolicy(LatePolicy.update(5_000)));
        try (EngineHarness harness = new EngineHarness()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> harness.engine().submit(plan));
            assertTrue(e.getMessage(), e.getMessage().contains("not supported for SESSION windows yet"));
        }
    }
}
