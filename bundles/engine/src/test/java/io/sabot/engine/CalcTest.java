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
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;

import io.sabot.plan.Calc;
import io.sabot.plan.Operator;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableScan;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Filters and projections end to end: source task, chained Calc, collected results. */
public class CalcTest {

    static final RowType ORDERS = row(col("id", BIGINT), col("name", STRING), col("amount", BIGINT));

    @Test
    public void filterKeepsRowsWhereTheConditionIsTrueAndProjects() throws Exception {
        TestSourceFactory.register(
                "calc-orders",
                List.of(List.of(
                        rows(row(1L, "a", 10L), row(2L, "b", null), row(3L, null, 30L)), rows(row(4L, "d", 40L)))));
        TableScan scan = Plans.scan("calc-orders", ORDERS, true);
        // SELECT id, UPPER(name), amount * 2 FROM orders WHERE amount > 15 OR name = 'a'
        Calc calc = new Calc(
                scan,
                List.of(
                        ref(0, BIGINT),
                        call(Operator.UPPER, STRING, ref(1, STRING)),
                        call(Operator.MULTIPLY, BIGINT, ref(2, BIGINT), lit(2L))),
                call(
                        Operator.OR,
                        BOOL,
                        call(Operator.GREATER_THAN, BOOL, ref(2, BIGINT), lit(15L)),
                        call(Operator.EQUALS, BOOL, ref(1, STRING), lit("a"))),
                row(col("id", BIGINT), col("name", STRING), col("double", BIGINT)));
        try (EngineHarness harness = new EngineHarness()) {
            List<List<Object>> rows = harness.run(new QueryPlan("SELECT …", calc));
            assertEquals(
                    List.of(Arrays.asList(1L, "A", 20L), Arrays.asList(3L, null, 60L), Arrays.asList(4L, "D", 80L)),
                    rows);
        }
    }

    @Test
    public void projectionOfColumnsPassesBuffersThrough() throws Exception {
        TestSourceFactory.register("calc-pass", List.of(List.of(rows(row(1L, "x", 5L), row(2L, "y", 6L)))));
        TableScan scan = Plans.scan("calc-pass", ORDERS, true);
        Calc calc = new Calc(
                scan,
                List.of(ref(2, BIGINT), ref(0, BIGINT), ref(2, BIGINT)),
                null,
                row(col("a", BIGINT), col("b", BIGINT), col("c", BIGINT)));
        try (EngineHarness harness = new EngineHarness()) {
            assertEquals(
                    List.of(Arrays.asList(5L, 1L, 5L), Arrays.asList(6L, 2L, 6L)),
                    harness.run(new QueryPlan("SELECT …", calc)));
        }
    }

    @Test
    public void valuesFeedTheGraphLikeABoundedSource() throws Exception {
        io.sabot.plan.Values values = new io.sabot.plan.Values(
                List.of(List.of(lit(1L), lit("x"), lit(null, BIGINT)), List.of(lit(2L), lit(null, STRING), lit(7L))),
                ORDERS);
        Calc calc = new Calc(
                values,
                List.of(call(Operator.COALESCE, BIGINT, ref(2, BIGINT), ref(0, BIGINT))),
                null,
                row(col("v", BIGINT)));
        try (EngineHarness harness = new EngineHarness().parallelism(2)) {
            assertEquals(List.of(List.of(1L), List.of(7L)), harness.run(new QueryPlan("VALUES …", calc)));
        }
    }
}
