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
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.sabot.plan.AggregateFunction;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/** The key-group exchange makes results independent of the parallelism. */
public class ParallelismTest {

    static final RowType EVENTS = row(col("k", STRING), col("v", BIGINT), col("ts", ROWTIME));

    /** Four splits of out-of-order events (up to 3 s behind), 40 keys, some NULL keys and values. */
    static String dataset(String name) {
        Random random = new Random(42);
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            List<TestSourceFactory.Step> steps = new ArrayList<>();
            long time = Plans.ts("2024-01-01 00:00:00");
            for (int b = 0; b < 20; b++) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    time += random.nextInt(200);
                    String key = random.nextInt(30) == 0 ? null : "k" + random.nextInt(40);
                    Long value = random.nextInt(25) == 0 ? null : (long) random.nextInt(1000);
                    rows.add(new Object[] {key, value, time - random.nextInt(3000)});
                }
                steps.add(new TestSourceFactory.Rows(rows));
            }
            splits.add(steps);
        }
        return TestSourceFactory.register(name, splits);
    }

    static Map<List<Object>, Integer> multiset(List<List<Object>> rows) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : rows) {
            counts.merge(row, 1, Integer::sum);
        }
        return counts;
    }

    /** Applies a changelog (row kind first) to a table of rows: the final materialised result. */
    static Map<List<Object>, Integer> materialize(List<List<Object>> changelog) {
        Map<List<Object>, Integer> table = new HashMap<>();
        for (List<Object> row : changelog) {
            List<Object> values = row.subList(1, row.size());
            int delta = row.get(0).equals("+I") || row.get(0).equals("+U") ? 1 : -1;
            table.merge(new ArrayList<>(values), delta, Integer::sum);
            table.values().removeIf(c -> c == 0);
        }
        return table;
    }

    QueryPlan tumble(String data) {
        PlanNode wm = Plans.watermark(Plans.scan(data, EVENTS, true), 2, 3000);
        return new QueryPlan(
                "tumble",
                new WindowAggregate(
                        wm,
                        List.of(0),
                        WindowSpec.tumble(2, 2_000),
                        List.of(
                                countStar("n"),
                                agg(AggregateFunction.SUM, 1, BIGINT, "total"),
                                agg(AggregateFunction.MIN, 1, BIGINT, "low"),
                                countDistinct(1, "values")),
                        List.of(WindowProperty.WINDOW_START),
                        row(
                                col("k", STRING),
                                col("n", BIGINT),
                                col("total", BIGINT),
                                col("low", BIGINT),
                                col("values", BIGINT),
                                col("window_start", TS))));
    }

    List<List<Object>> run(QueryPlan plan, int parallelism) throws Exception {
        try (EngineHarness harness =
                new EngineHarness().parallelism(parallelism).batchSize(37)) {
            return harness.run(plan);
        }
    }

    @Test
    public void tumbleGivesTheSameRowsAtParallelismOneAndTwo() throws Exception {
        String data = dataset("parallel-tumble");
        List<List<Object>> one = run(tumble(data), 1);
        List<List<Object>> two = run(tumble(data), 2);
        assertFalse(one.isEmpty());
        assertEquals(multiset(one), multiset(two));
        assertEquals(multiset(one), multiset(run(tumble(data), 3)));
    }

    @Test
    public void groupAggregateMaterialisesToTheSameTableAtParallelismOneAndTwo() throws Exception {
        String data = dataset("parallel-group");
        GroupAggregate agg = new GroupAggregate(
                Plans.scan(data, EVENTS, true),
                List.of(0),
                List.of(countStar("n"), agg(AggregateFunction.MAX, 1, BIGINT, "top")),
                row(col("k", STRING), col("n", BIGINT), col("top", BIGINT)));
        QueryPlan plan = new QueryPlan("group", agg);
        Map<List<Object>, Integer> one = materialize(run(plan, 1));
        assertEquals(41, one.size());
        assertEquals(one, materialize(run(plan, 2)));
    }
}
