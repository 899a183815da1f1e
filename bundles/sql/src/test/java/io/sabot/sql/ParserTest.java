package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ParserTest {

    private final SqlSession session = TestSessions.FRONT_END.newSession();

    private StatementKind kind(String sql) {
        return session.parse(sql).kind();
    }

    @Test
    public void everyStatementForm() {
        assertEquals(
                StatementKind.CREATE_TABLE,
                kind(
                        "CREATE TABLE IF NOT EXISTS t (a INT NOT NULL COMMENT 'the a', b AS a + 1, p AS PROCTIME(),"
                                + " ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,"
                                + " PRIMARY KEY (a) NOT ENFORCED) COMMENT 'a table' WITH ('connector' = 'datagen', 'k' = 'v')"));
        assertEquals(
                StatementKind.CREATE_TABLE,
                kind("CREATE TEMPORARY TABLE t (a INT, CONSTRAINT pk PRIMARY KEY (a) NOT ENFORCED) WITH ()"));
        assertEquals(StatementKind.CREATE_TABLE, kind("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED)"));
        assertEquals(StatementKind.CREATE_VIEW, kind("CREATE VIEW v AS SELECT 1"));
        assertEquals(StatementKind.CREATE_VIEW, kind("CREATE TEMPORARY VIEW v (x, y) AS SELECT 1, 2"));
        assertEquals(StatementKind.CREATE_VIEW, kind("CREATE VIEW IF NOT EXISTS v COMMENT 'c' AS SELECT 1"));
        assertEquals(StatementKind.DROP_TABLE, kind("DROP TABLE t"));
        assertEquals(StatementKind.DROP_TABLE, kind("DROP TABLE IF EXISTS t"));
        assertEquals(StatementKind.DROP_VIEW, kind("DROP VIEW IF EXISTS v"));
        assertEquals(StatementKind.DROP_VIEW, kind("DROP TEMPORARY VIEW v"));
        assertEquals(StatementKind.SET, kind("SET 'table.exec.state.ttl' = '1 h'"));
        assertEquals(StatementKind.SET, kind("SET a.b = 2"));
        assertEquals(StatementKind.SET, kind("SET"));
        assertEquals(StatementKind.RESET, kind("RESET 'table.exec.state.ttl'"));
        assertEquals(StatementKind.RESET, kind("RESET"));
        assertEquals(StatementKind.INSERT, kind("INSERT INTO t SELECT * FROM s"));
        assertEquals(StatementKind.INSERT, kind("INSERT INTO t (a, b) SELECT x, y FROM s"));
        assertEquals(StatementKind.SELECT, kind("SELECT a FROM t WHERE a > 1"));
        assertEquals(StatementKind.SELECT, kind("WITH x AS (SELECT 1 AS a) SELECT a FROM x"));
        assertEquals(StatementKind.SELECT, kind("SELECT 1 UNION ALL SELECT 2"));
        assertEquals(StatementKind.SHOW_TABLES, kind("SHOW TABLES"));
        assertEquals(StatementKind.SHOW_VIEWS, kind("SHOW VIEWS"));
        assertEquals(StatementKind.DESCRIBE, kind("DESCRIBE t"));
        assertEquals(StatementKind.DESCRIBE, kind("DESC t"));
        assertEquals(StatementKind.EXPLAIN, kind("EXPLAIN PLAN FOR SELECT 1"));
        assertEquals(StatementKind.EXPLAIN, kind("EXPLAIN SELECT 1"));
        assertEquals(StatementKind.EXPLAIN, kind("EXPLAIN INSERT INTO t SELECT 1"));
    }

    @Test
    public void flinkTypesAndNamesCalciteReserves() {
        // dateTime is a reserved word in Calcite (BigQuery's DATETIME); Nexmark names a column so.
        assertEquals(
                StatementKind.CREATE_TABLE,
                kind("CREATE TABLE t (s STRING, b BYTES, v VARCHAR(10), c CHAR(3), bo BOOLEAN, ti TINYINT,"
                        + " sm SMALLINT, i INT, it INTEGER, bi BIGINT, f FLOAT, d DOUBLE, de DECIMAL(10, 2),"
                        + " da DATE, tm TIME, ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), dateTime TIMESTAMP,"
                        + " `comment` STRING, watermark INT) WITH ('connector' = 'x')"));
        assertEquals(StatementKind.SELECT, kind("SELECT dateTime, CAST(x AS STRING) FROM t WHERE dateTime > x"));
    }

    @Test
    public void scriptStatementsKnowWhereTheyStart() {
        List<Statement> statements =
                session.parseScript("-- a comment\nSET 'a' = 'b';\n\n   SELECT 1\n;SHOW TABLES", Map.of());
        assertEquals(3, statements.size());
        assertEquals(2, statements.get(0).line());
        assertEquals(1, statements.get(0).column());
        assertEquals("SELECT 1", statements.get(1).sql());
        assertEquals(4, statements.get(1).line());
        assertEquals(4, statements.get(1).column());
        assertEquals(5, statements.get(2).line());
        assertEquals(2, statements.get(2).column());
    }

    @Test
    public void parseErrorsGiveScriptLineAndColumn() {
        String script = "SET 'a' = 'b';\n\nSELECT auction,\n  price FORM bid;";
        SqlException e = assertThrows(SqlException.class, () -> session.parseScript(script, Map.of()));
        assertTrue(
                e.getMessage(),
                e.getMessage().startsWith("SQL parse failed. Encountered \"bid\" at line 4, column 14."));
        assertEquals(4, e.line());
        assertEquals(14, e.column());
        assertEquals("SELECT auction,\n  price FORM bid", e.excerpt());
    }

    @Test
    public void parseErrorOnTheStatementsFirstLineCountsItsColumn() {
        String script = "SELECT 1;   SELECT FROM t";
        SqlException e = assertThrows(SqlException.class, () -> session.parseScript(script, Map.of()));
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .startsWith(
                                "SQL parse failed. Incorrect syntax near the keyword 'FROM' at line 1, column 20."));
        assertEquals(20, e.column());
    }

    @Test
    public void parseErrorsWhoseCalciteMessageHasNoPositionGetOne() {
        String script = "CREATE TABLE t (id BIGINT);\n\nINSERT INTO t SELEC id FROM t;";
        SqlException e = assertThrows(SqlException.class, () -> session.parseScript(script, Map.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("Non-query expression encountered in illegal context"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("(at line " + e.line() + ", column " + e.column() + ")"));
        assertEquals(3, e.line());
    }

    @Test
    public void lexicalErrorsToo() {
        SqlException e =
                assertThrows(SqlException.class, () -> session.parseScript("\nSELECT 'unclosed FROM t", Map.of()));
        assertTrue(
                e.getMessage(),
                e.getMessage().startsWith("SQL parse failed. Encountered \"\\'\" at line 2, column 8."));
        assertEquals(2, e.line());
        assertEquals(8, e.column());
    }

    @Test
    public void variablesAreSubstitutedBeforeParsing() {
        List<Statement> statements = session.parseScript(
                "CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'path' = '${DATA}/bid.${FORMAT:-csv}')",
                Map.of("DATA", "/tmp/data"));
        assertTrue(statements.get(0).sql(), statements.get(0).sql().contains("'/tmp/data/bid.csv'"));
        SqlException e =
                assertThrows(SqlException.class, () -> session.parseScript("SELECT 1;\nSELECT '${NOPE}'", Map.of()));
        assertEquals(
                "Undefined variable 'NOPE' at line 2, column 9: define it (the CLI's -D NOPE=value) or give a"
                        + " default: ${NOPE:-default}",
                e.getMessage());
    }

    @Test
    public void unsupportedStatementsAreRejectedAtParseTime() {
        SqlException e = assertThrows(SqlException.class, () -> session.parse("DELETE FROM t"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Statement DELETE is not supported"));
    }
}
