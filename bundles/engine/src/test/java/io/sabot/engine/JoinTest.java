package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.BOOL;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.pause;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.Expr;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.Operator;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Regular joins with Flink's changelog, with both sides' rows on the heap and in the rocksdb backend. The customers
 * arrive 400 ms after the first orders and the last order 1 s after the start, so the order of events (and so the
 * changelog) is fixed.
 */
@RunWith(Parameterized.class)
public class JoinTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> backends() {
        return EngineHarness.backends();
    }

    private final String backend;

    public JoinTest(String backend) {
        this.backend = backend;
    }

    /** A harness keeping the join's rows in this run's backend. */
    private EngineHarness harness() {
        return EngineHarness.on(backend);
    }

    static final RowType ORDERS = row(col("id", BIGINT), col("customer", STRING));
    static final RowType CUSTOMERS = row(col("cid", STRING), col("name", STRING));
    static final RowType JOINED =
            row(col("id", BIGINT), col("customer", STRING), col("cid", STRING), col("name", STRING));

    static {
        TestSourceFactory.register(
                "join-orders",
                List.of(List.of(rows(row(1L, "c1"), row(2L, "c9"), row(4L, null)), pause(1000), rows(row(3L, "c1")))));
        TestSourceFactory.register(
                "join-customers",
                List.of(List.of(pause(400), rows(row("c1", "Ann"), row("c2", "Bob"), row(null, "Nobody")))));
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    static QueryPlan join(JoinKind kind, Expr condition) {
        Join join = new Join(
                Plans.scan("join-orders", ORDERS, true),
                Plans.scan("join-customers", CUSTOMERS, true),
                kind,
                List.of(1),
                List.of(0),
                condition,
                JOINED);
        return new QueryPlan("SELECT … JOIN …", join);
    }

    @Test
    public void innerJoinOfInsertOnlyInputsIsInsertOnly() throws Exception {
        QueryPlan plan = join(JoinKind.INNER, null);
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        try (EngineHarness harness = harness().parallelism(2)) {
            assertEquals(List.of(r(1L, "c1", "c1", "Ann"), r(3L, "c1", "c1", "Ann")), harness.run(plan));
        }
    }

    @Test
    public void innerJoinAppliesTheExtraCondition() throws Exception {
        Expr idAboveOne = call(Operator.GREATER_THAN, BOOL, ref(0, BIGINT), lit(1L));
        try (EngineHarness harness = harness()) {
            assertEquals(List.of(r(3L, "c1", "c1", "Ann")), harness.run(join(JoinKind.INNER, idAboveOne)));
        }
    }

    @Test
    public void leftJoinEmitsNullPaddedRowsAndRetractsThemWhenAMatchArrives() throws Exception {
        try (EngineHarness harness = harness()) {
            assertEquals(
                    List.of(
                            r("+I", 1L, "c1", null, null),
                            r("+I", 2L, "c9", null, null),
                            r("+I", 4L, null, null, null),
                            r("-D", 1L, "c1", null, null),
                            r("+I", 1L, "c1", "c1", "Ann"),
                            r("+I", 3L, "c1", "c1", "Ann")),
                    harness.run(join(JoinKind.LEFT, null)));
        }
    }

    @Test
    public void fullJoinPadsBothSides() throws Exception {
        try (EngineHarness harness = harness()) {
            List<List<Object>> rows = harness.run(join(JoinKind.FULL, null));
            assertEquals(
                    ParallelismTest.materialize(rows),
                    ParallelismTest.multiset(List.of(
                            r(1L, "c1", "c1", "Ann"),
                            r(3L, "c1", "c1", "Ann"),
                            r(2L, "c9", null, null),
                            r(4L, null, null, null),
                            r(null, null, "c2", "Bob"),
                            r(null, null, null, "Nobody"))));
        }
    }

    /**
     * Floating-point keys compare as values, as on the heap: -0.0 joins 0.0 (and the rows keep their own zeros), also
     * when the rows in state arrived first, over a checkpoint-free run at parallelism 2 (the exchange routes both
     * zeros to one subtask).
     */
    @Test
    public void negativeZeroKeysJoinZero() throws Exception {
        RowType left = row(col("x", Plans.DOUBLE), col("id", BIGINT));
        RowType right = row(col("y", Plans.DOUBLE), col("name", STRING));
        TestSourceFactory.register(
                "join-zero-left",
                List.of(List.of(rows(row(0.0, 1L), row(-0.0, 2L), row(1.5, 3L)), pause(400), rows(row(-0.0, 4L)))));
        TestSourceFactory.register(
                "join-zero-right", List.of(List.of(pause(200), rows(row(-0.0, "minus"), row(0.0, "plus")))));
        Join join = new Join(
                Plans.scan("join-zero-left", left, true),
                Plans.scan("join-zero-right", right, true),
                JoinKind.INNER,
                List.of(0),
                List.of(0),
                null,
                row(col("x", Plans.DOUBLE), col("id", BIGINT), col("y", Plans.DOUBLE), col("name", STRING)));
        List<List<Object>> expected = new ArrayList<>();
        for (Object[] l : new Object[][] {{0.0, 1L}, {-0.0, 2L}, {-0.0, 4L}}) {
            expected.add(r(l[0], l[1], -0.0, "minus"));
            expected.add(r(l[0], l[1], 0.0, "plus"));
        }
        try (EngineHarness harness = harness().parallelism(2)) {
            assertEquals(
                    ParallelismTest.multiset(expected),
                    ParallelismTest.multiset(harness.run(new QueryPlan("SELECT … JOIN … ON x = y", join))));
        }
    }

    /** On rocksdb the join's rows are in the backend: no notice says its state stays on the heap. */
    @Test
    public void noHeapStateNotice() throws Exception {
        QueryPlan plan = join(JoinKind.FULL, null);
        try (EngineHarness harness = harness()) {
            Job job = harness.engine().submit(plan, harness.options());
            EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(List.of(), job.notices());
        }
    }

    @Test
    public void rightJoinEmitsNullPaddedRowsAndRetractsThemWhenAMatchArrives() throws Exception {
        try (EngineHarness harness = harness()) {
            assertEquals(
                    List.of(
                            r("+I", 1L, "c1", "c1", "Ann"),
                            r("+I", null, null, "c2", "Bob"),
                            r("+I", null, null, null, "Nobody"),
                            r("+I", 3L, "c1", "c1", "Ann")),
                    harness.run(join(JoinKind.RIGHT, null)));
        }
    }

    /**
     * Both inputs are changelogs (counts per key and bucket, several rows per join key: every new row of a bucket
     * retracts its previous count), joined FULL with an extra condition that a count change can make or break: rows
     * are retracted, padded rows retracted and emitted again. Random keys (some NULL) over many batches, at
     * parallelism 1 and 2: the final table equals the FULL join of the final counts, computed here.
     */
    @Test
    public void fullJoinOfChangelogsWithAnExtraCondition() throws Exception {
        Random random = new Random(7);
        Map<List<Object>, Long> leftCounts = new HashMap<>();
        Map<List<Object>, Long> rightCounts = new HashMap<>();
        String left = TestSourceFactory.register("join-changelog-left", List.of(steps(random, 30, leftCounts)));
        String right = TestSourceFactory.register("join-changelog-right", List.of(steps(random, 20, rightCounts)));
        RowType counts = row(col("k", STRING), col("b", BIGINT), col("n", BIGINT));
        GroupAggregate[] sides = new GroupAggregate[2];
        String[] datasets = {left, right};
        for (int s = 0; s < 2; s++) {
            sides[s] = new GroupAggregate(
                    Plans.scan(datasets[s], GroupAggregateTest.KV, true),
                    List.of(0, 1),
                    List.of(Plans.countStar("n")),
                    counts);
        }
        // l.n > r.n - 2
        Expr condition = call(
                Operator.GREATER_THAN, BOOL, ref(2, BIGINT), call(Operator.MINUS, BIGINT, ref(5, BIGINT), lit(2L)));
        Join join = new Join(
                sides[0],
                sides[1],
                JoinKind.FULL,
                List.of(0),
                List.of(0),
                condition,
                row(
                        col("k", STRING),
                        col("b", BIGINT),
                        col("n", BIGINT),
                        col("k0", STRING),
                        col("b0", BIGINT),
                        col("n0", BIGINT)));
        QueryPlan plan = new QueryPlan("SELECT … FULL JOIN … ON l.k = r.k AND l.n > r.n - 2", join);
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        Map<List<Object>, Integer> expected = ParallelismTest.multiset(fullJoin(leftCounts, rightCounts));
        for (int parallelism : new int[] {1, 2}) {
            try (EngineHarness harness = harness().parallelism(parallelism).batchSize(64)) {
                List<List<Object>> rows = harness.run(plan);
                assertEquals("parallelism " + parallelism, expected, ParallelismTest.materialize(rows));
            }
        }
    }

    /**
     * {@code batches} batches of 1 to 40 rows (key k0…k19, one in ten NULL; bucket 0…2); counts the rows per key and
     * bucket.
     */
    private static List<TestSourceFactory.Step> steps(Random random, int batches, Map<List<Object>, Long> counts) {
        List<TestSourceFactory.Step> steps = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Object[][] batch = new Object[1 + random.nextInt(40)][];
            for (int i = 0; i < batch.length; i++) {
                String key = random.nextInt(10) == 0 ? null : "k" + random.nextInt(20);
                long bucket = random.nextInt(3);
                batch[i] = row(key, bucket);
                counts.merge(Arrays.asList(key, bucket), 1L, Long::sum);
            }
            steps.add(rows(batch));
        }
        return steps;
    }

    /** The FULL join of two final count tables on key, with l.n > r.n - 2; NULL keys never match. */
    private static List<List<Object>> fullJoin(Map<List<Object>, Long> left, Map<List<Object>, Long> right) {
        List<List<Object>> out = new ArrayList<>();
        Map<List<Object>, Boolean> rightMatched = new HashMap<>();
        for (var l : left.entrySet()) {
            Object k = l.getKey().get(0);
            boolean matched = false;
            for (var r : right.entrySet()) {
                if (k != null && k.equals(r.getKey().get(0)) && l.getValue() > r.getValue() - 2) {
                    out.add(r(k, l.getKey().get(1), l.getValue(), k, r.getKey().get(1), r.getValue()));
                    rightMatched.put(r.getKey(), true);
                    matched = true;
                }
            }
            if (!matched) {
                out.add(r(k, l.getKey().get(1), l.getValue(), null, null, null));
            }
        }
        for (var r : right.entrySet()) {
            if (!Objects.equals(rightMatched.get(r.getKey()), true)) {
                out.add(r(null, null, null, r.getKey().get(0), r.getKey().get(1), r.getValue()));
            }
        }
        return out;
    }
}
