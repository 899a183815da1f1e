package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.BOOL;
import static io.sabot.engine.Plans.INT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.ErrorType;
import io.sabot.plan.Calc;
import io.sabot.plan.Expr;
import io.sabot.plan.Operator;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Rows an expression fails on (a CAST of a malformed string, a division by zero) in a Calc: by default the job fails
 * naming table, operator, expression and row; with {@code skip} or {@code dead-letter} (the table's or the job's
 * handlers, test plug-ins on the real SPI) exactly the failing rows are set aside, counted or kept with their values,
 * and every other row comes out as it would have. At parallelism 1 and 2, over batches mixing good and bad rows.
 */
public class ExpressionErrorsTest {

    static final RowType ORDERS = row(col("id", BIGINT), col("qty", STRING));

    /** 3 splits of 5 batches of 40 rows; one row in 7 has a quantity that is not a number. */
    private static final List<List<TestSourceFactory.Step>> DATA = data();

    private static List<List<TestSourceFactory.Step>> data() {
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        long id = 0;
        for (int split = 0; split < 3; split++) {
            List<TestSourceFactory.Step> steps = new ArrayList<>();
            for (int batch = 0; batch < 5; batch++) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 40; i++, id++) {
                    rows.add(row(id, qty(id)));
                }
                steps.add(rows(rows.toArray(Object[][]::new)));
            }
            splits.add(steps);
        }
        return splits;
    }

    /** The quantity of order {@code id}: a number, NULL, or (one in 7) text that no CAST makes a number of. */
    static String qty(long id) {
        if (id % 7 == 3) {
            return List.of("abc", "12x", "", " - ").get((int) (id / 7 % 4));
        }
        return id % 11 == 5 ? null : Long.toString(id % 50);
    }

    static boolean bad(long id) {
        return id % 7 == 3;
    }

    private static TableScan scan(String dataset, Map<String, String> errorOptions) {
        TestSourceFactory.register(dataset, DATA);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("dataset", dataset);
        options.put("bounded", "true");
        options.putAll(errorOptions);
        return new TableScan(new TableRef("test." + dataset, "test-rows", options, ORDERS, List.of()));
    }

    private static final Expr QTY = call(Operator.CAST, INT, ref(1, STRING));

    /** {@code SELECT id, CAST(qty AS INT) * 2 FROM orders WHERE id % 10 <> 9}: rows ending in 9 never fail. */
    private static Calc calc(TableScan scan) {
        return new Calc(
                scan,
                List.of(ref(0, BIGINT), call(Operator.MULTIPLY, INT, QTY, lit(2L, INT))),
                call(Operator.NOT_EQUALS, BOOL, call(Operator.MOD, BIGINT, ref(0, BIGINT), lit(10L)), lit(9L)),
                row(col("id", BIGINT), col("q2", INT)));
    }

    /** What {@link #calc} gives for the rows that do not fail, sorted by id. */
    private static List<List<Object>> reference() {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 0; id < 600; id++) {
            if (id % 10 != 9 && !bad(id)) {
                String q = qty(id);
                rows.add(Arrays.asList(id, q == null ? null : (long) (Integer.parseInt(q) * 2)));
            }
        }
        return rows;
    }

    /** The ids of the rows {@link #calc} fails on (bad quantity, not filtered out). */
    private static List<Long> failing() {
        List<Long> ids = new ArrayList<>();
        for (long id = 0; id < 600; id++) {
            if (id % 10 != 9 && bad(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingLong(r -> (Long) r.get(0)));
        return out;
    }

    private static EngineHarness harness(int parallelism) {
        EngineHarness harness = new EngineHarness().parallelism(parallelism).batchSize(64);
        TestErrorHandlerFactory.all().forEach(harness::with);
        return harness;
    }

    @Test
    public void withoutHandlersTheJobFailsNamingTableOperatorExpressionAndRow() throws Exception {
        Calc calc = calc(scan("ee-fail", Map.of()));
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine().submit(new QueryPlan("SELECT …", calc));
            JobFailedException e = assertThrows(JobFailedException.class, () -> EngineHarness.collect(job, plan(calc)));
            assertEquals(JobStatus.FAILED, job.awaitTermination(10, TimeUnit.SECONDS));
            String message = e.getMessage();
            // the first failing row of the first batch: id 3, 'abc'
            assertTrue(message, message.contains("table 'test.ee-fail', operator s0-0-calc, subtask 0"));
            assertTrue(
                    message, message.contains("expression CAST(qty AS INTEGER) * 2 failed on row {id=3, qty='abc'}"));
            assertTrue(message, message.contains("cannot cast 'abc' of type STRING to INTEGER in CAST($1)"));
            assertEquals(0, job.metrics().recordsSkipped());
        }
    }

    private static QueryPlan plan(Calc calc) {
        return new QueryPlan("SELECT …", calc);
    }

    @Test
    public void skipDropsExactlyTheFailingRowsAndCountsThemAtParallelismOneAndTwo() throws Exception {
        for (int p = 1; p <= 2; p++) {
            Calc calc = calc(scan("ee-skip-" + p, Map.of("error.handler", "skip")));
            try (EngineHarness harness = harness(p)) {
                Job job = harness.engine().submit(plan(calc));
                List<List<Object>> rows = EngineHarness.collect(job, plan(calc));
                assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
                assertEquals("parallelism " + p, reference(), sorted(rows));
                assertEquals(failing().size(), job.metrics().recordsSkipped());
                assertEquals(0, job.metrics().recordsDeadLettered());
            }
        }
    }

    @Test
    public void deadLetterSendsExactlyTheFailingRowsWithTheirValuesAndTheExpression() throws Exception {
        for (int p = 1; p <= 2; p++) {
            Calc calc = calc(scan(
                    "ee-dl-" + p, Map.of("error.handler", "dead-letter", "error.dead-letter.connector", "memory")));
            TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
            try (EngineHarness harness = harness(p).with(target)) {
                Job job = harness.engine().submit(plan(calc));
                List<List<Object>> rows = EngineHarness.collect(job, plan(calc));
                assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
                assertEquals(reference(), sorted(rows));
                assertEquals(failing().size(), job.metrics().recordsDeadLettered());
                assertEquals(0, job.metrics().recordsSkipped());
                List<DeadLetterRecord> letters = new ArrayList<>(target.durable());
                letters.sort(Comparator.comparingLong(
                        r -> (Long) r.record().row().orElseThrow().get("id")));
                List<Map<String, Object>> expected = new ArrayList<>();
                for (long id : failing()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("id", id);
                    values.put("qty", qty(id));
                    expected.add(values);
                }
                assertEquals(
                        expected,
                        letters.stream()
                                .map(r -> r.record().row().orElseThrow())
                                .toList());
                for (DeadLetterRecord letter : letters) {
                    assertEquals(ErrorType.OPERATOR, letter.errorType());
                    assertEquals("test.ee-dl-" + p, letter.record().table().orElseThrow());
                    assertEquals("test.ee-dl-" + p, letter.component().tableName());
                    assertEquals("s0-0-calc", letter.component().operatorId());
                    assertTrue(letter.component().subtaskIndex() < p);
                    String qty = (String) letter.record().row().orElseThrow().get("qty");
                    assertTrue(
                            letter.errorMessage(),
                            letter.errorMessage()
                                    .contains("expression CAST(qty AS INTEGER) * 2 failed on row {id="
                                            + letter.record()
                                                    .row()
                                                    .orElseThrow()
                                                    .get("id") + ", qty='" + qty
                                            + "'}: cannot cast '" + qty + "' of type STRING to INTEGER"));
                }
            }
        }
    }

    @Test
    public void rowsTheConditionFailsOnAreSkippedAndTheOthersFiltered() throws Exception {
        // SELECT id FROM orders WHERE CAST(qty AS INT) > 20
        TableScan scan = scan("ee-where", Map.of("error.handler", "skip"));
        Calc calc = new Calc(
                scan,
                List.of(ref(0, BIGINT)),
                call(Operator.GREATER_THAN, BOOL, QTY, lit(20L, INT)),
                row(col("id", BIGINT)));
        try (EngineHarness harness = harness(2)) {
            Job job = harness.engine().submit(plan(calc));
            List<List<Object>> rows = EngineHarness.collect(job, plan(calc));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            List<List<Object>> expected = new ArrayList<>();
            long bad = 0;
            for (long id = 0; id < 600; id++) {
                if (bad(id)) {
                    bad++;
                } else if (qty(id) != null && Integer.parseInt(qty(id)) > 20) {
                    expected.add(List.of(id));
                }
            }
            assertEquals(expected, sorted(rows));
            assertEquals(bad, job.metrics().recordsSkipped());
        }
    }

    @Test
    public void retryDoesNotRetryAnExpressionErrorAndFailsUnlessAnotherHandlerFollows() throws Exception {
        Calc retry = calc(scan("ee-retry", Map.of("error.handler", "retry")));
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine().submit(plan(retry));
            JobFailedException e =
                    assertThrows(JobFailedException.class, () -> EngineHarness.collect(job, plan(retry)));
            assertEquals(JobStatus.FAILED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(e.getMessage(), e.getMessage().contains("failed on row {id=3, qty='abc'}"));
            assertTrue(e.getMessage(), e.getMessage().contains("error handling decided FAIL"));
        }
        Calc retrySkip = calc(scan("ee-retry-skip", Map.of("error.handler", "retry, skip")));
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine().submit(plan(retrySkip));
            assertEquals(reference(), sorted(EngineHarness.collect(job, plan(retrySkip))));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(failing().size(), job.metrics().recordsSkipped());
        }
    }

    @Test
    public void rowsOfNoTableGoToTheJobsHandlers() throws Exception {
        // SELECT 100 / v FROM (VALUES …): a division by zero in rows that are no table's
        List<List<io.sabot.plan.Literal>> values = new ArrayList<>();
        for (long v = -3; v <= 3; v++) {
            values.add(List.of(lit(v), lit("x")));
        }
        Calc calc = new Calc(
                new io.sabot.plan.Values(values, ORDERS),
                List.of(call(Operator.DIVIDE, BIGINT, lit(100L), ref(0, BIGINT))),
                null,
                row(col("q", BIGINT)));
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine()
                    .submit(plan(calc), JobOptions.DEFAULT.withErrorOptions(Map.of("error.handler", "skip")));
            assertEquals(
                    List.of(List.of(-33L), List.of(-50L), List.of(-100L), List.of(100L), List.of(50L), List.of(33L)),
                    EngineHarness.collect(job, plan(calc)));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(1, job.metrics().recordsSkipped());
        }
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine().submit(plan(calc));
            JobFailedException e = assertThrows(JobFailedException.class, () -> EngineHarness.collect(job, plan(calc)));
            assertTrue(
                    e.getMessage(),
                    e.getMessage().contains("operator s0-0-calc, subtask 0: expression 100 / id failed on row {id=0,"));
            assertTrue(e.getMessage(), e.getMessage().contains("division by zero in DIVIDE(100, $0)"));
            assertEquals(JobStatus.FAILED, job.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    public void pairsAJoinConditionFailsOnGoToTheJobsHandlersAndDoNotMatch() throws Exception {
        // SELECT * FROM orders o JOIN tags t ON o.id = t.id AND CAST(o.qty AS INT) >= 0
        List<Object[]> tags = new ArrayList<>();
        for (long id = 0; id < 600; id++) {
            tags.add(row(id, "t" + id));
        }
        TestSourceFactory.register("ee-tags", List.of(List.of(rows(tags.toArray(Object[][]::new)))));
        io.sabot.plan.Join join = new io.sabot.plan.Join(
                scan("ee-join", Map.of()),
                Plans.scan("ee-tags", ORDERS, true),
                io.sabot.plan.JoinKind.INNER,
                List.of(0),
                List.of(0),
                call(Operator.GREATER_THAN_OR_EQUAL, BOOL, QTY, lit(0L, INT)),
                row(col("id", BIGINT), col("qty", STRING), col("tid", BIGINT), col("tag", STRING)));
        QueryPlan plan = new QueryPlan("SELECT … JOIN …", join);
        List<List<Object>> expected = new ArrayList<>();
        long bad = 0;
        for (long id = 0; id < 600; id++) {
            if (bad(id)) {
                bad++;
            } else if (qty(id) != null) {
                expected.add(Arrays.asList(id, qty(id), id, "t" + id));
            }
        }
        try (EngineHarness harness = harness(2)) {
            Job job =
                    harness.engine().submit(plan, JobOptions.DEFAULT.withErrorOptions(Map.of("error.handler", "skip")));
            assertEquals(expected, sorted(EngineHarness.collect(job, plan)));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(bad, job.metrics().recordsSkipped());
        }
        try (EngineHarness harness = harness(1)) {
            Job job = harness.engine().submit(plan);
            JobFailedException e = assertThrows(JobFailedException.class, () -> EngineHarness.collect(job, plan));
            assertTrue(
                    e.getMessage(), e.getMessage().contains("-join, subtask 0: expression CAST(qty AS INTEGER) >= 0"));
            assertTrue(e.getMessage(), e.getMessage().contains(", tid=3, tag='t3'}: cannot cast"));
            assertEquals(JobStatus.FAILED, job.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
