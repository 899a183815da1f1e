package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.Calc;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.Operator;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.Sink;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plugin.OptionValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** INSERT INTO through the sink SPI with two-phase commit; failures, validation and cancellation. */
public class SinkAndFailureTest {

    static final RowType KV = row(col("k", STRING), col("v", BIGINT));

    static {
        TestSourceFactory.register(
                "sink-kv",
                List.of(List.of(rows(row("a", 1L), row("b", 2L)), rows(row("a", 3L))), List.of(rows(row("c", 0L)))));
    }

    static TableRef sinkTable(String target, String mode, RowType type) {
        return new TableRef("test." + target, "test-sink", Map.of("target", target, "mode", mode), type, List.of());
    }

    static List<Object> r(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    public void insertIntoWritesEveryRowAndCommitsAtTheEnd() throws Exception {
        Sink sink = new Sink(Plans.scan("sink-kv", KV, true), sinkTable("copy", "INSERT_ONLY", KV));
        try (EngineHarness harness =
                new EngineHarness().with(new TestSinkFactory()).parallelism(2)) {
            Job job = harness.engine().submit(new QueryPlan("INSERT INTO copy SELECT * FROM kv", sink));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    ParallelismTest.multiset(List.of(r("a", 1L), r("b", 2L), r("a", 3L), r("c", 0L))),
                    ParallelismTest.multiset(TestSinkFactory.COMMITTED.get("copy")));
            assertEquals(4, job.metrics().rowsOut());
            assertEquals(Integer.valueOf(2), TestSinkFactory.CLOSED_WRITERS.get("copy"));
            assertTrue(
                    "nothing left pending",
                    TestSinkFactory.PENDING.keySet().stream().noneMatch(k -> k.startsWith("copy-")));
            assertEquals(false, job.results().hasNext());
        }
    }

    @Test
    public void anUpsertSinkReceivesTheChangelogWithoutUpdateBefores() throws Exception {
        GroupAggregate counts =
                new GroupAggregate(Plans.scan("sink-kv", KV, true), List.of(0), List.of(countStar("n")), KV);
        Sink sink = new Sink(counts, sinkTable("counts", "UPSERT", KV));
        try (EngineHarness harness = new EngineHarness().with(new TestSinkFactory())) {
            Job job = harness.engine().submit(new QueryPlan("INSERT INTO counts …", sink));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            List<List<Object>> rows = TestSinkFactory.COMMITTED.get("counts");
            assertTrue(
                    rows.toString(), rows.stream().noneMatch(row -> row.get(0).equals("-U")));
            assertTrue(rows.toString(), rows.contains(r("+U", "a", 2L)));
        }
    }

    @Test
    public void aChangelogIntoAnInsertOnlySinkIsRefused() {
        GroupAggregate counts =
                new GroupAggregate(Plans.scan("sink-kv", KV, true), List.of(0), List.of(countStar("n")), KV);
        Sink sink = new Sink(counts, sinkTable("refused", "INSERT_ONLY", KV));
        try (EngineHarness harness = new EngineHarness().with(new TestSinkFactory())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> harness.engine()
                    .submit(new QueryPlan("INSERT INTO refused …", sink)));
            assertTrue(e.getMessage(), e.getMessage().contains("accepts inserts only"));
        }
    }

    @Test
    public void aFailingExpressionFailsTheJobNamingItAndReleasesAllMemory() throws Exception {
        Calc divide = new Calc(
                Plans.scan("sink-kv", KV, true),
                List.of(call(Operator.DIVIDE, BIGINT, lit(100L), ref(1, BIGINT))),
                null,
                row(col("q", BIGINT)));
        try (EngineHarness harness = new EngineHarness().parallelism(2)) {
            Job job = harness.engine().submit(new QueryPlan("SELECT 100 / v FROM kv", divide));
            JobFailedException e =
                    assertThrows(JobFailedException.class, () -> EngineHarness.collect(job, new QueryPlan("", divide)));
            assertTrue(e.getMessage(), e.getMessage().contains("division by zero in DIVIDE(100, $1)"));
            assertEquals(JobStatus.FAILED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(job.failure().orElseThrow().getMessage().contains("DIVIDE(100, $1)"));
        }
    }

    @Test
    public void tableOptionsAreValidatedAllAtOnceNamingTheTable() {
        TableScan bad = new TableScan(
                new TableRef("test.bad", "test-rows", Map.of("datset", "x", "bounded", "maybe"), KV, List.of()));
        TableScan missing = new TableScan(new TableRef("test.gone", "nope", Map.of(), KV, List.of()));
        io.sabot.plan.Union both = new io.sabot.plan.Union(List.of(bad, missing), KV);
        try (EngineHarness harness = new EngineHarness()) {
            OptionValidationException e = assertThrows(
                    OptionValidationException.class, () -> harness.engine().submit(new QueryPlan("SELECT …", both)));
            String message = e.getMessage();
            assertTrue(message, message.contains("connector 'test-rows' of table 'test.bad'"));
            assertTrue(message, message.contains("unknown option 'datset' (did you mean 'dataset'?)"));
            assertTrue(message, message.contains("option 'bounded'"));
            assertTrue(message, message.contains("missing required option 'dataset'"));
            assertTrue(message, message.contains("table 'test.gone': no source connector 'nope'"));
            assertTrue(e.errors().size() >= 4);
        }
    }

    @Test
    public void closingTheResultsEarlyCancelsTheJob() throws Exception {
        TestSourceFactory.register("endless", List.of(List.of(rows(row("a", 1L)), TestSourceFactory.silence())));
        Calc all = new Calc(Plans.scan("endless", KV, false), List.of(ref(0, STRING)), null, row(col("k", STRING)));
        try (EngineHarness harness = new EngineHarness()) {
            Job job = harness.engine().submit(new QueryPlan("SELECT k FROM endless", all));
            try (JobResults results = job.results()) {
                assertTrue(results.hasNext());
                results.next().close();
            }
            assertEquals(JobStatus.CANCELED, job.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
