package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.BOOL;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.Plans.ts;
import static io.sabot.engine.TestSourceFactory.pause;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;

import io.sabot.plan.AggregateFunction;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.Column;
import io.sabot.plan.Expr;
import io.sabot.plan.JoinKind;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowJoin;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Window joins (rows joined window by window when the watermark passes the window, insert-only for every join kind)
 * and window aggregations over attached windows (an aggregation of another window aggregation's rows by their
 * window_start and window_end), with the buffered rows on the heap and in the rocksdb backend.
 */
@RunWith(Parameterized.class)
public class WindowJoinTest {

    @Parameters(name = "{0}")
    public static java.util.Collection<Object[]> backends() {
        return EngineHarness.backends();
    }

    private final String backend;

    public WindowJoinTest(String backend) {
        this.backend = backend;
    }

    /** A harness keeping the operators' state in this run's backend. */
    private EngineHarness harness() {
        return EngineHarness.on(backend);
    }

    /** (k STRING, v BIGINT, ts TIMESTAMP *ROWTIME*) */
    static final RowType EVENTS = row(col("k", STRING), col("v", BIGINT), col("ts", ROWTIME));

    static final RowType WINDOWED = row(
            col("k", STRING),
            col("v", BIGINT),
            col("ts", ROWTIME),
            col("window_start", TS),
            col("window_end", TS),
            col("window_time", ROWTIME));

    static long t(String hms) {
        return ts("2024-01-01 " + hms);
    }

    static Object[] e(String k, long v, String hms) {
        return new Object[] {k, v, t(hms)};
    }

    static {
        TestSourceFactory.register(
                "window-join-left",
                List.of(List.of(
                        rows(e("a", 1, "00:00:01"), e("b", 2, "00:00:03")),
                        rows(e("a", 3, "00:00:12"), e(null, 5, "00:00:13")),
                        pause(400), // [0 s, 10 s) fires here: the right side has ended
                        rows(e("a", 4, "00:00:05"))))); // late: its window has fired
        TestSourceFactory.register(
                "window-join-right",
                List.of(List.of(
                        rows(e("a", 10, "00:00:02"), e("a", 11, "00:00:05"), e("c", 12, "00:00:06")),
                        rows(e("a", 13, "00:00:15"), e(null, 14, "00:00:16")))));
    }

    static PlanNode windowed(String dataset) {
        PlanNode wm = Plans.watermark(Plans.scan(dataset, EVENTS, true), 2, 0);
        return new WindowTableFunction(wm, WindowSpec.tumble(2, 10_000), WINDOWED);
    }

    static QueryPlan join(JoinKind kind, Expr condition) {
        List<Column> columns = new ArrayList<>(WINDOWED.columns());
        columns.addAll(WINDOWED.columns());
        WindowJoin join = new WindowJoin(
                windowed("window-join-left"),
                windowed("window-join-right"),
                kind,
                List.of(0, 3, 4),
                List.of(0, 3, 4),
                condition,
                WindowSpec.tumble(2, 10_000).attachedTo(3, 4),
                WindowSpec.tumble(2, 10_000).attachedTo(3, 4),
                new RowType(columns));
        return new QueryPlan("SELECT … window join …", join);
    }

    /** Each output row as (left k, left v, right k, right v, window start). */
    java.util.Map<List<Object>, Integer> run(QueryPlan plan, int parallelism, long expectedLate) throws Exception {
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        try (EngineHarness harness = harness().parallelism(parallelism)) {
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> r : EngineHarness.collect(job, plan)) {
                Object start = r.get(3) != null ? r.get(3) : r.get(9);
                rows.add(Arrays.asList(r.get(0), r.get(1), r.get(6), r.get(7), start));
            }
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals("late rows", expectedLate, job.metrics().lateRowsDropped());
            return ParallelismTest.multiset(rows);
        }
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    public void innerJoinPairsRowsOfTheSameWindowAndKeyOnly() throws Exception {
        java.util.Map<List<Object>, Integer> expected = ParallelismTest.multiset(List.of(
                r("a", 1L, "a", 10L, t("00:00:00")),
                r("a", 1L, "a", 11L, t("00:00:00")),
                r("a", 3L, "a", 13L, t("00:00:10"))));
        for (int p : new int[] {1, 2}) {
            assertEquals("p=" + p, expected, run(join(JoinKind.INNER, null), p, 1));
        }
    }

    @Test
    public void theExtraConditionIsEvaluatedOverEachWindowsPairs() throws Exception {
        Expr rightAboveTen = call(Operator.GREATER_THAN, BOOL, ref(7, BIGINT), lit(10L));
        assertEquals(
                ParallelismTest.multiset(
                        List.of(r("a", 1L, "a", 11L, t("00:00:00")), r("a", 3L, "a", 13L, t("00:00:10")))),
                run(join(JoinKind.INNER, rightAboveTen), 1, 1));
    }

    @Test
    public void outerJoinsEmitUnmatchedRowsOnceWhenTheirWindowFires() throws Exception {
        List<List<Object>> inner = List.of(
                r("a", 1L, "a", 10L, t("00:00:00")),
                r("a", 1L, "a", 11L, t("00:00:00")),
                r("a", 3L, "a", 13L, t("00:00:10")));
        List<List<Object>> leftOnly =
                List.of(r("b", 2L, null, null, t("00:00:00")), r(null, 5L, null, null, t("00:00:10")));
        List<List<Object>> rightOnly =
                List.of(r(null, null, "c", 12L, t("00:00:00")), r(null, null, null, 14L, t("00:00:10")));
        for (int p : new int[] {1, 2}) {
            assertEquals(
                    "LEFT p=" + p,
                    ParallelismTest.multiset(concat(inner, leftOnly)),
                    run(join(JoinKind.LEFT, null), p, 1));
            assertEquals(
                    "RIGHT p=" + p,
                    ParallelismTest.multiset(concat(inner, rightOnly)),
                    run(join(JoinKind.RIGHT, null), p, 1));
            assertEquals(
                    "FULL p=" + p,
                    ParallelismTest.multiset(concat(inner, leftOnly, rightOnly)),
                    run(join(JoinKind.FULL, null), p, 1));
        }
    }

    @SafeVarargs
    static List<List<Object>> concat(List<List<Object>>... lists) {
        List<List<Object>> out = new ArrayList<>();
        for (List<List<Object>> list : lists) {
            out.addAll(list);
        }
        return out;
    }

    /**
     * Per key and window, then per window by the first aggregation's window columns: the second is a window
     * aggregation too (insert-only, one row per window), equal to aggregating the per-key counts.
     */
    @Test
    public void aWindowAggregationOverAttachedWindowsAggregatesPerWindow() throws Exception {
        RowType perKeyType = row(
                col("k", STRING),
                col("n", BIGINT),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME));
        WindowAggregate perKey = new WindowAggregate(
                Plans.watermark(Plans.scan("window-join-right", EVENTS, true), 2, 0),
                List.of(0),
                WindowSpec.tumble(2, 10_000),
                List.of(Plans.countStar("n")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END, WindowProperty.WINDOW_TIME),
                perKeyType);
        RowType perWindowType =
                row(col("window_start", TS), col("window_end", TS), col("keys", BIGINT), col("top", BIGINT));
        WindowAggregate perWindow = new WindowAggregate(
                perKey,
                List.of(2, 3),
                WindowSpec.tumble(4, 10_000).attachedTo(2, 3),
                List.of(Plans.countStar("keys"), Plans.agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                List.of(),
                perWindowType);
        QueryPlan plan = new QueryPlan(
                "SELECT window_start, window_end, COUNT(*), MAX(n) … GROUP BY window_start," + " window_end",
                perWindow);
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        for (int p : new int[] {1, 2}) {
            try (EngineHarness harness = harness().parallelism(p)) {
                // [0 s, 10 s): a twice, c once; [10 s, 20 s): a once, NULL once
                assertEquals(
                        "p=" + p,
                        ParallelismTest.multiset(List.of(
                                r(t("00:00:00"), t("00:00:10"), 2L, 2L), r(t("00:00:10"), t("00:00:20"), 2L, 1L))),
                        ParallelismTest.multiset(harness.run(plan)));
            }
        }
    }

    @Test
    public void aWindowJoinRefusesDifferentWindowsAndMissingWindowKeys() {
        List<Column> columns = new ArrayList<>(WINDOWED.columns());
        columns.addAll(WINDOWED.columns());
        RowType type = new RowType(columns);
        IllegalArgumentException different = org.junit.Assert.assertThrows(
                IllegalArgumentException.class,
                () -> new WindowJoin(
                        windowed("window-join-left"),
                        windowed("window-join-right"),
                        JoinKind.INNER,
                        List.of(0, 3, 4),
                        List.of(0, 3, 4),
                        null,
                        WindowSpec.tumble(2, 10_000).attachedTo(3, 4),
                        WindowSpec.tumble(2, 20_000).attachedTo(3, 4),
                        type));
        org.junit.Assert.assertTrue(
                different.getMessage(), different.getMessage().contains("same windows"));
        IllegalArgumentException noEnd = org.junit.Assert.assertThrows(
                IllegalArgumentException.class,
                () -> new WindowJoin(
                        windowed("window-join-left"),
                        windowed("window-join-right"),
                        JoinKind.INNER,
                        List.of(0, 3),
                        List.of(0, 3),
                        null,
                        WindowSpec.tumble(2, 10_000).attachedTo(3, 4),
                        WindowSpec.tumble(2, 10_000).attachedTo(3, 4),
                        type));
        org.junit.Assert.assertTrue(noEnd.getMessage(), noEnd.getMessage().contains("window_end"));
    }
}
