package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.agg;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countDistinct;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.WindowAggregateTest.perKey;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.AggregateFunction;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.TableScan;
import io.sabot.plan.WindowSpec;
import io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The window and unwindowed aggregates with their groups in the rocksdb backend give exactly the heap's results:
 * every window kind, nulls, late rows, late updates, retractions that empty a group, a global aggregate, many keys
 * over many batches at parallelism 2, DISTINCT aggregates (their value sets in the backend too).
 */
public class RocksDbStateTest {

    /** Runs {@code plan} on the heap and on rocksdb; returns both outputs. */
    private static List<List<List<Object>>> both(QueryPlan plan, int parallelism, int batchSize) throws Exception {
        List<List<List<Object>>> out = new ArrayList<>();
        for (boolean rocksdb : new boolean[] {false, true}) {
            try (EngineHarness harness =
                    new EngineHarness().parallelism(parallelism).batchSize(batchSize)) {
                if (rocksdb) {
                    harness.stateBackend(new RocksDbStateBackendFactory());
                }
                out.add(harness.run(plan));
            }
        }
        assertFalse("the query produced rows", out.get(0).isEmpty());
        return out;
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    private static void sameRows(QueryPlan plan, int parallelism, int batchSize) throws Exception {
        List<List<List<Object>>> out = both(plan, parallelism, batchSize);
        assertEquals(sorted(out.get(0)), sorted(out.get(1)));
    }

    private static void tumbleData(String name) {
        TestSourceFactory.register(
                name,
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("b", 2L, t("00:00:03")), row("a", 3L, t("00:00:12"))),
                        rows(row("a", 4L, t("00:00:09")), row("a", 7L, t("00:00:10.500"))),
                        rows(
                                row(null, 5L, t("00:00:15")),
                                row("b", null, t("00:00:16")),
                                row("a", 6L, t("00:00:41"))))));
    }

    @Test
    public void tumbleWithNullsAndLateRows() throws Exception {
        tumbleData("rocks-tumble");
        sameRows(perKey("rocks-tumble", WindowSpec.tumble(2, 10_000), 1000, true), 1, 1024);
    }

    @Test
    public void hopAndCumulate() throws Exception {
        tumbleData("rocks-hop");
        sameRows(perKey("rocks-hop", WindowSpec.hop(2, 10_000, 5_000), 5_000, true), 1, 1024);
        sameRows(perKey("rocks-hop", WindowSpec.cumulate(2, 10_000, 5_000), 0, true), 1, 1024);
    }

    /** Late rows within the allowed lateness update fired windows kept in the backend: the same changelog. */
    @Test
    public void lateUpdatesOfRetainedWindows() throws Exception {
        LateDataTest.registerOneSplit("rocks-late");
        QueryPlan plan = LateDataTest.tumble("rocks-late", LatePolicy.update(10_000));
        List<List<List<Object>>> out = both(plan, 1, 1024);
        assertEquals(sorted(out.get(0)), sorted(out.get(1)));
        assertEquals(ParallelismTest.materialize(out.get(0)), ParallelismTest.materialize(out.get(1)));
    }

    /** A changelog input whose retractions empty groups: the groups disappear from the backend too (-D, then +I). */
    @Test
    public void retractionsThatEmptyAGroup() throws Exception {
        TestSourceFactory.register(
                "rocks-nested",
                List.of(List.of(
                        rows(row("a", 1L), row("b", 2L), row("a", 3L)),
                        rows(row("a", 5L)),
                        rows(row("b", 6L)),
                        rows(row("c", 1L), row("b", 1L)))));
        TableScan scan = Plans.scan("rocks-nested", GroupAggregateTest.KV, true);
        GroupAggregate perKey = new GroupAggregate(
                scan,
                List.of(0),
                List.of(countStar("c"), agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                row(col("k", STRING), col("c", BIGINT), col("top", BIGINT)));
        GroupAggregate perCount = new GroupAggregate(
                perKey,
                List.of(1),
                List.of(countStar("keys"), agg(AggregateFunction.SUM, 2, BIGINT, "tops")),
                row(col("c", BIGINT), col("keys", BIGINT), col("tops", BIGINT)));
        List<List<List<Object>>> out = both(new QueryPlan("SELECT …", perCount), 1, 1024);
        // one task, one batch at a time: the changelogs are identical, row for row
        assertEquals(out.get(0), out.get(1));
    }

    /** An aggregate without GROUP BY keys (one global group). */
    @Test
    public void globalAggregate() throws Exception {
        TestSourceFactory.register(
                "rocks-global", List.of(List.of(rows(row("a", 1L), row("b", 2L)), rows(row("c", 3L)))));
        GroupAggregate global = new GroupAggregate(
                Plans.scan("rocks-global", GroupAggregateTest.KV, true),
                List.of(),
                List.of(countStar("n"), agg(AggregateFunction.SUM, 1, BIGINT, "total")),
                row(col("n", BIGINT), col("total", BIGINT)));
        List<List<List<Object>>> out = both(new QueryPlan("SELECT COUNT(*), SUM(v) FROM kv", global), 1, 1024);
        assertEquals(out.get(0), out.get(1));
    }

    /** Registers two splits of {@code batches} batches of 100 bids each, keys and values from the suppliers. */
    private static void registerRandom(
            String name,
            int batches,
            Random random,
            java.util.function.Supplier<String> key,
            java.util.function.Supplier<Long> value) {
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<TestSourceFactory.Step> steps = new ArrayList<>();
            long time = 0;
            for (int b = 0; b < batches; b++) {
                Object[][] batch = new Object[100][];
                for (int i = 0; i < batch.length; i++) {
                    time += random.nextInt(20);
                    String k = key.get();
                    batch[i] = row(k, value.get(), t("00:00:00") + time);
                }
                steps.add(rows(batch));
            }
            splits.add(steps);
        }
        TestSourceFactory.register(name, splits);
    }

    /** Many keys over many small batches and two subtasks, windowed and unwindowed. */
    @Test
    public void manyKeysAtParallelismTwo() throws Exception {
        Random random = new Random(42);
        registerRandom(
                "rocks-many", 40, random, () -> random.nextInt(10) == 0 ? null : "k" + random.nextInt(3000), () ->
                        (long) random.nextInt(1000));
        sameRows(perKey("rocks-many", WindowSpec.tumble(2, 5_000), 500, true), 2, 64);
        sameRows(perKey("rocks-many", WindowSpec.hop(2, 10_000, 2_500), 500, true), 2, 64);
        GroupAggregate groups = new GroupAggregate(
                Plans.scan("rocks-many", WindowAggregateTest.BIDS, true),
                List.of(0),
                List.of(countStar("n"), agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                row(col("k", STRING), col("n", BIGINT), col("top", BIGINT)));
        List<List<List<Object>>> out = both(new QueryPlan("SELECT k, COUNT(*), MAX(v) … GROUP BY k", groups), 2, 64);
        assertEquals(ParallelismTest.materialize(out.get(0)), ParallelismTest.materialize(out.get(1)));
    }

    /**
     * With incremental checkpoints on, a checkpoint is in RocksDB's native format and a savepoint of the same running
     * job is canonical (Arrow files a heap job can read).
     */
    @Test
    public void savepointsStayCanonicalWithIncrementalCheckpoints() throws Exception {
        // datagen: a checkpointing source, paced so that the job is still running when the checkpoints are taken
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("rows-per-second", "2000");
        options.put("fields.k.kind", "sequence");
        options.put("fields.k.start", "0");
        options.put("fields.k.end", "1000000");
        io.sabot.plan.RowType type = row(col("k", BIGINT));
        GroupAggregate groups = new GroupAggregate(
                new TableScan(new io.sabot.plan.TableRef("gen.keys", "datagen", options, type, List.of())),
                List.of(0),
                List.of(countStar("n")),
                row(col("k", BIGINT), col("n", BIGINT)));
        QueryPlan plan = new QueryPlan("SELECT k, COUNT(*) FROM keys GROUP BY k", groups);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("rocks-savepoint");
        try (EngineHarness harness = new EngineHarness()
                .with(new io.sabot.connector.datagen.internal.DatagenSourceFactory())
                .stateBackend(new RocksDbStateBackendFactory(), java.util.Map.of("incremental", "true"))) {
            Job job = harness.engine()
                    .submit(
                            plan,
                            harness.options()
                                    .withCheckpoints(
                                            CheckpointConfig.every(java.time.Duration.ofHours(1), checkpoints)));
            Thread reader = new Thread(() -> {
                try {
                    EngineHarness.collect(job, plan);
                } catch (RuntimeException cancelled) {
                    // the job is cancelled at the end
                }
            });
            reader.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (job.metrics().rowsOut() < 200) {
                assertTrue("the job emitted its groups within 10 s", System.nanoTime() < deadline);
                Thread.sleep(10);
            }
            String checkpoint = manifest(
                    job.triggerCheckpoint(false).get(10, TimeUnit.SECONDS).path());
            String savepoint = manifest(
                    job.triggerCheckpoint(true).get(10, TimeUnit.SECONDS).path());
            job.cancel();
            job.awaitTermination(10, TimeUnit.SECONDS);
            reader.join();
            assertTrue(checkpoint, checkpoint.contains("\"NATIVE\"") && checkpoint.contains("\"shared/"));
            assertFalse(savepoint, savepoint.contains("\"NATIVE\""));
            assertTrue(savepoint, savepoint.contains("\"state/groups/kg-00000-00127.arrow\""));
            assertTrue(savepoint, savepoint.contains("\"rocksdb\""));
        } finally {
            try (var files = java.nio.file.Files.walk(checkpoints)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The one operator manifest of a checkpoint directory. */
    private static String manifest(java.nio.file.Path checkpoint) throws Exception {
        try (var files = java.nio.file.Files.walk(checkpoint)) {
            List<java.nio.file.Path> manifests = files.filter(
                            p -> p.getFileName().toString().equals("manifest.json"))
                    .toList();
            assertEquals(manifests.toString(), 1, manifests.size());
            return java.nio.file.Files.readString(manifests.get(0));
        }
    }

    /**
     * DISTINCT aggregates keep their value sets in the backend (a MAP state per aggregate): many keys and values over
     * many small batches at parallelism 2, windowed (TUMBLE, HOP) and unwindowed, COUNT and SUM DISTINCT, a FILTER, NULL
     * values; the job has no heap-state notice.
     */
    @Test
    public void distinctAggregatesOnManyKeysAtParallelismTwo() throws Exception {
        Random random = new Random(7);
        registerRandom(
                "rocks-distinct-many",
                30,
                random,
                () -> "k" + random.nextInt(300),
                () -> random.nextInt(15) == 0 ? null : (long) random.nextInt(40));
        // v > 20 as a FILTER column: SELECT k, COUNT(DISTINCT v), SUM(DISTINCT v), COUNT(DISTINCT v) FILTER (…)
        io.sabot.plan.RowType withFlag =
                row(col("k", STRING), col("v", BIGINT), col("ts", Plans.ROWTIME), col("big", Plans.BOOL));
        io.sabot.plan.PlanNode scan =
                Plans.watermark(Plans.scan("rocks-distinct-many", WindowAggregateTest.BIDS, true), 2, 300);
        io.sabot.plan.PlanNode flagged = new io.sabot.plan.Calc(
                scan,
                List.of(
                        Plans.ref(0, STRING),
                        Plans.ref(1, BIGINT),
                        Plans.ref(2, Plans.ROWTIME),
                        Plans.call(
                                io.sabot.plan.Operator.GREATER_THAN,
                                Plans.BOOL,
                                Plans.ref(1, BIGINT),
                                Plans.lit(20L, BIGINT))),
                null,
                withFlag);
        List<io.sabot.plan.AggregateCall> aggs = List.of(
                countStar("n"),
                countDistinct(1, "d"),
                new io.sabot.plan.AggregateCall(AggregateFunction.SUM, List.of(1), true, -1, BIGINT, "s"),
                new io.sabot.plan.AggregateCall(
                        AggregateFunction.COUNT, List.of(1), true, 3, BIGINT.withNullable(false), "big"));
        io.sabot.plan.RowType groupedOut =
                row(col("k", STRING), col("n", BIGINT), col("d", BIGINT), col("s", BIGINT), col("big", BIGINT));
        GroupAggregate grouped = new GroupAggregate(flagged, List.of(0), aggs, groupedOut);
        List<List<List<Object>>> out = both(new QueryPlan("SELECT k, … DISTINCT … GROUP BY k", grouped), 2, 64);
        assertEquals(ParallelismTest.materialize(out.get(0)), ParallelismTest.materialize(out.get(1)));
        io.sabot.plan.RowType windowedOut = row(
                col("k", STRING),
                col("n", BIGINT),
                col("d", BIGINT),
                col("s", BIGINT),
                col("big", BIGINT),
                col("window_start", Plans.TS));
        for (WindowSpec window : List.of(WindowSpec.tumble(2, 2_000), WindowSpec.hop(2, 4_000, 1_000))) {
            io.sabot.plan.WindowAggregate windowed = new io.sabot.plan.WindowAggregate(
                    flagged, List.of(0), window, aggs, List.of(io.sabot.plan.WindowProperty.WINDOW_START), windowedOut);
            sameRows(new QueryPlan("SELECT k, … DISTINCT … GROUP BY k, window", windowed), 2, 64);
        }
        try (EngineHarness harness = new EngineHarness().stateBackend(new RocksDbStateBackendFactory())) {
            QueryPlan plan = new QueryPlan("…", grouped);
            Job job = harness.engine().submit(plan, harness.options());
            EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(List.of(), job.notices());
        }
    }

    /**
     * COUNT(DISTINCT …) over a changelog: retractions remove a value's last occurrence (its entry leaves the backend)
     * and empty whole groups; the changelogs are identical row for row.
     */
    @Test
    public void distinctOverRetractions() throws Exception {
        TestSourceFactory.register(
                "rocks-distinct-retract",
                List.of(List.of(
                        rows(row("a", 1L), row("b", 2L), row("a", 1L), row("c", 1L)),
                        rows(row("a", 5L), row("c", 2L)),
                        rows(row("b", 6L), row("c", 3L)),
                        rows(row("c", 1L), row("b", 1L), row("d", 3L)))));
        TableScan scan = Plans.scan("rocks-distinct-retract", GroupAggregateTest.KV, true);
        // per key: COUNT(*) and MAX(v) change as rows arrive, retracting their previous values downstream
        GroupAggregate perKey = new GroupAggregate(
                scan,
                List.of(0),
                List.of(countStar("c"), agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                row(col("k", STRING), col("c", BIGINT), col("top", BIGINT)));
        GroupAggregate perCount = new GroupAggregate(
                perKey,
                List.of(1),
                List.of(countStar("keys"), countDistinct(2, "tops"), countDistinct(0, "names")),
                row(col("c", BIGINT), col("keys", BIGINT), col("tops", BIGINT), col("names", BIGINT)));
        List<List<List<Object>>> out = both(new QueryPlan("SELECT c, COUNT(DISTINCT top) …", perCount), 1, 1024);
        assertEquals(out.get(0), out.get(1));
        assertTrue(out.get(0).toString(), out.get(0).stream().anyMatch(r -> r.get(0)
                .equals("-D")));
    }

    /** Late updates of a retained window with a DISTINCT aggregate: the value sets of fired windows stay updatable. */
    @Test
    public void distinctLateUpdatesOfRetainedWindows() throws Exception {
        LateDataTest.registerOneSplit("rocks-distinct-late");
        QueryPlan tumble = LateDataTest.tumble("rocks-distinct-late", LatePolicy.update(10_000));
        io.sabot.plan.WindowAggregate w = (io.sabot.plan.WindowAggregate) tumble.root();
        List<io.sabot.plan.AggregateCall> aggs = new ArrayList<>(w.aggregates());
        aggs.add(countDistinct(1, "values"));
        List<io.sabot.plan.Column> columns = new ArrayList<>(w.rowType().columns());
        columns.add(w.groupKeys().size() + w.aggregates().size(), col("values", BIGINT));
        io.sabot.plan.WindowAggregate distinct = new io.sabot.plan.WindowAggregate(
                        w.input(), w.groupKeys(), w.window(), aggs, w.properties(), new io.sabot.plan.RowType(columns))
                .withLatePolicy(w.latePolicy());
        List<List<List<Object>>> out = both(new QueryPlan("…", distinct), 1, 1024);
        assertEquals(sorted(out.get(0)), sorted(out.get(1)));
        assertEquals(ParallelismTest.materialize(out.get(0)), ParallelismTest.materialize(out.get(1)));
    }

    /**
     * SESSION windows keep their sessions' accumulators and DISTINCT values in the backend (the session index stays on
     * the heap): many keys whose sessions extend and merge across small batches at parallelism 2, COUNT(DISTINCT …),
     * with late rows dropped, and with late updates of fired sessions; the job has no heap-state notice.
     */
    @Test
    public void sessionsOnManyKeysAtParallelismTwo() throws Exception {
        Random random = new Random(11);
        registerRandom(
                "rocks-sessions",
                30,
                random,
                () -> "k" + random.nextInt(20),
                () -> random.nextInt(12) == 0 ? null : (long) random.nextInt(10));
        io.sabot.plan.PlanNode wm =
                Plans.watermark(Plans.scan("rocks-sessions", WindowAggregateTest.BIDS, true), 2, 300);
        io.sabot.plan.WindowAggregate sessions = new io.sabot.plan.WindowAggregate(
                wm,
                List.of(0),
                WindowSpec.session(2, 250),
                List.of(countStar("n"), countDistinct(1, "d"), agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                List.of(io.sabot.plan.WindowProperty.WINDOW_START, io.sabot.plan.WindowProperty.WINDOW_END),
                row(
                        col("k", STRING),
                        col("n", BIGINT),
                        col("d", BIGINT),
                        col("top", BIGINT),
                        col("window_start", Plans.TS),
                        col("window_end", Plans.TS)));
        QueryPlan plan = new QueryPlan("SELECT k, COUNT(*), COUNT(DISTINCT v), MAX(v) … SESSION(ts, 250 ms)", sessions);
        sameRows(plan, 2, 64);
        QueryPlan updating = new QueryPlan("…", sessions.withLatePolicy(LatePolicy.update(2_000)));
        List<List<List<Object>>> out = both(updating, 2, 64);
        assertEquals(ParallelismTest.materialize(out.get(0)), ParallelismTest.materialize(out.get(1)));
        try (EngineHarness harness = new EngineHarness().stateBackend(new RocksDbStateBackendFactory())) {
            Job job = harness.engine().submit(plan, harness.options());
            EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(List.of(), job.notices());
        }
    }
}
