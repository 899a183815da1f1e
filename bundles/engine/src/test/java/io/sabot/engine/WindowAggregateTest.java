package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.agg;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countDistinct;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.Plans.ts;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.AggregateCall;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** TUMBLE, HOP, CUMULATE and SESSION window aggregation over event time. */
@RunWith(Parameterized.class)
public class WindowAggregateTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> backends() {
        return EngineHarness.backends();
    }

    /** Where the jobs keep their keyed state: {@code memory} or {@code rocksdb}. */
    @Parameterized.Parameter
    public String backend;

    /** bids(k STRING, v BIGINT, ts TIMESTAMP *ROWTIME*) */
    static final RowType BIDS = row(col("k", STRING), col("v", BIGINT), col("ts", ROWTIME));

    static long t(String hms) {
        return ts("2024-01-01 " + hms);
    }

    /** SELECT k, COUNT(*), SUM(v), MAX(v), window_start, window_end … GROUP BY k, window. */
    static QueryPlan perKey(String dataset, WindowSpec window, long delay, boolean bounded) {
        PlanNode wm = Plans.watermark(Plans.scan(dataset, BIDS, bounded), 2, delay);
        List<AggregateCall> aggs = List.of(
                countStar("n"),
                agg(AggregateFunction.SUM, 1, BIGINT, "total"),
                agg(AggregateFunction.MAX, 1, BIGINT, "top"));
        RowType out = row(
                col("k", STRING),
                col("n", BIGINT),
                col("total", BIGINT),
                col("top", BIGINT),
                col("window_start", TS),
                col("window_end", TS));
        return new QueryPlan(
                "SELECT …",
                new WindowAggregate(
                        wm,
                        List.of(0),
                        window,
                        aggs,
                        List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                        out));
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    /**
     * On the heap, the windows one watermark fires come out by end, then start, each in its groups' insertion order;
     * on rocksdb they come out of a scan in key order: compared as multisets there.
     */
    private void assertRows(List<List<Object>> expected, List<List<Object>> actual) {
        if (backend.equals("memory")) {
            assertEquals(expected, actual);
        } else {
            java.util.Comparator<List<Object>> byText = java.util.Comparator.comparing(Object::toString);
            assertEquals(
                    expected.stream().sorted(byText).toList(),
                    actual.stream().sorted(byText).toList());
        }
    }

    @Test
    public void tumbleFiresWhenTheWatermarkPassesAndDropsLateRows() throws Exception {
        TestSourceFactory.register(
                "tumble",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("b", 2L, t("00:00:03")), row("a", 3L, t("00:00:12"))),
                        // watermark now 00:00:11: [0 s, 10 s) has fired; 9 s is late, 10.5 s is only out of order
                        rows(row("a", 4L, t("00:00:09")), row("a", 7L, t("00:00:10.500"))),
                        rows(
                                row(null, 5L, t("00:00:15")),
                                row("b", null, t("00:00:16")),
                                row("a", 6L, t("00:00:41"))))));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            Engine engine = harness.engine();
            QueryPlan plan = perKey("tumble", WindowSpec.tumble(2, 10_000), 1000, true);
            Job job = engine.submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertRows(
                    List.of(
                            r("a", 1L, 1L, 1L, t("00:00:00"), t("00:00:10")),
                            r("b", 1L, 2L, 2L, t("00:00:00"), t("00:00:10")),
                            r("a", 2L, 10L, 7L, t("00:00:10"), t("00:00:20")),
                            r(null, 1L, 5L, 5L, t("00:00:10"), t("00:00:20")),
                            r("b", 1L, null, null, t("00:00:10"), t("00:00:20")),
                            // no rows for [20 s, 40 s): no output; [40 s, 50 s) fires with the final watermark
                            r("a", 1L, 6L, 6L, t("00:00:40"), t("00:00:50"))),
                    rows);
            assertEquals(1, job.metrics().lateRowsDropped());
            assertEquals(8, job.metrics().rowsIn());
            assertEquals(6, job.metrics().rowsOut());
        }
    }

    @Test
    public void hopAssignsEveryRowToEachOverlappingWindow() throws Exception {
        TestSourceFactory.register(
                "hop",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:06"))),
                        rows(row("a", 4L, t("00:00:04")), row("a", 8L, t("00:00:12"))))));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            List<List<Object>> rows = harness.run(perKey("hop", WindowSpec.hop(2, 10_000, 5_000), 5_000, true));
            assertRows(
                    List.of(
                            r("a", 2L, 5L, 4L, ts("2023-12-31 23:59:55"), t("00:00:05")),
                            r("a", 3L, 7L, 4L, t("00:00:00"), t("00:00:10")),
                            r("a", 2L, 10L, 8L, t("00:00:05"), t("00:00:15")),
                            r("a", 1L, 8L, 8L, t("00:00:10"), t("00:00:20"))),
                    rows);
        }
    }

    @Test
    public void cumulateGrowsWindowsByStep() throws Exception {
        TestSourceFactory.register(
                "cumulate",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:06"))),
                        rows(row("a", 4L, t("00:00:12"))))));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            List<List<Object>> rows = harness.run(perKey("cumulate", WindowSpec.cumulate(2, 10_000, 5_000), 0, true));
            assertRows(
                    List.of(
                            r("a", 1L, 1L, 1L, t("00:00:00"), t("00:00:05")),
                            r("a", 2L, 3L, 2L, t("00:00:00"), t("00:00:10")),
                            r("a", 1L, 4L, 4L, t("00:00:10"), t("00:00:15")),
                            r("a", 1L, 4L, 4L, t("00:00:10"), t("00:00:20"))),
                    rows);
        }
    }

    @Test
    public void sessionsMergeWhenARowBridgesThemAndLateRowsAreDropped() throws Exception {
        TestSourceFactory.register(
                "session",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:00")), row("a", 2L, t("00:00:18")), row("b", 3L, t("00:00:01"))),
                        rows(row("a", 4L, t("00:00:09"))), // bridges [0 s, 10 s) and [18 s, 28 s)
                        // regression: the session a row extends first may end before the one it absorbs
                        rows(row("c", 1L, t("00:00:18")), row("c", 1L, t("00:00:00"))),
                        rows(row("c", 1L, t("00:00:09"))),
                        rows(row("a", 5L, t("00:01:00"))), // watermark 40 s: both sessions fire
                        rows(row("a", 6L, t("00:00:20"))))));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            Engine engine = harness.engine();
            QueryPlan plan = perKey("session", WindowSpec.session(2, 10_000), 20_000, true);
            Job job = engine.submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertRows(
                    List.of(
                            r("b", 1L, 3L, 3L, t("00:00:01"), t("00:00:11")),
                            r("a", 3L, 7L, 4L, t("00:00:00"), t("00:00:28")),
                            r("c", 3L, 3L, 1L, t("00:00:00"), t("00:00:28")),
                            r("a", 1L, 5L, 5L, t("00:01:00"), t("00:01:10"))),
                    rows);
            assertEquals(1, job.metrics().lateRowsDropped());
        }
    }

    @Test
    public void countDistinctPerWindow() throws Exception {
        TestSourceFactory.register(
                "distinct",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 1L, t("00:00:02")), row("a", null, t("00:00:03"))),
                        rows(row("a", 2L, t("00:00:04")), row("b", 1L, t("00:00:05")), row("a", 3L, t("00:00:11"))))));
        PlanNode wm = Plans.watermark(Plans.scan("distinct", BIDS, true), 2, 0);
        WindowAggregate agg = new WindowAggregate(
                wm,
                List.of(),
                WindowSpec.tumble(2, 10_000),
                List.of(countStar("n"), countDistinct(1, "values"), countDistinct(0, "keys")),
                List.of(WindowProperty.WINDOW_END),
                row(col("n", BIGINT), col("values", BIGINT), col("keys", BIGINT), col("window_end", TS)));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            assertEquals(
                    List.of(r(5L, 2L, 2L, t("00:00:10")), r(1L, 1L, 1L, t("00:00:20"))),
                    harness.run(new QueryPlan("SELECT …", agg)));
        }
    }

    @Test
    public void anIdleSplitStopsHoldingBackWindowsAfterTheIdleTimeout() throws Exception {
        TestSourceFactory.register(
                "idle",
                List.of(
                        List.of(
                                rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:02"))),
                                rows(row("a", 3L, t("00:00:12"))),
                                TestSourceFactory.silence()),
                        List.of(TestSourceFactory.silence())));
        QueryPlan plan = perKey("idle", WindowSpec.tumble(2, 10_000), 0, false);
        try (EngineHarness harness = EngineHarness.on(backend).idleTimeout(Duration.ZERO)) {
            // without idleness detection the silent split holds the watermark back: nothing fires
            Job job = harness.engine().submit(plan, harness.options());
            try (JobResults results = job.results()) {
                assertEquals(null, results.poll(700, TimeUnit.MILLISECONDS));
            }
            assertEquals(JobStatus.CANCELED, job.awaitTermination(10, TimeUnit.SECONDS));
        }
        try (EngineHarness harness = EngineHarness.on(backend).idleTimeout(Duration.ofMillis(200))) {
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = new ArrayList<>();
            long started = System.nanoTime();
            try (JobResults results = job.results()) {
                try (VectorSchemaRoot batch = results.poll(10, TimeUnit.SECONDS)) {
                    rows.addAll(TestRows.read(batch, plan.root().rowType(), false));
                }
                assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150));
                assertEquals(JobStatus.RUNNING, job.status());
            }
            assertEquals(List.of(r("a", 2L, 3L, 2L, t("00:00:00"), t("00:00:10"))), rows);
            job.cancel();
            assertEquals(JobStatus.CANCELED, job.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
