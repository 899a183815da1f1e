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
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.Column;
import io.sabot.plan.Expr;
import io.sabot.plan.JoinKind;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plugin.OptionValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The lookup join operator over a real engine, with a test dimension store on the lookup SPI ({@link
 * TestLookupFactory}): INNER and LEFT joins, several rows per key, NULL keys, the extra condition, each cache (one
 * call per batch of distinct keys; PARTIAL keeping keys across batches; FULL loading once), and failed lookups
 * through the dimension table's error handlers. Expected rows are written out from the data.
 */
public class LookupJoinTest {

    static final RowType ORDERS = row(col("id", BIGINT), col("pid", BIGINT));
    static final RowType PRODUCTS = row(col("product_id", BIGINT), col("name", STRING));

    /** Two batches (a pause between): ids 1-5, then 6-8 with keys seen before. */
    static {
        TestSourceFactory.register(
                "lookup-orders",
                List.of(List.of(
                        rows(row(1L, 10L), row(2L, 20L), row(3L, null), row(4L, 99L), row(5L, 10L)),
                        pause(200),
                        rows(row(6L, 20L), row(7L, 10L), row(8L, 99L)))));
    }

    private static List<Object[]> products() {
        return List.of(row(10L, "ten"), row(10L, "TEN"), row(20L, "twenty"), row(null, "nobody"), row(30L, "thirty"));
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    private static QueryPlan plan(String dataset, JoinKind kind, Expr condition, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>(options);
        all.put("dataset", dataset);
        TableRef dim = new TableRef("default." + dataset, "test-lookup", all, PRODUCTS, List.of(0));
        PlanNode orders = Plans.scan("lookup-orders", ORDERS, true);
        List<Column> columns = new ArrayList<>(ORDERS.columns());
        columns.add(col("product_id", kind == JoinKind.LEFT ? BIGINT.withNullable(true) : BIGINT));
        columns.add(col("name", STRING));
        LookupJoin join = new LookupJoin(
                orders, dim, kind, List.of(1), List.of(0), List.of(0, 1), condition, new RowType(columns));
        return new QueryPlan("SELECT … JOIN … FOR SYSTEM_TIME AS OF …", join);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    private static EngineHarness harness() {
        EngineHarness harness = new EngineHarness().with(new TestLookupFactory());
        TestErrorHandlerFactory.all().forEach(harness::with);
        return harness;
    }

    private static final List<List<Object>> INNER = List.of(
            r(1L, 10L, 10L, "TEN"),
            r(1L, 10L, 10L, "ten"),
            r(2L, 20L, 20L, "twenty"),
            r(5L, 10L, 10L, "TEN"),
            r(5L, 10L, 10L, "ten"),
            r(6L, 20L, 20L, "twenty"),
            r(7L, 10L, 10L, "TEN"),
            r(7L, 10L, 10L, "ten"));

    @Test
    public void innerJoinGivesEveryRowOfAKeyAndNullKeysMatchNothing() throws Exception {
        TestLookupFactory.Table table = TestLookupFactory.register("lj-inner", PRODUCTS, products());
        QueryPlan plan = plan("lj-inner", JoinKind.INNER, null, Map.of());
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        try (EngineHarness harness = harness()) {
            assertEquals(INNER, sorted(harness.run(plan)));
        }
        // no cache: one call per batch, with its distinct non-NULL keys (10, 20, 99; then 20, 10, 99)
        assertEquals(2, table.calls.get());
        assertEquals(6, table.keys.get());
    }

    @Test
    public void leftJoinPadsRowsWithoutAMatchOnceWithNulls() throws Exception {
        TestLookupFactory.register("lj-left", PRODUCTS, products());
        List<List<Object>> expected = new ArrayList<>(INNER);
        expected.add(r(3L, null, null, null));
        expected.add(r(4L, 99L, null, null));
        expected.add(r(8L, 99L, null, null));
        try (EngineHarness harness = harness().parallelism(2)) {
            assertEquals(sorted(expected), sorted(harness.run(plan("lj-left", JoinKind.LEFT, null, Map.of()))));
        }
    }

    @Test
    public void theExtraConditionDecidesWhichRowsMatchAndLeftRowsArePaddedWhenNoneDoes() throws Exception {
        TestLookupFactory.register("lj-condition", PRODUCTS, products());
        // ON o.pid = p.product_id AND p.name <> 'ten' AND o.id <> 2
        Expr condition = call(
                Operator.AND,
                BOOL,
                call(Operator.NOT_EQUALS, BOOL, ref(3, STRING), lit("ten")),
                call(Operator.NOT_EQUALS, BOOL, ref(0, BIGINT), lit(2L)));
        try (EngineHarness harness = harness()) {
            assertEquals(
                    List.of(
                            r(1L, 10L, 10L, "TEN"),
                            r(2L, 20L, null, null),
                            r(3L, null, null, null),
                            r(4L, 99L, null, null),
                            r(5L, 10L, 10L, "TEN"),
                            r(6L, 20L, 20L, "twenty"),
                            r(7L, 10L, 10L, "TEN"),
                            r(8L, 99L, null, null)),
                    sorted(harness.run(plan("lj-condition", JoinKind.LEFT, condition, Map.of()))));
        }
    }

    @Test
    public void aPartialCacheLooksEachKeyUpOnce() throws Exception {
        TestLookupFactory.Table table = TestLookupFactory.register("lj-partial", PRODUCTS, products());
        try (EngineHarness harness = harness()) {
            assertEquals(
                    INNER,
                    sorted(harness.run(plan(
                            "lj-partial",
                            JoinKind.INNER,
                            null,
                            Map.of("lookup.cache", "PARTIAL", "lookup.partial-cache.max-rows", "100")))));
        }
        assertEquals("the second batch's keys were all cached, the missing 99 too", 1, table.calls.get());
        assertEquals(3, table.keys.get());
    }

    @Test
    public void aPartialCacheThatDoesNotCacheMissingKeysLooksThemUpAgain() throws Exception {
        TestLookupFactory.Table table = TestLookupFactory.register("lj-missing", PRODUCTS, products());
        try (EngineHarness harness = harness()) {
            assertEquals(
                    INNER,
                    sorted(harness.run(plan(
                            "lj-missing",
                            JoinKind.INNER,
                            null,
                            Map.of(
                                    "lookup.cache", "PARTIAL",
                                    "lookup.partial-cache.max-rows", "100",
                                    "lookup.partial-cache.cache-missing-key", "false")))));
        }
        assertEquals(2, table.calls.get());
        assertEquals("10, 20, 99, then 99 again", 4, table.keys.get());
    }

    @Test
    public void aFullCacheLoadsTheTableOnceAndNeverLooksUp() throws Exception {
        TestLookupFactory.Table table = TestLookupFactory.register("lj-full", PRODUCTS, products());
        try (EngineHarness harness = harness().parallelism(2)) {
            Job job = harness.engine()
                    .submit(plan("lj-full", JoinKind.INNER, null, Map.of("lookup.cache", "FULL")), harness.options());
            List<List<Object>> rows = EngineHarness.collect(job, plan("lj-full", JoinKind.INNER, null, Map.of()));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(INNER, sorted(rows));
        }
        assertEquals(0, table.calls.get());
        assertTrue("loaded once per run of the cache, not per batch: " + table.loads.get(), table.loads.get() <= 2);
    }

    @Test
    public void cacheOptionsThatCannotWorkAreRefusedNamingTheKey() throws Exception {
        TestLookupFactory.register("lj-options", PRODUCTS, products());
        try (EngineHarness harness = harness()) {
            OptionValidationException unbounded = assertThrows(OptionValidationException.class, () -> harness.engine()
                    .submit(plan("lj-options", JoinKind.INNER, null, Map.of("lookup.cache", "PARTIAL"))));
            assertTrue(unbounded.getMessage(), unbounded.getMessage().contains("'lookup.partial-cache.max-rows'"));
            OptionValidationException misplaced = assertThrows(OptionValidationException.class, () -> harness.engine()
                    .submit(plan(
                            "lj-options", JoinKind.INNER, null, Map.of("lookup.full-cache.reload-interval", "1 min"))));
            assertTrue(
                    misplaced.getMessage(),
                    misplaced.getMessage().contains("option 'lookup.full-cache.reload-interval' applies to"));
            assertTrue(misplaced.getMessage(), misplaced.getMessage().contains("table 'default.lj-options'"));
        }
    }

    @Test
    public void aLookupThatKeepsFailingFailsTheJobNamingTheTableAndTheKey() throws Exception {
        TestLookupFactory.register("lj-fail", PRODUCTS, products()).failing(20L, -1, true);
        try (EngineHarness harness = harness()) {
            Job job = harness.engine().submit(plan("lj-fail", JoinKind.INNER, null, Map.of("lookup.max-retries", "1")));
            assertEquals(JobStatus.FAILED, job.awaitTermination(30, TimeUnit.SECONDS));
            String message = job.failure().orElseThrow().toString();
            assertTrue(
                    message,
                    message.contains("dimension table 'default.lj-fail' (connector 'test-lookup'): lookup of key"
                            + " {product_id=20} failed after 2 retries: store unavailable for key 20"));
            job.results().close();
        }
    }

    @Test
    public void retriableFailuresAreRetriedUpToTheMaxRetries() throws Exception {
        TestLookupFactory.Table table =
                TestLookupFactory.register("lj-retry", PRODUCTS, products()).failing(20L, 2, true);
        try (EngineHarness harness = harness()) {
            Job job = harness.engine().submit(plan("lj-retry", JoinKind.INNER, null, Map.of()));
            List<List<Object>> rows = EngineHarness.collect(job, plan("lj-retry", JoinKind.INNER, null, Map.of()));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(INNER, sorted(rows));
            assertEquals(2, job.metrics().retries());
        }
        assertEquals(4, table.calls.get());
    }

    @Test
    public void theRetryHandlerRetriesAKeyAfterTheLookupRetriesRanOut() throws Exception {
        TestLookupFactory.register("lj-handler-retry", PRODUCTS, products()).failing(20L, 2, true);
        Map<String, String> options = Map.of("lookup.max-retries", "0", "error.handler", "retry");
        try (EngineHarness harness = harness()) {
            QueryPlan plan = plan("lj-handler-retry", JoinKind.INNER, null, options);
            Job job = harness.engine().submit(plan);
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(INNER, sorted(rows));
        }
    }

    @Test
    public void skipDropsTheProbeRowsOfAFailingKeyAndJoinsTheOthers() throws Exception {
        TestLookupFactory.register("lj-skip", PRODUCTS, products()).failing(20L, -1, false);
        Map<String, String> options = Map.of("error.handler", "skip");
        try (EngineHarness harness = harness()) {
            QueryPlan plan = plan("lj-skip", JoinKind.LEFT, null, options);
            Job job = harness.engine().submit(plan);
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            List<List<Object>> expected = new ArrayList<>();
            for (List<Object> row : INNER) {
                if (!row.get(1).equals(20L)) {
                    expected.add(row);
                }
            }
            expected.add(r(3L, null, null, null));
            expected.add(r(4L, 99L, null, null));
            expected.add(r(8L, 99L, null, null));
            assertEquals(sorted(expected), sorted(rows));
            assertEquals("orders 2 and 6", 2, job.metrics().recordsSkipped());
        }
    }

    @Test
    public void deadLetterKeepsTheProbeRowsOfAFailingKeyWithTheKeyInTheMessage() throws Exception {
        TestLookupFactory.register("lj-dead-letter", PRODUCTS, products()).failing(20L, -1, false);
        Map<String, String> options = Map.of("error.handler", "dead-letter", "error.dead-letter.connector", "memory");
        TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
        try (EngineHarness harness = harness().with(target)) {
            QueryPlan plan = plan("lj-dead-letter", JoinKind.INNER, null, options);
            Job job = harness.engine().submit(plan);
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(INNER.stream().filter(row -> !row.get(1).equals(20L)).toList(), sorted(rows));
            assertEquals(2, job.metrics().recordsDeadLettered());
            List<DeadLetterRecord> letters = new ArrayList<>(target.durable());
            letters.sort(Comparator.comparingLong(
                    l -> (Long) l.record().row().orElseThrow().get("id")));
            assertEquals(
                    List.of(Map.of("id", 2L, "pid", 20L), Map.of("id", 6L, "pid", 20L)),
                    letters.stream().map(l -> l.record().row().orElseThrow()).toList());
            for (DeadLetterRecord letter : letters) {
                assertTrue(
                        letter.errorMessage(),
                        letter.errorMessage()
                                .contains("dimension table 'default.lj-dead-letter' (connector 'test-lookup'):"
                                        + " lookup of key {product_id=20} failed"));
                assertEquals("default.lj-dead-letter", letter.component().tableName());
            }
        }
    }

    /**
     * Over a changelog (a LEFT regular join whose padded row is retracted when its match arrives) every change is
     * looked up and keeps its row kind, as in Flink: the retraction of the padded row meets the dimension row too.
     */
    @Test
    public void rowKindsOfAChangelogInputPassThrough() throws Exception {
        TestSourceFactory.register(
                "lookup-cl-orders",
                List.of(List.of(rows(row(1L, "c1"), row(2L, "c9")), pause(1000), rows(row(3L, "c1")))));
        TestSourceFactory.register("lookup-cl-customers", List.of(List.of(pause(400), rows(row("c1", "Ann")))));
        RowType orders = row(col("id", BIGINT), col("customer", STRING));
        RowType customers = row(col("cid", STRING), col("name", STRING));
        RowType joined = row(col("id", BIGINT), col("customer", STRING), col("cid", STRING), col("name", STRING));
        io.sabot.plan.Join regular = new io.sabot.plan.Join(
                Plans.scan("lookup-cl-orders", orders, true),
                Plans.scan("lookup-cl-customers", customers, true),
                JoinKind.LEFT,
                List.of(1),
                List.of(0),
                null,
                joined);
        TestLookupFactory.register("lj-changelog", PRODUCTS, List.of(row(1L, "one"), row(3L, "three")));
        TableRef dim = new TableRef(
                "default.lj-changelog", "test-lookup", Map.of("dataset", "lj-changelog"), PRODUCTS, List.of(0));
        List<Column> columns = new ArrayList<>(joined.columns());
        columns.add(col("product_id", BIGINT));
        columns.add(col("pname", STRING));
        LookupJoin lookup = new LookupJoin(
                regular, dim, JoinKind.INNER, List.of(0), List.of(0), List.of(0, 1), null, new RowType(columns));
        QueryPlan plan = new QueryPlan("SELECT …", lookup);
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        try (EngineHarness harness = harness()) {
            assertEquals(
                    List.of(
                            r("+I", 1L, "c1", null, null, 1L, "one"),
                            r("-D", 1L, "c1", null, null, 1L, "one"),
                            r("+I", 1L, "c1", "c1", "Ann", 1L, "one"),
                            r("+I", 3L, "c1", "c1", "Ann", 3L, "three")),
                    harness.run(plan));
        }
    }
}
