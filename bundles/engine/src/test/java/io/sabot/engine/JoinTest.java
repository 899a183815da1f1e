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
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.Operator;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * Regular joins with Flink's changelog. The customers arrive 400 ms after the first orders and the last order 1 s
 * after the start, so the order of events (and so the changelog) is fixed.
 */
public class JoinTest {

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
        try (EngineHarness harness = new EngineHarness().parallelism(2)) {
            assertEquals(List.of(r(1L, "c1", "c1", "Ann"), r(3L, "c1", "c1", "Ann")), harness.run(plan));
        }
    }

    @Test
    public void innerJoinAppliesTheExtraCondition() throws Exception {
        Expr idAboveOne = call(Operator.GREATER_THAN, BOOL, ref(0, BIGINT), lit(1L));
        try (EngineHarness harness = new EngineHarness()) {
            assertEquals(List.of(r(3L, "c1", "c1", "Ann")), harness.run(join(JoinKind.INNER, idAboveOne)));
        }
    }

    @Test
    public void leftJoinEmitsNullPaddedRowsAndRetractsThemWhenAMatchArrives() throws Exception {
        try (EngineHarness harness = new EngineHarness()) {
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
        try (EngineHarness harness = new EngineHarness()) {
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
}
