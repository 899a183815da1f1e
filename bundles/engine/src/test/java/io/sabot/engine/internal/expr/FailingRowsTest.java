package io.sabot.engine.internal.expr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Finding the rows an expression fails on, whether its error names the row or not. */
public class FailingRowsTest {

    /** An expression that fails on the rows in {@code bad} (among the active ones), naming the row or not. */
    private static FailingRows.Evaluation failingOn(int[] bad, boolean namesRow, int[] evaluations) {
        return active -> {
            evaluations[0]++;
            for (int row : bad) {
                if (active[row]) {
                    throw new ExpressionException("bad " + row, namesRow ? row : -1);
                }
            }
        };
    }

    private static boolean[] all(int n) {
        boolean[] active = new boolean[n];
        java.util.Arrays.fill(active, true);
        return active;
    }

    @Test
    public void rowsNamedByTheErrorCostOneEvaluationEach() throws Exception {
        int[] evaluations = {0};
        boolean[] active = all(100);
        active[50] = false; // filtered out: never reported
        List<Integer> found = new ArrayList<>();
        FailingRows.remove(
                100, active, failingOn(new int[] {7, 50, 99}, true, evaluations), (row, e) -> found.add(row));
        assertEquals(List.of(7, 99), found);
        assertEquals(3, evaluations[0]);
        boolean[] expected = all(100);
        expected[7] = expected[50] = expected[99] = false;
        assertArrayEquals(expected, active);
    }

    @Test
    public void rowsNotNamedAreFoundByBisectingWithTheirOwnError() throws Exception {
        int[] evaluations = {0};
        boolean[] active = all(1000);
        List<String> found = new ArrayList<>();
        FailingRows.remove(
                1000,
                active,
                failingOn(new int[] {999, 3, 512}, false, evaluations),
                (row, e) -> found.add(row + ":" + e.getMessage()));
        assertEquals(List.of("3:bad 3", "512:bad 512", "999:bad 999"), found);
        assertEquals(
                997,
                java.util.stream.IntStream.range(0, 1000).filter(i -> active[i]).count());
    }

    @Test
    public void anErrorOfNoRowIsThrown() {
        FailingRows.Evaluation broken = active -> {
            throw new ExpressionException("always");
        };
        ExpressionException e =
                assertThrows(ExpressionException.class, () -> FailingRows.remove(10, all(10), broken, (row, x) -> {}));
        assertEquals("always", e.getMessage());
    }

    @Test
    public void aHandlerThatThrowsStopsTheSearch() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> FailingRows.remove(10, all(10), failingOn(new int[] {4}, true, new int[1]), (row, x) -> {
                    throw new IllegalStateException("fail at " + row);
                }));
        assertEquals("fail at 4", e.getMessage());
    }
}
