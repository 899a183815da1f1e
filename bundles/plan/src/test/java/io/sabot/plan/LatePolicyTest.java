package io.sabot.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LatePolicyTest {

    private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
    private static final DataType TS = DataType.of(TypeKind.TIMESTAMP).withTimeAttribute(TimeAttribute.ROWTIME);

    private static WindowAggregate counts() {
        RowType type = RowType.of(new Column("k", DataType.of(TypeKind.VARCHAR)), new Column("ts", TS));
        TableScan scan = new TableScan(new TableRef("default.t", "datagen", Map.of(), type, List.of()));
        return new WindowAggregate(
                scan,
                List.of(0),
                WindowSpec.tumble(1, 10_000),
                List.of(new AggregateCall(AggregateFunction.COUNT_STAR, List.of(), false, -1, BIGINT, "n")),
                List.of(WindowProperty.WINDOW_END),
                RowType.of(
                        new Column("k", DataType.of(TypeKind.VARCHAR)),
                        new Column("n", BIGINT),
                        new Column("window_end", DataType.of(TypeKind.TIMESTAMP))));
    }

    @Test
    public void theOldConstructorKeepsDropAndAnInsertOnlyOutput() {
        WindowAggregate agg = counts();
        assertEquals(LatePolicy.DROP, agg.latePolicy());
        assertEquals(ChangelogKind.INSERT_ONLY, agg.changelog());
        assertFalse(agg.describe().contains("late="));
    }

    @Test
    public void updateWithLatenessMakesTheOutputAChangelog() {
        WindowAggregate agg = counts().withLatePolicy(LatePolicy.update(10_000));
        assertEquals(ChangelogKind.RETRACT, agg.changelog());
        assertTrue(agg.describe(), agg.describe().endsWith(", late=update(allowedLateness=10000ms))"));
        assertEquals(ChangelogKind.RETRACT, new QueryPlan("q", agg).changelog());
        // update without lateness behaves as drop
        assertEquals(
                ChangelogKind.INSERT_ONLY,
                counts().withLatePolicy(LatePolicy.update(0)).changelog());
        // drop ignores a lateness
        assertEquals(
                ChangelogKind.INSERT_ONLY,
                counts().withLatePolicy(new LatePolicy(LatePolicy.Mode.DROP, 5_000))
                        .changelog());
    }

    @Test
    public void deadLetterKeepsAnInsertOnlyOutputAndIgnoresTheLateness() {
        WindowAggregate agg = counts().withLatePolicy(LatePolicy.DEAD_LETTER);
        assertTrue(LatePolicy.DEAD_LETTER.deadLetters());
        assertFalse(LatePolicy.DEAD_LETTER.emitsUpdates());
        assertFalse(LatePolicy.update(10_000).deadLetters());
        assertEquals(ChangelogKind.INSERT_ONLY, agg.changelog());
        assertTrue(agg.describe(), agg.describe().endsWith(", late=dead-letter)"));
        assertEquals(9_999, new LatePolicy(LatePolicy.Mode.DEAD_LETTER, 10_000).retainUntil(10_000));
    }

    @Test
    public void windowRankCarriesThePolicyAndTheOldConstructorKeepsDrop() {
        WindowAggregate agg = counts();
        WindowRank rank =
                new WindowRank(agg, List.of(2), 2, List.of(new SortKey(1, true, false)), 3, false, agg.rowType());
        assertEquals(LatePolicy.DROP, rank.latePolicy());
        assertFalse(rank.describe().contains("late="));
        WindowRank dead = rank.withLatePolicy(LatePolicy.DEAD_LETTER);
        assertEquals(LatePolicy.DEAD_LETTER, dead.latePolicy());
        assertTrue(dead.describe(), dead.describe().endsWith(", late=dead-letter)"));
        assertEquals(ChangelogKind.INSERT_ONLY, dead.changelog());
    }

    @Test
    public void retentionAndValidation() {
        assertEquals(9_999, LatePolicy.DROP.retainUntil(10_000));
        assertEquals(19_999, LatePolicy.update(10_000).retainUntil(10_000));
        assertEquals(Long.MAX_VALUE, LatePolicy.update(10_000).retainUntil(Long.MAX_VALUE - 5));
        assertFalse(new LatePolicy(LatePolicy.Mode.DROP, 10_000).emitsUpdates());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatePolicy.update(-1));
        assertEquals("allowed lateness must be >= 0 ms, got -1", e.getMessage());
        assertThrows(NullPointerException.class, () -> new LatePolicy(null, 0));
    }
}
