package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
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
import static org.junit.Assert.fail;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.SortKey;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Stateful operators checkpointed while a test source pauses (their state known exactly) and restored at another
 * parallelism: the state and the watermark come back, so the restored run emits what an undisturbed run emits and
 * drops the same late rows (some of them late only by the restored watermark). Checkpointed on one state backend and
 * restored on the same or the other ({@code memory}, {@code rocksdb}): the checkpoint holds the same state rows.
 */
@RunWith(Parameterized.class)
public class OperatorCheckpointTest {

    @Parameterized.Parameters(name = "{0} to {1}")
    public static List<Object[]> backends() {
        return List.of(
                new Object[] {"memory", "memory"},
                new Object[] {"memory", "rocksdb"},
                new Object[] {"rocksdb", "memory"},
                new Object[] {"rocksdb", "rocksdb"},
                // the memory bundle's SPI path (operator-tables = false) against itself, the heap tables and rocksdb
                new Object[] {"memory-spi", "memory-spi"},
                new Object[] {"memory-spi", "rocksdb"},
                new Object[] {"rocksdb", "memory-spi"},
                new Object[] {"memory", "memory-spi"},
                new Object[] {"memory-spi", "memory"});
    }

    /** The backend named in a checkpoint's manifest: the memory bundle's SPI path is still {@code memory}. */
    private static String identifier(String backend) {
        return backend.equals("memory-spi") ? "memory" : backend;
    }

    /** The backend the checkpoint is taken on. */
    @Parameterized.Parameter(0)
    public String checkpointedOn;

    /** The backend it is restored on. */
    @Parameterized.Parameter(1)
    public String restoredOn;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static Object[] bid(String k, long v, long ts) {
        return new Object[] {k, v, ts};
    }

    /**
     * Two splits, so that at parallelism 2 neither source subtask is idle (the order in which an idle subtask's
     * watermark reaches the aggregate against a late row would decide whether that row is late). The b split pauses
     * for less time than the a split: in an undisturbed run its rows come first, and after a restore (pauses passed)
     * its two remaining steps precede the a split's fourth at any start order of the reader's round robin; either way
     * the last row meets the watermark 130 s. A split's watermark stays in the minimum after its end.
     */
    private static String dataset() {
        return TestSourceFactory.register(
                "session-checkpoint",
                List.of(
                        List.of(
                                rows(bid("a", 1L, t("00:01:40")), bid("a", 2L, t("00:01:58"))),
                                rows(bid("a", 4L, t("00:01:49"))), // bridges [100 s, 110 s) and [118 s, 128 s)
                                rows(bid("a", 2L, t("00:01:52"))), // a value seen already
                                pause(2_500), // checkpoints are taken here: watermark min(98 s, 92 s), nothing fired
                                rows(bid("c", 1L, t("00:01:20"))), // late only by the watermark restored
                                rows(bid("a", 1L, t("00:02:05"))),
                                rows(bid("a", 9L, t("00:03:00"))), // watermark min(160 s, 130 s): b's session fires
                                rows(bid("b", 8L, t("00:01:42")))), // late: b's session [101 s, 124 s) has fired
                        List.of(
                                rows(bid("b", 3L, t("00:01:41"))),
                                rows(bid("b", 3L, t("00:01:52"))), // a second session of b; a value seen already
                                pause(1_500),
                                rows(bid("b", 7L, t("00:01:46")), bid("b", 3L, t("00:01:54"))), // b's merge
                                rows(bid("b", 5L, t("00:02:30")))))); // this split's watermark: 130 s
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

    /** Sessions merged before the checkpoint (their DISTINCT values folded into one) come back merged. */
    @Test
    public void mergedSessionsAndTheirDistinctValuesRestoreAtAnotherParallelism() throws Exception {
        stopAndRestore(plan(dataset()), 6, 2, 1, 2, Map.of("sessions", 3L, "sessions_agg1_count_distinct", 5L));
    }

    /**
     * A tumbling window with COUNT(DISTINCT …), two splits, parallelism 2 to 1: groups and value sets come back;
     * after the restore the sources' first watermark (85 s) lags the restored one (115 s), and a row late by the
     * latter stays late.
     */
    @Test
    public void tumbleWithCountDistinctKeepsItsRestoredWatermark() throws Exception {
        String dataset = TestSourceFactory.register(
                "tumble-checkpoint",
                List.of(
                        List.of(
                                rows(bid("a", 1L, t("00:01:51")), bid("a", 3L, t("00:01:53"))),
                                rows(bid("a", 1L, t("00:01:55"))),
                                pause(1_500), // checkpoints are taken here: watermark 115 s
                                rows(bid("c", 3L, t("00:01:25"))), // late; this split's watermark becomes 85 s
                                rows(bid("d", 5L, t("00:01:35"))), // late by the restored watermark only
                                rows(bid("a", 3L, t("00:01:56")), bid("a", 4L, t("00:01:57")))),
                        List.of(
                                rows(bid("b", 2L, t("00:01:52")), bid("b", 2L, t("00:01:55"))),
                                pause(1_500),
                                rows(bid("b", 2L, t("00:01:58")), bid("b", 7L, t("00:01:56"))))));
        PlanNode wm = Plans.watermark(Plans.scan(dataset, BIDS, true), 2, 0);
        RowType out = row(
                col("k", STRING),
                col("n", BIGINT),
                col("values", BIGINT),
                col("window_start", TS),
                col("window_end", TS));
        QueryPlan plan = new QueryPlan(
                "SELECT k, COUNT(*), COUNT(DISTINCT v), window_start, window_end … TUMBLE(ts, 10 s)",
                new WindowAggregate(
                        wm,
                        List.of(0),
                        WindowSpec.tumble(2, 10_000),
                        List.of(countStar("n"), countDistinct(1, "values")),
                        List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                        out));
        stopAndRestore(plan, 5, 2, 1, 2, Map.of("windows", 2L, "windows_agg1_count_distinct", 3L));
    }

    /** Window Top-N: the rows buffered for an open window come back; a row behind the watermark stays late. */
    @Test
    public void windowTopNRestoresItsBufferedRowsAtAnotherParallelism() throws Exception {
        String dataset = TestSourceFactory.register(
                "rank-checkpoint",
                List.of(List.of(
                        rows(bid("a", 5L, t("00:01:51")), bid("b", 9L, t("00:01:52")), bid("c", 7L, t("00:01:53"))),
                        rows(bid("d", 1L, t("00:01:54")), bid("e", 4L, t("00:01:55"))),
                        pause(1_500), // checkpoints are taken here: five rows buffered, watermark 115 s
                        rows(bid("f", 8L, t("00:01:25"))), // late only by the watermark restored
                        rows(bid("g", 3L, t("00:01:56")), bid("h", 10L, t("00:01:58"))),
                        rows(bid("i", 2L, t("00:02:11")))))); // fires [110 s, 120 s); [130 s, 140 s) at the end
        PlanNode wm = Plans.watermark(Plans.scan(dataset, BIDS, true), 2, 0);
        RowType tvfType = row(
                col("k", STRING),
                col("v", BIGINT),
                col("ts", ROWTIME),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME));
        WindowTableFunction tvf = new WindowTableFunction(wm, WindowSpec.tumble(2, 10_000), tvfType);
        RowType rankType = row(
                col("k", STRING),
                col("v", BIGINT),
                col("ts", ROWTIME),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME),
                col("rn", BIGINT));
        WindowRank rank =
                new WindowRank(tvf, List.of(3, 4), 4, List.of(new SortKey(1, true, false)), 2, true, rankType);
        stopAndRestore(new QueryPlan("… ROW_NUMBER() … <= 2", rank), 5, 1, 2, 1, Map.of("rows", 5L));
    }

    /**
     * Window join: the rows of both sides buffered for a window that has not fired come back (list states {@code
     * left} and {@code right}, keyed by the join key and window) at another parallelism.
     */
    @Test
    public void windowJoinRestoresBothSidesBufferedRowsAtAnotherParallelism() throws Exception {
        String left = TestSourceFactory.register(
                "window-join-checkpoint-left",
                List.of(List.of(
                        rows(bid("a", 1L, t("00:01:51")), bid("b", 2L, t("00:01:52"))),
                        pause(1_500), // checkpoints are taken here: [110 s, 120 s) buffered on both sides
                        rows(bid("c", 5L, t("00:01:05"))), // late only by the watermark restored
                        rows(bid("a", 3L, t("00:01:55"))),
                        rows(bid("a", 4L, t("00:02:11"))))));
        String right = TestSourceFactory.register(
                "window-join-checkpoint-right",
                List.of(List.of(
                        rows(bid("a", 10L, t("00:01:53")), bid("b", 11L, t("00:01:54")), bid("c", 12L, t("00:01:56"))),
                        pause(1_500),
                        rows(bid("a", 13L, t("00:01:58"))),
                        rows(bid("a", 14L, t("00:02:12"))))));
        RowType tvfType = row(
                col("k", STRING),
                col("v", BIGINT),
                col("ts", ROWTIME),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME));
        List<io.sabot.plan.Column> joined = new ArrayList<>(tvfType.columns());
        joined.addAll(tvfType.columns());
        PlanNode[] sides = new PlanNode[2];
        String[] datasets = {left, right};
        for (int s = 0; s < 2; s++) {
            PlanNode wm = Plans.watermark(Plans.scan(datasets[s], BIDS, true), 2, 0);
            sides[s] = new WindowTableFunction(wm, WindowSpec.tumble(2, 10_000), tvfType);
        }
        WindowSpec attached = WindowSpec.tumble(2, 10_000).attachedTo(3, 4);
        io.sabot.plan.WindowJoin join = new io.sabot.plan.WindowJoin(
                sides[0],
                sides[1],
                io.sabot.plan.JoinKind.INNER,
                List.of(0, 3, 4),
                List.of(0, 3, 4),
                null,
                attached,
                attached,
                new RowType(joined));
        stopAndRestore(new QueryPlan("… window join …", join), 5, 1, 2, 1, Map.of("left", 2L, "right", 3L));
    }

    /**
     * A FULL join (insert-only sides) checkpointed at parallelism 2 while both sources pause, on {@link
     * #checkpointedOn}, and restored on {@link #restoredOn} at parallelism 1: the checkpoint holds both sides' rows,
     * and the restored run continues the changelog (padded rows retracted when a restored row gets its
     * first match, which needs the restored match counts): what the run before the pause emitted followed by what the
     * restored run emits materialises to the undisturbed run's table.
     */
    @Test
    public void regularJoinRestoresAcrossBackendsAndParallelism() throws Exception {
        QueryPlan full = fullJoin(true);
        QueryPlan prefix = fullJoin(false);
        Map<List<Object>, Integer> expected;
        List<List<Object>> beforePause;
        try (EngineHarness harness = new EngineHarness()) {
            expected = ParallelismTest.materialize(harness.run(full));
            beforePause = harness.run(prefix);
        }
        String what = checkpointedOn + " p=2 -> " + restoredOn + " p=1";
        Path checkpoint;
        try (EngineHarness harness = EngineHarness.on(checkpointedOn).parallelism(2)) {
            checkpoint = checkpointInPause(harness, full, 5);
        }
        assertEquals(what, identifier(checkpointedOn), writtenBy(checkpoint));
        assertEquals(what, 3L, stateRows(checkpoint, "left"));
        assertEquals(what, 2L, stateRows(checkpoint, "right"));
        try (EngineHarness harness = EngineHarness.on(restoredOn).parallelism(1)) {
            Job job = harness.engine().submit(full, harness.options().withRestoreFrom(checkpoint));
            List<List<Object>> changelog = new ArrayList<>(beforePause);
            changelog.addAll(EngineHarness.collect(job, full));
            assertEquals(
                    "job " + job.failure().map(Throwable::toString).orElse(""),
                    JobStatus.FINISHED,
                    job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(what, expected, ParallelismTest.materialize(changelog));
        }
    }

    /**
     * An upsert scan normalised by its key, checkpointed in a pause with the last row of each key in state and
     * restored at another parallelism: the updates and tombstones after the pause retract the restored rows, so the
     * changelog before the pause followed by the restored run's materialises to the undisturbed run's table.
     */
    @Test
    public void changelogNormalizeRestoresItsLastRowsAcrossBackendsAndParallelism() throws Exception {
        List<Object[]> first = List.of(
                ChangelogNormalizeTest.upsert("a", "eu", 1),
                ChangelogNormalizeTest.upsert("b", "us", 2),
                ChangelogNormalizeTest.upsert("c", "eu", 3));
        List<Object[]> second =
                List.of(ChangelogNormalizeTest.upsert("d", "us", 4), ChangelogNormalizeTest.tombstone("e"));
        List<Object[]> afterFirst = List.of(
                ChangelogNormalizeTest.upsert("a", "us", 5),
                ChangelogNormalizeTest.tombstone("b"),
                ChangelogNormalizeTest.upsert("c", "eu", 3)); // equal to the restored row: nothing
        List<Object[]> afterSecond =
                List.of(ChangelogNormalizeTest.tombstone("d"), ChangelogNormalizeTest.upsert("e", "eu", 6));
        QueryPlan full = normalized(true, first, second, afterFirst, afterSecond);
        QueryPlan prefix = normalized(false, first, second, afterFirst, afterSecond);
        Map<List<Object>, Integer> expected;
        List<List<Object>> beforePause;
        try (EngineHarness harness = new EngineHarness()) {
            expected = ParallelismTest.materialize(harness.run(full));
            beforePause = harness.run(prefix);
        }
        List<Object[]> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(afterFirst);
        all.addAll(afterSecond);
        assertEquals(
                "the undisturbed run is the reference's",
                ParallelismTest.materialize(ChangelogNormalizeTest.reference(all)),
                expected);
        String what = checkpointedOn + " p=2 -> " + restoredOn + " p=1";
        Path checkpoint;
        try (EngineHarness harness = EngineHarness.on(checkpointedOn).parallelism(2)) {
            checkpoint = checkpointInPause(harness, full, first.size() + second.size());
        }
        assertEquals(what, identifier(checkpointedOn), writtenBy(checkpoint));
        List<Object[]> beforeRows = new ArrayList<>(first);
        beforeRows.addAll(second);
        long keysKept = ParallelismTest.materialize(ChangelogNormalizeTest.reference(beforeRows))
                .size();
        assertEquals(what, keysKept, stateRows(checkpoint, "rows"));
        try (EngineHarness harness = EngineHarness.on(restoredOn).parallelism(1)) {
            Job job = harness.engine().submit(full, harness.options().withRestoreFrom(checkpoint));
            List<List<Object>> changelog = new ArrayList<>(beforePause);
            changelog.addAll(EngineHarness.collect(job, full));
            assertEquals(
                    "job " + job.failure().map(Throwable::toString).orElse(""),
                    JobStatus.FINISHED,
                    job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(what, expected, ParallelismTest.materialize(changelog));
        }
    }

    /**
     * A changelog materialized by region for an upsert sink, checkpointed in a pause with several rows per region in
     * the lists and restored at another parallelism: the retractions after the pause find the restored rows in their
     * order (older and latest rows) and bring restored rows back as the latest, so the upsert view of the changelog before the pause
     * followed by the restored run's is the undisturbed run's, the latest live row per region.
     */
    @Test
    public void sinkUpsertMaterializeRestoresItsListsAcrossBackendsAndParallelism() throws Exception {
        // the splits' regions differ: each region's order is one split's
        List<Object[]> first = List.of(
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "a1", "eu", 1),
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "a2", "eu", 2),
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "a3", "us", 3));
        List<Object[]> second = List.of(
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "b1", "ap", 1),
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "b2", "ap", 2));
        List<Object[]> afterFirst = List.of(
                SinkUpsertMaterializeTest.change(RowKind.UPDATE_BEFORE, "a2", "eu", 2), // latest of eu
                SinkUpsertMaterializeTest.change(RowKind.UPDATE_AFTER, "a2", "us", 4), // eu keeps a1, restored
                SinkUpsertMaterializeTest.change(RowKind.DELETE, "a3", "us", 3)); // older of us
        List<Object[]> afterSecond = List.of(
                SinkUpsertMaterializeTest.change(RowKind.UPDATE_BEFORE, "b1", "ap", 1), // older of ap
                SinkUpsertMaterializeTest.change(RowKind.UPDATE_AFTER, "b1", "sa", 5),
                SinkUpsertMaterializeTest.change(RowKind.INSERT, "b3", "ap", 6),
                SinkUpsertMaterializeTest.change(RowKind.DELETE, "b3", "ap", 6)); // ap is b2's again, restored
        QueryPlan full = materialized(true, first, second, afterFirst, afterSecond);
        QueryPlan prefix = materialized(false, first, second, afterFirst, afterSecond);
        List<Object[]> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(afterFirst);
        all.addAll(afterSecond);
        Map<Object, List<Object>> expected = SinkUpsertMaterializeTest.latestLive(all);
        List<List<Object>> beforePause;
        try (EngineHarness harness = new EngineHarness()) {
            assertEquals("the undisturbed run", expected, SinkUpsertMaterializeTest.upsertView(harness.run(full)));
            beforePause = harness.run(prefix);
        }
        String what = checkpointedOn + " p=2 -> " + restoredOn + " p=1";
        Path checkpoint;
        try (EngineHarness harness = EngineHarness.on(checkpointedOn).parallelism(2)) {
            checkpoint = checkpointInPause(harness, full, first.size() + second.size());
        }
        assertEquals(what, identifier(checkpointedOn), writtenBy(checkpoint));
        assertEquals(what, first.size() + second.size(), stateRows(checkpoint, "materialized"));
        try (EngineHarness harness = EngineHarness.on(restoredOn).parallelism(1)) {
            Job job = harness.engine().submit(full, harness.options().withRestoreFrom(checkpoint));
            List<List<Object>> changelog = new ArrayList<>(beforePause);
            changelog.addAll(EngineHarness.collect(job, full));
            assertEquals(
                    "job " + job.failure().map(Throwable::toString).orElse(""),
                    JobStatus.FINISHED,
                    job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(what, expected, SinkUpsertMaterializeTest.upsertView(changelog));
        }
    }

    private static QueryPlan materialized(
            boolean whole,
            List<Object[]> first,
            List<Object[]> second,
            List<Object[]> afterFirst,
            List<Object[]> afterSecond) {
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        splits.add(new ArrayList<>(List.of(rows(first.toArray(Object[][]::new)))));
        splits.add(new ArrayList<>(List.of(rows(second.toArray(Object[][]::new)))));
        if (whole) {
            splits.get(0).addAll(List.of(pause(1_500), rows(afterFirst.toArray(Object[][]::new))));
            splits.get(1).addAll(List.of(pause(1_500), rows(afterSecond.toArray(Object[][]::new))));
        }
        return SinkUpsertMaterializeTest.plan(
                TestSourceFactory.register("materialize-checkpoint" + (whole ? "" : "-prefix"), splits));
    }

    /** Two splits (no idle subtask at p=2), each pausing after its first batch when {@code whole}. */
    private static QueryPlan normalized(
            boolean whole,
            List<Object[]> first,
            List<Object[]> second,
            List<Object[]> afterFirst,
            List<Object[]> afterSecond) {
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        splits.add(new ArrayList<>(List.of(rows(first.toArray(Object[][]::new)))));
        splits.add(new ArrayList<>(List.of(rows(second.toArray(Object[][]::new)))));
        if (whole) {
            splits.get(0).addAll(List.of(pause(1_500), rows(afterFirst.toArray(Object[][]::new))));
            splits.get(1).addAll(List.of(pause(1_500), rows(afterSecond.toArray(Object[][]::new))));
        }
        String dataset = TestSourceFactory.register("normalize-checkpoint" + (whole ? "" : "-prefix"), splits);
        return new QueryPlan(
                "SELECT * FROM accounts",
                new io.sabot.plan.ChangelogNormalize(ChangelogNormalizeTest.upsertScan(dataset), List.of(0)));
    }

    /**
     * {@code left FULL JOIN right ON k}: three left and two right rows, then (if {@code whole}) both sources pause and
     * go on with rows that match restored rows with and without matches, and rows that match nothing.
     */
    private static QueryPlan fullJoin(boolean whole) {
        String suffix = whole ? "" : "-prefix";
        List<List<TestSourceFactory.Step>> left = new ArrayList<>();
        List<List<TestSourceFactory.Step>> right = new ArrayList<>();
        left.add(new ArrayList<>(List.of(rows(kv("a", 1), kv("b", 2), kv("c", 3)))));
        right.add(new ArrayList<>(List.of(rows(kv("a", 10), kv("e", 11)))));
        if (whole) { // two splits a side, so that at parallelism 2 no source subtask is idle
            left.get(0).addAll(List.of(pause(1_500), rows(kv("a", 4), kv("d", 5))));
            left.add(List.of(pause(1_500), rows(kv("f", 6))));
            right.get(0).addAll(List.of(pause(1_500), rows(kv("b", 12), kv("e", 13))));
            right.add(List.of(pause(1_500), rows(kv("c", 14), kv("a", 15))));
        }
        PlanNode[] sides = {
            Plans.scan(TestSourceFactory.register("join-checkpoint-left" + suffix, left), KV, true),
            Plans.scan(TestSourceFactory.register("join-checkpoint-right" + suffix, right), KV, true)
        };
        io.sabot.plan.Join join = new io.sabot.plan.Join(
                sides[0],
                sides[1],
                io.sabot.plan.JoinKind.FULL,
                List.of(0),
                List.of(0),
                null,
                row(col("k", STRING), col("v", BIGINT), col("k0", STRING), col("v0", BIGINT)));
        return new QueryPlan("SELECT … FULL JOIN … ON l.k = r.k", join);
    }

    private static final RowType KV = row(col("k", STRING), col("v", BIGINT));

    private static Object[] kv(String k, long v) {
        return new Object[] {k, v};
    }

    /** The backend the checkpoint's operator manifests name (all must agree). */
    private static String writtenBy(Path checkpoint) throws Exception {
        java.util.Set<String> backends = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.walk(checkpoint)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .toList()) {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
                backends.add(json.get("backend").asText());
            }
        }
        assertEquals("one backend per checkpoint: " + backends, 1, backends.size());
        return backends.iterator().next();
    }

    /**
     * Runs {@code plan} undisturbed, then checkpointed at parallelism {@code before} until it has read {@code rowsIn}
     * rows and a checkpoint was taken after that (the source pauses there), cancels it, checks the checkpoint holds
     * {@code states} (rows per state), restores it at parallelism {@code after}: same rows, same late rows. The
     * undisturbed run is on the heap; the checkpointed one on {@link #checkpointedOn}, the restored one on {@link
     * #restoredOn}.
     */
    private void stopAndRestore(QueryPlan plan, long rowsIn, int before, int after, long late, Map<String, Long> states)
            throws Exception {
        List<List<Object>> expected;
        long expectedLate;
        try (EngineHarness harness = new EngineHarness()) {
            Engine engine = harness.engine();
            Job job = engine.submit(plan);
            expected = sorted(EngineHarness.collect(job, plan));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            expectedLate = job.metrics().lateRowsDropped();
        }
        assertEquals(late, expectedLate);

        Path checkpoint;
        try (EngineHarness harness = EngineHarness.on(checkpointedOn).parallelism(before)) {
            checkpoint = checkpointInPause(harness, plan, rowsIn);
        }
        assertEquals(identifier(checkpointedOn), writtenBy(checkpoint));
        for (Map.Entry<String, Long> state : states.entrySet()) {
            assertEquals(
                    "rows of state " + state.getKey() + " in " + checkpoint,
                    (long) state.getValue(),
                    stateRows(checkpoint, state.getKey()));
        }

        try (EngineHarness harness = EngineHarness.on(restoredOn).parallelism(after)) {
            Engine engine = harness.engine();
            Job job = engine.submit(plan, harness.options().withRestoreFrom(checkpoint));
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

    /**
     * Runs {@code plan} with {@code harness} (its parallelism and state backend), checkpointing, until it has read
     * {@code rowsIn} rows and a checkpoint was taken after that (the source pauses there), then cancels it; returns
     * that checkpoint.
     */
    private Path checkpointInPause(EngineHarness harness, QueryPlan plan, long rowsIn) throws Exception {
        Path checkpoints = temp.newFolder().toPath();
        // every checkpoint retained: the one picked below is not deleted while the job goes on
        CheckpointConfig config = new CheckpointConfig(
                Duration.ofMillis(100), checkpoints, Duration.ofMinutes(1), Duration.ZERO, 1_000, -1);
        Job job = harness.engine().submit(plan, harness.options().withCheckpoints(config));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (job.metrics().rowsIn() < rowsIn) { // the steps before the pause were read
            if (System.nanoTime() > deadline) {
                fail("the job did not read its first rows within 10 s");
            }
            Thread.sleep(5);
        }
        // a checkpoint triggered after those rows: the one that follows the next one to complete
        int seen = job.checkpoints().size();
        while (job.checkpoints().size() < seen + 2) {
            if (System.nanoTime() > deadline) {
                fail("no checkpoint within 10 s: " + job.notices());
            }
            Thread.sleep(5);
        }
        Path checkpoint = job.checkpoints().get(seen + 1).path();
        job.cancel();
        job.awaitTermination(10, TimeUnit.SECONDS);
        job.results().close();
        return checkpoint;
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
