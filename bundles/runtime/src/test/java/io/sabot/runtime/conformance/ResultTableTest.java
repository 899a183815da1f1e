package io.sabot.runtime.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The comparison the conformance suite relies on must itself be right. */
public class ResultTableTest {

    private static ResultTable table(String csv) {
        List<List<String>> records = ResultTable.parseCsv(csv);
        return new ResultTable(records.get(0), records.subList(1, records.size()));
    }

    @Test
    public void equalMultisetsInAnyOrderWithinTolerance() {
        ResultTable expected = table("a,b,c\nx,1,0.30000000000000004\ny,2,\"Redmond, WY\"\nx,1,0.1\n");
        ResultTable actual = table("k,v,w\nx,1,0.1000000000000000055\ny,2,\"Redmond, WY\"\nx,1,0.3\n");
        assertEquals(List.of(), ResultTable.differences(expected, actual, 5));
    }

    @Test
    public void reportsMissingAndUnexpectedRows() {
        ResultTable expected = table("a,b\nx,1\nx,1\ny,2\n");
        ResultTable actual = table("a,b\nx,1\ny,3\n");
        List<String> problems = ResultTable.differences(expected, actual, 5);
        assertEquals(problems.toString(), "3 rows expected, 2 produced; 2 missing, 1 unexpected", problems.get(0));
        assertTrue(problems.contains("missing:    [x, 1]"));
        assertTrue(problems.contains("unexpected: [y, 3]"));
    }

    @Test
    public void integersAndTextAreExactDoublesAreNot() {
        assertTrue(differ("a\n100\n", "a\n101\n"));
        assertFalse(differ("a\nabc\n", "a\nabc\n"));
        assertTrue(differ("a\nabc\n", "a\nabd\n"));
        assertTrue(differ("a\n1.0\n", "a\n1.0001\n"));
        assertFalse(differ("a\n1234567.0\n", "a\n1234567.0000000001\n"));
    }

    private static boolean differ(String expected, String actual) {
        return !ResultTable.differences(table(expected), table(actual), 5).isEmpty();
    }

    @Test
    public void timestampsAndNullsAreNormalised() {
        assertEquals("2024-01-01 00:00:10.000", ResultTable.normalise("2024-01-01T00:00:10"));
        assertEquals("2024-01-01 00:00:10.500", ResultTable.normalise("2024-01-01 00:00:10.5"));
        assertEquals(
                0,
                ResultTable.differences(
                                table("a,b\n2024-01-01 00:00:10.000,\n"), table("a,b\n2024-01-01T00:00:10,\n"), 5)
                        .size());
    }
}
