package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowRank;
import java.util.Map;
import org.junit.Test;

/** {@code SET 'table.exec.emit.allow-lateness'} and {@code SET 'sabot.late-data'}: validation and plans. */
public class LateDataSettingsTest {

    static final String TUMBLE = "SELECT auction, TUMBLE_START(dateTime, INTERVAL '10' SECOND) AS ws, COUNT(*) AS n"
            + " FROM bid GROUP BY auction, TUMBLE(dateTime, INTERVAL '10' SECOND)";

    static final String TVF = "SELECT window_start, window_end, SUM(price) AS total FROM TABLE(TUMBLE(TABLE bid,"
            + " DESCRIPTOR(dateTime), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end";

    static QueryPlan plan(SqlSession session, String sql) {
        return ((StatementResult.Query) TestSessions.last(session, sql)).plan();
    }

    static WindowAggregate windowAggregate(PlanNode node) {
        if (node instanceof WindowAggregate agg) {
            return agg;
        }
        for (PlanNode input : node.inputs()) {
            WindowAggregate found = windowAggregate(input);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static String error(SqlSession session, String sql) {
        return assertThrows(SqlException.class, () -> TestSessions.last(session, sql))
                .getMessage();
    }

    @Test
    public void dropIsTheDefault() {
        SqlSession session = TestSessions.session();
        QueryPlan plan = plan(session, TUMBLE);
        assertEquals(LatePolicy.DROP, windowAggregate(plan.root()).latePolicy());
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
    }

    @Test
    public void updateWithAllowedLatenessMakesWindowAggregatesChangelogs() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '1 min'");
        StatementResult set = TestSessions.last(session, "SET 'sabot.late-data' = 'update'");
        assertEquals(
                Map.of("table.exec.emit.allow-lateness", "1 min", "sabot.late-data", "update"),
                ((StatementResult.SettingsChange) set).settings());
        for (String sql : new String[] {TUMBLE, TVF}) {
            QueryPlan plan = plan(session, sql);
            WindowAggregate agg = windowAggregate(plan.root());
            assertNotNull(sql, agg);
            assertEquals(LatePolicy.update(60_000), agg.latePolicy());
            assertEquals(ChangelogKind.RETRACT, plan.changelog());
        }
        StatementResult.Explanation explain =
                (StatementResult.Explanation) TestSessions.last(session, "EXPLAIN " + TUMBLE);
        assertTrue(explain.text(), explain.text().contains("late=update(allowedLateness=60000ms)"));
        // the lateness alone, or update alone, changes nothing
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '0'");
        assertEquals(ChangelogKind.INSERT_ONLY, plan(session, TUMBLE).changelog());
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '10s'");
        TestSessions.last(session, "SET 'sabot.late-data' = 'DROP'");
        assertEquals(
                new LatePolicy(LatePolicy.Mode.DROP, 10_000),
                windowAggregate(plan(session, TUMBLE).root()).latePolicy());
        assertEquals(ChangelogKind.INSERT_ONLY, plan(session, TUMBLE).changelog());
        TestSessions.last(session, "RESET");
        assertEquals(
                LatePolicy.DROP, windowAggregate(plan(session, TUMBLE).root()).latePolicy());
    }

    @Test
    public void durationsInFlinkSyntax() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "SET 'sabot.late-data' = 'update'");
        String[][] cases = {
            {"1500", "1500"},
            {"500 ms", "500"},
            {"10 s", "10000"},
            {"2 min", "120000"},
            {"1m", "60000"},
            {"1 h", "3600000"},
            {"1 d", "86400000"},
            {"3 seconds", "3000"}
        };
        for (String[] c : cases) {
            TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '" + c[0] + "'");
            assertEquals(
                    c[0],
                    Long.parseLong(c[1]),
                    windowAggregate(plan(session, TUMBLE).root()).latePolicy().allowedLatenessMillis());
        }
    }

    @Test
    public void invalidValuesAreRefusedAtSetTimeNamingKeyAndAllowedValues() {
        SqlSession session = TestSessions.session();
        for (String bad : new String[] {"abc", "-5 s", "1 fortnight", "1.5 s", ""}) {
            String message = error(session, "SET 'table.exec.emit.allow-lateness' = '" + bad + "'");
            assertTrue(
                    message,
                    message.startsWith("Invalid value '" + bad + "' for 'table.exec.emit.allow-lateness': expected a"
                            + " duration >= 0 such as '0', '500 ms', '10 s', '1 min', '2 h' or '1 d'"));
        }
        String mode = error(session, "SET 'sabot.late-data' = 'sometimes'");
        assertTrue(
                mode,
                mode.startsWith("Invalid value 'sometimes' for 'sabot.late-data': allowed values are 'drop', 'update'"
                        + " and 'dead-letter'"));
        String unknown = error(session, "SET 'sabot.late-date' = 'drop'");
        assertTrue(
                unknown,
                unknown.startsWith(
                        "Unknown session property 'sabot.late-date'. Supported 'sabot.' properties: 'sabot.late-data', 'sabot.job.memory.max'"));
        assertTrue(session.settings().isEmpty());
        // Flink's other keys pass through
        TestSessions.last(session, "SET 'table.exec.state.ttl' = '1 h'");
        assertEquals(Map.of("table.exec.state.ttl", "1 h"), session.settings());
    }

    static final String SESSION = "SELECT auction, SESSION_START(dateTime, INTERVAL '10' SECOND) AS ss, COUNT(*) AS n"
            + " FROM bid GROUP BY auction, SESSION(dateTime, INTERVAL '10' SECOND)";

    static final String TOP_N = "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end"
            + " ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE)))"
            + " WHERE rn = 1";

    static WindowRank windowRank(PlanNode node) {
        if (node instanceof WindowRank rank) {
            return rank;
        }
        for (PlanNode input : node.inputs()) {
            WindowRank found = windowRank(input);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The target itself is the job's to check ({@code error.dead-letter.connector}), when it starts. */
    @Test
    public void deadLetterGoesIntoTheWindowOperatorsOfThePlan() {
        SqlSession session = TestSessions.session();
        StatementResult set = TestSessions.last(session, "SET 'sabot.late-data' = 'dead-letter'");
        assertEquals(Map.of("sabot.late-data", "dead-letter"), ((StatementResult.SettingsChange) set).settings());
        for (String sql : new String[] {TUMBLE, TVF, SESSION}) {
            QueryPlan plan = plan(session, sql);
            assertEquals(
                    sql, LatePolicy.DEAD_LETTER, windowAggregate(plan.root()).latePolicy());
            assertEquals(sql, ChangelogKind.INSERT_ONLY, plan.changelog());
        }
        QueryPlan topN = plan(session, TOP_N);
        assertEquals(LatePolicy.DEAD_LETTER, windowRank(topN.root()).latePolicy());
        StatementResult.Explanation explain =
                (StatementResult.Explanation) TestSessions.last(session, "EXPLAIN " + TUMBLE);
        assertTrue(explain.text(), explain.text().contains("late=dead-letter"));
        // the allowed lateness does not apply to dead-lettering, as to drop
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '10 s'");
        assertEquals(ChangelogKind.INSERT_ONLY, plan(session, TUMBLE).changelog());
        // drop leaves window Top-N as it was
        TestSessions.last(session, "SET 'sabot.late-data' = 'drop'");
        assertEquals(LatePolicy.DROP, windowRank(plan(session, TOP_N).root()).latePolicy());
        // initial settings that were never SET count as well
        SqlSession configured = TestSessions.FRONT_END.newSession(
                SessionConfig.defaults().withSettings(Map.of("sabot.late-data", "dead-letter")));
        configured.executeScript(TestSessions.TABLES, Map.of());
        assertEquals(
                LatePolicy.DEAD_LETTER,
                windowAggregate(plan(configured, TUMBLE).root()).latePolicy());
    }

    @Test
    public void sessionWindowsUpdateWithinTheAllowedLateness() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "SET 'sabot.late-data' = 'update'");
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '10 s'");
        for (String sql : new String[] {
            SESSION,
            "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE bid PARTITION BY auction,"
                    + " DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end"
        }) {
            QueryPlan plan = plan(session, sql);
            assertEquals(
                    sql, LatePolicy.update(10_000), windowAggregate(plan.root()).latePolicy());
            assertEquals(sql, ChangelogKind.RETRACT, plan.changelog());
        }
    }

    @Test
    public void windowTopNRefusesUpdatesSayingWhy() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "SET 'sabot.late-data' = 'update'");
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '10 s'");
        String topN = error(session, TOP_N);
        assertTrue(
                topN,
                topN.startsWith("Window Top-N does not support 'sabot.late-data' = 'update' with an allowed lateness:"
                        + " its rows are final when the window fires (Flink's window Top-N has no allow-lateness"
                        + " either); use 'drop' or 'dead-letter', or set 'table.exec.emit.allow-lateness' = '0'"));
    }
}
