package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.Plans.ts;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;

import io.sabot.plan.GroupAggregate;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.Union;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** UNION ALL and the window table functions (window Top-N: {@link WindowTopNTest}). */
public class UnionAndRankTest {

    static final RowType EVENTS = row(col("k", STRING), col("v", BIGINT), col("ts", ROWTIME));

    static long t(String hms) {
        return ts("2024-01-01 " + hms);
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    public void unionAllKeepsEveryRowOfEveryInput() throws Exception {
        TestSourceFactory.register(
                "union-a", List.of(List.of(rows(row("a", 1L, t("00:00:01")), row("b", 2L, t("00:00:02"))))));
        TestSourceFactory.register(
                "union-b",
                List.of(List.of(rows(row("a", 1L, t("00:00:01")))), List.of(rows(row("c", 3L, t("00:00:03"))))));
        Union union =
                new Union(List.of(Plans.scan("union-a", EVENTS, true), Plans.scan("union-b", EVENTS, true)), EVENTS);
        try (EngineHarness harness = new EngineHarness().parallelism(2)) {
            assertEquals(
                    ParallelismTest.multiset(List.of(
                            r("a", 1L, t("00:00:01")),
                            r("b", 2L, t("00:00:02")),
                            r("a", 1L, t("00:00:01")),
                            r("c", 3L, t("00:00:03")))),
                    ParallelismTest.multiset(harness.run(new QueryPlan("… UNION ALL …", union))));
        }
    }

    @Test
    public void unionOfAChangelogAndAnInsertOnlyInputIsAChangelog() throws Exception {
        TestSourceFactory.register(
                "union-c", List.of(List.of(rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:02"))))));
        GroupAggregate counts = new GroupAggregate(
                Plans.scan("union-c", EVENTS, true),
                List.of(0),
                List.of(countStar("n")),
                row(col("k", STRING), col("n", BIGINT)));
        io.sabot.plan.Calc plain = new io.sabot.plan.Calc(
                Plans.scan("union-c", EVENTS, true),
                List.of(Plans.ref(0, STRING), Plans.ref(1, BIGINT)),
                null,
                row(col("k", STRING), col("n", BIGINT)));
        Union union = new Union(List.of(counts, plain), counts.rowType());
        try (EngineHarness harness = new EngineHarness()) {
            assertEquals(
                    ParallelismTest.multiset(List.of(r("+I", "a", 2L), r("+I", "a", 1L), r("+I", "a", 2L))),
                    ParallelismTest.multiset(harness.run(new QueryPlan("…", union))));
        }
    }

    @Test
    public void hopTableFunctionRepeatsRowsPerWindow() throws Exception {
        TestSourceFactory.register(
                "tvf", List.of(List.of(rows(row("a", 1L, t("00:00:06")), row(null, 2L, t("00:00:10"))))));
        PlanNode wm = Plans.watermark(Plans.scan("tvf", EVENTS, true), 2, 0);
        RowType out = row(
                col("k", STRING),
                col("v", BIGINT),
                col("ts", ROWTIME),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME));
        WindowTableFunction tvf = new WindowTableFunction(wm, WindowSpec.hop(2, 10_000, 5_000), out);
        try (EngineHarness harness = new EngineHarness()) {
            assertEquals(
                    List.of(
                            r("a", 1L, t("00:00:06"), t("00:00:00"), t("00:00:10"), t("00:00:09.999")),
                            r("a", 1L, t("00:00:06"), t("00:00:05"), t("00:00:15"), t("00:00:14.999")),
                            r(null, 2L, t("00:00:10"), t("00:00:05"), t("00:00:15"), t("00:00:14.999")),
                            r(null, 2L, t("00:00:10"), t("00:00:10"), t("00:00:20"), t("00:00:19.999"))),
                    harness.run(new QueryPlan("SELECT * FROM TABLE(HOP(…))", tvf)));
        }
    }
}
