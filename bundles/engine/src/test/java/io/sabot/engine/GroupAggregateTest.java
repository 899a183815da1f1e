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
import static org.junit.Assert.assertEquals;

import io.sabot.plan.AggregateFunction;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableScan;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** Unwindowed aggregation and its changelog, batch by batch. */
@RunWith(Parameterized.class)
public class GroupAggregateTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> backends() {
        return EngineHarness.backends();
    }

    /** Where the jobs keep their keyed state: {@code memory} or {@code rocksdb}. */
    @Parameterized.Parameter
    public String backend;

    static final RowType KV = row(col("k", STRING), col("v", BIGINT));

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    public void firstResultIsAnInsertThenUpdatesAsBeforeAndAfterPairs() throws Exception {
        TestSourceFactory.register(
                "group-kv",
                List.of(List.of(
                        rows(row("a", 1L), row("b", 2L), row("a", 3L)),
                        rows(row("a", 5L)),
                        rows(row("b", null)),
                        rows(row("b", 7L), row("b", -7L)))));
        TableScan scan = Plans.scan("group-kv", KV, true);
        GroupAggregate counts = new GroupAggregate(
                scan,
                List.of(0),
                List.of(countStar("n"), agg(AggregateFunction.SUM, 1, BIGINT, "total"), countDistinct(1, "distinct")),
                row(col("k", STRING), col("n", BIGINT), col("total", BIGINT), col("distinct", BIGINT)));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            assertEquals(
                    List.of(
                            r("+I", "a", 2L, 4L, 2L),
                            r("+I", "b", 1L, 2L, 1L),
                            r("-U", "a", 2L, 4L, 2L),
                            r("+U", "a", 3L, 9L, 3L),
                            r("-U", "b", 1L, 2L, 1L),
                            r("+U", "b", 2L, 2L, 1L),
                            r("-U", "b", 2L, 2L, 1L),
                            r("+U", "b", 4L, 2L, 3L)),
                    harness.run(new QueryPlan("SELECT k, COUNT(*), SUM(v) FROM kv GROUP BY k", counts)));
        }
    }

    @Test
    public void retractionsThatEmptyAGroupDeleteIt() throws Exception {
        TestSourceFactory.register(
                "group-nested",
                List.of(List.of(
                        rows(row("a", 1L), row("b", 2L), row("a", 3L)), rows(row("a", 5L)), rows(row("b", 6L)))));
        TableScan scan = Plans.scan("group-nested", KV, true);
        GroupAggregate perKey =
                new GroupAggregate(scan, List.of(0), List.of(countStar("c")), row(col("k", STRING), col("c", BIGINT)));
        // SELECT c, COUNT(*) FROM (SELECT k, COUNT(*) c … GROUP BY k) GROUP BY c
        GroupAggregate perCount = new GroupAggregate(
                perKey, List.of(1), List.of(countStar("keys")), row(col("c", BIGINT), col("keys", BIGINT)));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            assertEquals(
                    List.of(
                            r("+I", 2L, 1L),
                            r("+I", 1L, 1L),
                            r("-D", 2L, 1L),
                            r("+I", 3L, 1L),
                            r("-D", 1L, 1L),
                            r("+I", 2L, 1L)),
                    harness.run(new QueryPlan("SELECT …", perCount)));
        }
    }

    /**
     * A DOUBLE key: -0.0 and 0.0 are one group (as in Flink), also when they arrive in different batches and the
     * state is in a backend that compares stored keys by their bytes.
     */
    @Test
    public void negativeAndPositiveZeroKeysAreOneGroup() throws Exception {
        RowType dv = row(col("d", Plans.DOUBLE), col("v", BIGINT));
        TestSourceFactory.register(
                "group-zero", List.of(List.of(rows(row(-0.0d, 1L)), rows(row(0.0d, 2L)), rows(row(-0.0d, 4L)))));
        TableScan scan = Plans.scan("group-zero", dv, true);
        GroupAggregate sums = new GroupAggregate(
                scan,
                List.of(0),
                List.of(agg(AggregateFunction.SUM, 1, BIGINT, "total")),
                row(col("d", Plans.DOUBLE), col("total", BIGINT)));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            List<List<Object>> out = harness.run(new QueryPlan("SELECT d, SUM(v) FROM t GROUP BY d", sums));
            assertEquals(out.toString(), 5, out.size()); // +I, then -U/+U twice: one group
            assertEquals(7L, out.get(4).get(2));
        }
    }
}
