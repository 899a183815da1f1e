package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.TestRows.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static io.sabot.engine.TestSourceFactory.silence;
import static io.sabot.engine.WindowAggregateTest.BIDS;
import static io.sabot.engine.WindowAggregateTest.perKey;
import static io.sabot.engine.WindowAggregateTest.r;
import static io.sabot.engine.WindowAggregateTest.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.ErrorType;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.SortKey;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import io.sabot.plugin.OptionValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * {@link LatePolicy#DEAD_LETTER}: the late rows of window aggregation, SESSION windows and window Top-N go to the
 * job's dead-letter target (a test target on the real SPI) with their values, event time, watermark and window; the
 * results are those of drop; a barrier is acknowledged only once the late rows before it are durable.
 */
public class LateRowsDeadLetterTest {

    private static final Map<String, String> TARGET = Map.of("error.dead-letter.connector", "memory");

    private static LocalDateTime local(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** A late bid's dead letter: its row as (k, v, ts), and the message. */
    private static List<Object> letter(String k, long v, String ts, String message) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("k", k);
        row.put("v", v);
        row.put("ts", local(t(ts)));
        return List.of(row, message);
    }

    private static List<List<Object>> letters(List<DeadLetterRecord> records) {
        List<List<Object>> out = new ArrayList<>();
        for (DeadLetterRecord record : records) {
            String message = record.errorMessage();
            // the operator and subtask are checked once below; compare the rest of the message
            out.add(List.of(record.record().row().orElseThrow(), message.substring(0, message.indexOf(" (operator "))));
        }
        return out;
    }

    private static String late(String ts, String watermark, String window, String start, String end) {
        return "late row: event time 2024-01-01 " + ts + " is behind the watermark 2024-01-01 " + watermark + " of "
                + window + " [2024-01-01 " + start + ", 2024-01-01 " + end + ")";
    }

    @Test
    public void tumbleSendsEachLateRowToTheTargetAndEmitsWhatDropWould() throws Exception {
        LateDataTest.registerOneSplit("dl-tumble");
        QueryPlan plan = LateDataTest.tumble("dl-tumble", LatePolicy.DEAD_LETTER);
        TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
        try (EngineHarness harness = new EngineHarness().with(target)) {
            Job job = harness.engine().submit(plan, JobOptions.DEFAULT.withErrorOptions(TARGET));
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("a", 1L, 1L, 1L, t("00:00:00"), t("00:00:10")),
                            r("b", 1L, 2L, 2L, t("00:00:00"), t("00:00:10")),
                            r("a", 1L, 3L, 3L, t("00:00:10"), t("00:00:20")),
                            r("a", 1L, 6L, 6L, t("00:00:20"), t("00:00:30"))),
                    rows);
            assertEquals(0, job.metrics().lateRowsDropped());
            assertEquals(4, job.metrics().recordsDeadLettered());
            List<DeadLetterRecord> durable = target.durable();
            assertEquals(
                    List.of(
                            letter(
                                    "a",
                                    4L,
                                    "00:00:09",
                                    late("00:00:09.000", "00:00:11.000", "window", "00:00:00.000", "00:00:10.000")),
                            letter(
                                    "c",
                                    5L,
                                    "00:00:05",
                                    late("00:00:05.000", "00:00:11.000", "window", "00:00:00.000", "00:00:10.000")),
                            letter(
                                    "a",
                                    7L,
                                    "00:00:08",
                                    late("00:00:08.000", "00:00:24.000", "window", "00:00:00.000", "00:00:10.000")),
                            letter(
                                    "b",
                                    8L,
                                    "00:00:15",
                                    late("00:00:15.000", "00:00:24.000", "window", "00:00:10.000", "00:00:20.000"))),
                    letters(durable));
            DeadLetterRecord first = durable.get(0);
            assertEquals(ErrorType.WATERMARK, first.errorType());
            assertEquals(
                    Instant.ofEpochMilli(t("00:00:09")),
                    first.record().eventTime().orElseThrow());
            assertEquals("test.dl-tumble", first.record().table().orElseThrow());
            assertEquals("test.dl-tumble", first.component().tableName());
            assertTrue(
                    first.component().operatorId(),
                    first.component().operatorId().endsWith("-windowaggregate"));
            assertEquals(0, first.component().subtaskIndex());
            assertTrue(
                    first.errorMessage(),
                    first.errorMessage()
                            .endsWith("(operator " + first.component().operatorId()
                                    + ", subtask 0, table 'test.dl-tumble')"));
            assertEquals("job-dead-letters", first.target());
        }
    }

    @Test
    public void sessionWindowsSendTheRowsThatWouldOpenAFiredSession() throws Exception {
        TestSourceFactory.register(
                "dl-session",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:20"))),
                        // watermark 19 s: [1 s, 6 s) has fired; 3 s would open [3 s, 8 s), 17 s touches [20 s, 25 s)
                        rows(row("a", 3L, t("00:00:03")), row("a", 4L, t("00:00:17"))))));
        QueryPlan session = perKey("dl-session", WindowSpec.session(2, 5_000), 1000, true);
        QueryPlan plan = new QueryPlan("", ((WindowAggregate) session.root()).withLatePolicy(LatePolicy.DEAD_LETTER));
        TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
        try (EngineHarness harness = new EngineHarness().with(target)) {
            Job job = harness.engine().submit(plan, JobOptions.DEFAULT.withErrorOptions(TARGET));
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("a", 1L, 1L, 1L, t("00:00:01"), t("00:00:06")),
                            r("a", 2L, 6L, 4L, t("00:00:17"), t("00:00:25"))),
                    rows);
            assertEquals(
                    List.of(letter(
                            "a",
                            3L,
                            "00:00:03",
                            late("00:00:03.000", "00:00:19.000", "session window", "00:00:03.000", "00:00:08.000"))),
                    letters(target.durable()));
            assertEquals(1, job.metrics().recordsDeadLettered());
            assertEquals(0, job.metrics().lateRowsDropped());
        }
    }

    @Test
    public void windowTopNSendsTheRowsOfAFiredWindow() throws Exception {
        windowTopNSendsTheRowsOfAFiredWindow("memory");
        windowTopNSendsTheRowsOfAFiredWindow("rocksdb");
    }

    private void windowTopNSendsTheRowsOfAFiredWindow(String backend) throws Exception {
        TestSourceFactory.register(
                "dl-rank-" + backend,
                List.of(List.of(
                        rows(row("a", 5L, t("00:00:01")), row("b", 9L, t("00:00:02"))),
                        rows(row("d", 1L, t("00:00:11"))),
                        rows(row("f", 8L, t("00:00:04"))))));
        PlanNode wm = Plans.watermark(Plans.scan("dl-rank-" + backend, BIDS, true), 2, 0);
        RowType tvfType = Plans.row(
                col("k", STRING),
                col("v", BIGINT),
                col("ts", ROWTIME),
                col("window_start", TS),
                col("window_end", TS),
                col("window_time", ROWTIME));
        WindowTableFunction tvf = new WindowTableFunction(wm, WindowSpec.tumble(2, 10_000), tvfType);
        List<io.sabot.plan.Column> rankColumns = new ArrayList<>(tvfType.columns());
        rankColumns.add(col("rn", BIGINT));
        WindowRank rank = new WindowRank(
                tvf,
                List.of(3, 4),
                4,
                List.of(new SortKey(1, true, false)),
                1,
                true,
                new RowType(rankColumns),
                LatePolicy.DEAD_LETTER);
        QueryPlan plan = new QueryPlan("… ROW_NUMBER() … <= 1", rank);
        TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
        try (EngineHarness harness = EngineHarness.on(backend).with(target)) {
            Job job = harness.engine().submit(plan, harness.options().withErrorOptions(TARGET));
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(
                            r("b", 9L, t("00:00:02"), t("00:00:00"), t("00:00:10"), t("00:00:09.999"), 1L),
                            r("d", 1L, t("00:00:11"), t("00:00:10"), t("00:00:20"), t("00:00:19.999"), 1L)),
                    rows);
            List<DeadLetterRecord> letters = target.durable();
            assertEquals(1, letters.size());
            Map<String, Object> row = letters.get(0).record().row().orElseThrow();
            assertEquals(
                    List.of("k", "v", "ts", "window_start", "window_end", "window_time"), List.copyOf(row.keySet()));
            assertEquals("f", row.get("k"));
            assertEquals(local(t("00:00:10")), row.get("window_end"));
            assertTrue(
                    letters.get(0).errorMessage(),
                    letters.get(0)
                            .errorMessage()
                            .startsWith("late row: the watermark 2024-01-01 00:00:11.000 has passed the end"
                                    + " 2024-01-01 00:00:10.000 of its window (operator "));
            assertTrue(letters.get(0).component().operatorId().endsWith("-windowrank"));
            assertEquals(1, job.metrics().recordsDeadLettered());
        }
    }

    @Test
    public void withoutATargetTheJobIsRefusedNamingTheMissingKey() {
        LateDataTest.registerOneSplit("dl-missing");
        QueryPlan plan = LateDataTest.tumble("dl-missing", LatePolicy.DEAD_LETTER);
        try (EngineHarness harness = new EngineHarness().with(new TestDeadLetterSinkFactory())) {
            OptionValidationException e = assertThrows(
                    OptionValidationException.class, () -> harness.engine().submit(plan));
            assertTrue(e.getMessage(), e.getMessage().contains("option 'error.dead-letter.connector'"));
            assertTrue(e.getMessage(), e.getMessage().contains("'sabot.late-data' = 'dead-letter'"));
            assertTrue(e.getMessage(), e.getMessage().contains("installed: [memory]"));
            // the same target options are unknown to a job whose late rows are dropped
            QueryPlan drop = LateDataTest.tumble("dl-missing", LatePolicy.DROP);
            OptionValidationException unknown = assertThrows(OptionValidationException.class, () -> harness.engine()
                    .submit(drop, JobOptions.DEFAULT.withErrorOptions(TARGET)));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("'error.dead-letter.connector'"));
        }
    }

    @Test
    public void aBarrierIsAcknowledgedOnlyWhenTheLateRowsBeforeItAreDurable() throws Exception {
        TestSourceFactory.register(
                "dl-barrier",
                List.of(List.of(
                        rows(row("a", 1L, t("00:00:01")), row("a", 2L, t("00:00:12"))),
                        rows(row("a", 3L, t("00:00:05"))),
                        silence())));
        PlanNode wm = Plans.watermark(Plans.scan("dl-barrier", BIDS, false), 2, 1000);
        WindowAggregate counts = (WindowAggregate)
                perKey("dl-barrier", WindowSpec.tumble(2, 10_000), 1000, true).root();
        QueryPlan plan = new QueryPlan(
                "",
                new WindowAggregate(
                        wm,
                        counts.groupKeys(),
                        counts.window(),
                        counts.aggregates(),
                        counts.properties(),
                        counts.rowType(),
                        LatePolicy.DEAD_LETTER));
        Path checkpoints = Files.createTempDirectory("late-rows-barrier");
        TestDeadLetterSinkFactory target = new TestDeadLetterSinkFactory();
        try (EngineHarness harness = new EngineHarness().with(target)) {
            Job job = harness.engine()
                    .submit(
                            plan,
                            JobOptions.DEFAULT
                                    .withErrorOptions(TARGET)
                                    .withCheckpoints(CheckpointConfig.every(Duration.ofHours(1), checkpoints)));
            Thread reader = new Thread(() -> {
                try {
                    EngineHarness.collect(job, plan);
                } catch (RuntimeException cancelled) {
                    // the job is cancelled at the end
                }
            });
            reader.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (job.metrics().recordsDeadLettered() < 1) {
                assertTrue("the late row was dead-lettered within 10 s", System.nanoTime() < deadline);
                Thread.sleep(10);
            }
            job.triggerCheckpoint(false).get(10, TimeUnit.SECONDS);
            List<DeadLetterRecord> durable = target.durable();
            job.cancel();
            job.awaitTermination(10, TimeUnit.SECONDS);
            reader.join();
            assertEquals(1, durable.size());
            assertEquals(3L, durable.get(0).record().row().orElseThrow().get("v"));
        } finally {
            try (Stream<Path> files = Files.walk(checkpoints)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
