package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.WindowAggregate;
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
                        "Unknown session property 'sabot.late-date'. Supported 'sabot.' properties: 'sabot.late-data'"));
        assertTrue(session.settings().isEmpty());
        // Flink's other keys pass through
        TestSessions.last(session, "SET 'table.exec.state.ttl' = '1 h'");
        assertEquals(Map.of("table.exec.state.ttl", "1 h"), session.settings());
    }

    @Test
    public void deadLetterIsRefusedUntilTheErrorHandlerExists() {
        SqlSession session = TestSessions.session();
        String message = error(session, "SET 'sabot.late-data' = 'dead-letter'");
        assertTrue(
                message,
                message.startsWith("'sabot.late-data' = 'dead-letter' needs the dead-letter error handler, not"
                        + " available yet"));
        assertFalse(session.settings().containsKey("sabot.late-data"));
        // initial settings that were never SET are checked when a query is planned
        SqlSession configured = TestSessions.FRONT_END.newSession(
                SessionConfig.defaults().withSettings(Map.of("sabot.late-data", "dead-letter")));
        configured.executeScript(TestSessions.TABLES, Map.of());
        String atPlanning = error(configured, TUMBLE);
        assertTrue(
                atPlanning,
                atPlanning.startsWith("'sabot.late-data' = 'dead-letter' needs the dead-letter error handler"));
    }

    @Test
    public void sessionWindowsAndWindowTopNRefuseUpdates() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "SET 'sabot.late-data' = 'update'");
        TestSessions.last(session, "SET 'table.exec.emit.allow-lateness' = '10 s'");
        String sessionWindow = error(
                session, "SELECT auction, COUNT(*) FROM bid GROUP BY auction, SESSION(dateTime, INTERVAL '10' SECOND)");
        assertTrue(
                sessionWindow,
                sessionWindow.startsWith("SESSION windows do not support 'sabot.late-data' = 'update' with an"
                        + " allowed lateness yet"));
        String topN = error(
                session,
                "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end"
                        + " ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime),"
                        + " INTERVAL '1' MINUTE))) WHERE rn = 1");
        assertTrue(
                topN,
                topN.startsWith("Window Top-N does not support 'sabot.late-data' = 'update' with an allowed lateness"
                        + " yet"));
    }
}
