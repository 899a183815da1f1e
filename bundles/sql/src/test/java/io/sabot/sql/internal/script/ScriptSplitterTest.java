package io.sabot.sql.internal.script;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.sql.SqlException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ScriptSplitterTest {

    @Test
    public void splitsAtSemicolonsAndKeepsStartPositions() {
        String script = "-- header comment; not a statement\n"
                + "CREATE TABLE t (a INT) WITH ('connector' = 'x;y');\n"
                + "\n"
                + "  SELECT 'a;b', \"c;d\", `e;f` /* ; */ FROM t -- trailing; comment\n"
                + ";\n"
                + "SELECT 1";
        List<ScriptPart> parts = ScriptSplitter.split(script);
        assertEquals(3, parts.size());
        assertEquals(
                "CREATE TABLE t (a INT) WITH ('connector' = 'x;y')",
                parts.get(0).text());
        assertEquals(2, parts.get(0).line());
        assertEquals(1, parts.get(0).column());
        assertTrue(parts.get(1).text().startsWith("SELECT 'a;b', \"c;d\", `e;f` /* ; */ FROM t"));
        assertEquals(4, parts.get(1).line());
        assertEquals(3, parts.get(1).column());
        assertEquals("SELECT 1", parts.get(2).text());
        assertEquals(6, parts.get(2).line());
    }

    @Test
    public void escapedQuotesAndEmptyStatements() {
        List<ScriptPart> parts = ScriptSplitter.split(";; SELECT 'it''s;ok';;\n/* only a comment */;");
        assertEquals(1, parts.size());
        assertEquals("SELECT 'it''s;ok'", parts.get(0).text());
        assertEquals(1, parts.get(0).line());
        assertEquals(4, parts.get(0).column());
    }

    @Test
    public void positionsInsideAStatementMapToTheScript() {
        ScriptPart part = new ScriptPart("SELECT\n  x", 7, 5);
        assertEquals(7, part.scriptLine(1));
        assertEquals(9, part.scriptColumn(1, 5));
        assertEquals(8, part.scriptLine(2));
        assertEquals(3, part.scriptColumn(2, 3));
    }

    @Test
    public void unterminatedCommentIsAnError() {
        SqlException e = assertThrows(SqlException.class, () -> ScriptSplitter.split("SELECT 1;\n  /* open"));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
    }

    @Test
    public void substitutesVariablesWithDefaults() {
        ScriptPart part = new ScriptPart("'path' = '${DATA}/bid.${FORMAT:-csv}', ${X:-}", 3, 1);
        assertEquals(
                "'path' = '/data/bid.csv', ",
                Variables.substitute(part, Map.of("DATA", "/data")).text());
        assertEquals(
                "'path' = '/data/bid.json', 1",
                Variables.substitute(part, Map.of("DATA", "/data", "FORMAT", "json", "X", "1"))
                        .text());
    }

    @Test
    public void leavesCommentsAlone() {
        ScriptPart part = new ScriptPart("SELECT 1 -- ${UNDEFINED}\n/* ${ALSO} */, '--${A}'", 1, 1);
        assertEquals(
                "SELECT 1 -- ${UNDEFINED}\n/* ${ALSO} */, '--a'",
                Variables.substitute(part, Map.of("A", "a")).text());
    }

    @Test
    public void undefinedVariableIsNamedWithItsPosition() {
        ScriptPart part = new ScriptPart("SELECT\n  '${DATA}'", 10, 1);
        SqlException e = assertThrows(SqlException.class, () -> Variables.substitute(part, Map.of()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Undefined variable 'DATA' at line 11, column 4"));
        assertEquals(11, e.line());
        assertEquals(4, e.column());
    }
}
