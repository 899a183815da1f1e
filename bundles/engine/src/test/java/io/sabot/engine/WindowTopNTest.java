package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.UnionAndRankTest.r;
import static io.sabot.engine.UnionAndRankTest.t;
import static org.junit.Assert.assertEquals;

import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.SortKey;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Window Top-N, with the buffered rows on the heap and in the rocksdb backend. */
@RunWith(Parameterized.class)
public class WindowTopNTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> backends() {
        return EngineHarness.backends();
    }

    private final String backend;

    public WindowTopNTest(String backend) {
        this.backend = backend;
    }

    static final RowType EVENTS = UnionAndRankTest.EVENTS;
    static final RowType TVF = row(
            col("k", STRING),
            col("v", BIGINT),
            col("ts", ROWTIME),
            col("window_start", TS),
            col("window_end", TS),
            col("window_time", ROWTIME));
    static final RowType RANKED = row(
            col("k", STRING),
            col("v", BIGINT),
            col("ts", ROWTIME),
            col("window_start", TS),
            col("window_end", TS),
            col("window_time", ROWTIME),
            col("rn", BIGINT));

    /** At parallelism 1: which rows are late depends on when watermarks arrive, so only then is it fixed. */
    @Test
    public void windowTopNEmitsTheFirstRowsOfEachWindowWhenItCloses() throws Exception {
        TestSourceFactory.register(
                "rank-" + backend,
                List.of(List.of(
                        rows(row("a", 5L, t("00:00:01")), row("b", 9L, t("00:00:02")), row("c", 7L, t("00:00:03"))),
                        rows(row("d", 1L, t("00:00:11")), row("e", null, t("00:00:12"))),
                        rows(row("f", 8L, t("00:00:04"))))));
        PlanNode wm = Plans.watermark(Plans.scan("rank-" + backend, EVENTS, true), 2, 0);
        WindowTableFunction tvf = new WindowTableFunction(wm, WindowSpec.tumble(2, 10_000), TVF);
        WindowRank rank = new WindowRank(tvf, List.of(3, 4), 4, List.of(new SortKey(1, true, false)), 2, true, RANKED);
        try (EngineHarness harness = EngineHarness.on(backend)) {
            QueryPlan plan = new QueryPlan("… ROW_NUMBER() … <= 2", rank);
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("b", 9L, t("00:00:02"), t("00:00:00"), t("00:00:10"), t("00:00:09.999"), 1L),
                            r("c", 7L, t("00:00:03"), t("00:00:00"), t("00:00:10"), t("00:00:09.999"), 2L),
                            r("d", 1L, t("00:00:11"), t("00:00:10"), t("00:00:20"), t("00:00:19.999"), 1L),
                            r("e", null, t("00:00:12"), t("00:00:10"), t("00:00:20"), t("00:00:19.999"), 2L)),
                    rows);
            assertEquals("f arrived after its window closed", 1, job.metrics().lateRowsDropped());
            assertEquals("no operator keeps heap state", List.of(), job.notices());
        }
    }

    /**
     * Partitioned by {@code k} alone over hopping windows: a key holds rows of several open windows at once (and the
     * TVF sends a row's later window first), so a firing must take only the fired window's rows of each key and keep
     * the others. Thousands of rows, so the backend's scans and reads take several batches.
     */
    @Test
    public void partitionsSpanningOpenWindowsFireOneWindowAtATime() throws Exception {
        checkAgainstReference(List.of(0), "hop-k");
    }

    /** Without a partition key every row of every open window is under one key. */
    @Test
    public void withoutPartitionKeysEveryWindowRanksAllItsRows() throws Exception {
        checkAgainstReference(List.of(), "hop-global");
    }

    private void checkAgainstReference(List<Integer> partitionKeys, String name) throws Exception {
        int limit = 3;
        List<Object[]> input = new ArrayList<>();
        List<TestSourceFactory.Step> batches = new ArrayList<>();
        long base = t("00:00:00");
        for (int b = 0; b < 12; b++) {
            List<Object[]> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = b * 500 + i;
                // distinct values (no ties) in an order unrelated to arrival
                Object[] row = row("k" + (n % 37), (n * 7919L) % 100_003L, base + n * 10L);
                batch.add(row);
                input.add(row);
            }
            batches.add(rows(batch.toArray(new Object[0][])));
        }
        TestSourceFactory.register(name + "-" + backend, List.of(List.copyOf(batches)));
        PlanNode wm = Plans.watermark(Plans.scan(name + "-" + backend, EVENTS, true), 2, 0);
        WindowTableFunction tvf = new WindowTableFunction(wm, WindowSpec.hop(2, 10_000, 5_000), TVF);
        WindowRank rank =
                new WindowRank(tvf, partitionKeys, 4, List.of(new SortKey(1, true, false)), limit, true, RANKED);
        try (EngineHarness harness = EngineHarness.on(backend)) {
            QueryPlan plan = new QueryPlan("… ROW_NUMBER() … <= 3", rank);
            Job job = harness.engine().submit(plan, harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(0, job.metrics().lateRowsDropped());
            assertEquals(
                    ParallelismTest.multiset(reference(input, !partitionKeys.isEmpty(), limit)),
                    ParallelismTest.multiset(rows));
        }
    }

    /** Top-N by v descending per (window, k or everything), computed directly from the input rows. */
    private static List<List<Object>> reference(List<Object[]> input, boolean byKey, int limit) {
        Map<List<Object>, List<Object[]>> groups = new TreeMap<>(Comparator.comparing(Object::toString));
        for (Object[] row : input) {
            long ts = (Long) row[2];
            for (long start = Math.floorDiv(ts, 5_000) * 5_000 - 5_000; start <= ts; start += 5_000) {
                if (ts < start + 10_000) {
                    List<Object> group = byKey ? List.of(start, row[0]) : List.of(start);
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
                }
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Object[]>> e : groups.entrySet()) {
            long start = (Long) e.getKey().get(0);
            List<Object[]> rows = new ArrayList<>(e.getValue());
            rows.sort(Comparator.comparing((Object[] row) -> (Long) row[1]).reversed());
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                Object[] row = rows.get(i);
                out.add(r(row[0], row[1], row[2], start, start + 10_000, start + 9_999, (long) i + 1));
            }
        }
        return out;
    }
}
