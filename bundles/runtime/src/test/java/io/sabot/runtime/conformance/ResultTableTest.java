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
        assertFalse(
                ResultTable.differences(table("a\n100\n"), table("a\n101\n"), 5).isEmpty());
        assertEquals(
                1,
                ResultTable.differences(table("a\n1.0\n"), table("a\n1.0001\n"), 5)
                        .size());
        assertEquals(
                0,
                ResultTable.differences(table("a\n1234567.0\n"), table("a\n1234567.0000000001\n"), 5)
                        .size());
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
