package io.sabot.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.Test;

public class QueryPlanTest {

    private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
    private static final DataType TS = DataType.of(TypeKind.TIMESTAMP).withTimeAttribute(TimeAttribute.ROWTIME);

    private static TableScan trades() {
        RowType type = RowType.of(
                new Column("symbol", DataType.of(TypeKind.VARCHAR)),
                new Column("volume", BIGINT),
                new Column("ts", TS));
        return new TableScan(new TableRef("default.trades", "datagen", Map.of(), type, List.of()));
    }

    @Test
    public void explainPrintsOperatorsAndChangelogs() {
        TableScan scan = trades();
        WatermarkAssigner watermark = new WatermarkAssigner(
                scan,
                2,
                new Call(
                        Operator.DATETIME_MINUS,
                        List.of(new InputRef(2, TS), new Literal(5000L, DataType.of(TypeKind.INTERVAL_DAY_TIME))),
                        DataType.of(TypeKind.TIMESTAMP)));
        GroupAggregate counts = new GroupAggregate(
                watermark,
                List.of(0),
                List.of(new AggregateCall(AggregateFunction.COUNT_STAR, List.of(), false, -1, BIGINT, "cnt")),
                RowType.of(new Column("symbol", DataType.of(TypeKind.VARCHAR)), new Column("cnt", BIGINT)));
        Calc filter = new Calc(
                counts,
                List.of(new InputRef(0, DataType.of(TypeKind.VARCHAR)), new InputRef(1, BIGINT)),
                new Call(
                        Operator.GREATER_THAN,
                        List.of(new InputRef(1, BIGINT), new Literal(10L, BIGINT)),
                        DataType.of(TypeKind.BOOLEAN)),
                counts.rowType());
        QueryPlan plan = new QueryPlan("SELECT …", filter);
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        assertEquals(
                "Calc(select=[$0 AS symbol, $1 AS cnt], where=[GREATER_THAN($1, 10)]) changelog\n"
                        + "  +- GroupAggregate(groupBy=[$0], select=[COUNT_STAR([])]) changelog\n"
                        + "    +- WatermarkAssigner(rowtime=[ts], watermark=[DATETIME_MINUS($2, 5000)])\n"
                        + "      +- TableScan(table=[default.trades], connector=[datagen], fields=[symbol, volume, ts])\n",
                plan.explain());
    }

    @Test
    public void windowAggregatesAreInsertOnlyAndChecked() {
        WindowAggregate window = new WindowAggregate(
                trades(),
                List.of(0),
                WindowSpec.tumble(2, 3_600_000),
                List.of(new AggregateCall(AggregateFunction.SUM, List.of(1), false, -1, BIGINT, "volume")),
                List.of(WindowProperty.WINDOW_START),
                RowType.of(
                        new Column("symbol", DataType.of(TypeKind.VARCHAR)),
                        new Column("volume", BIGINT),
                        new Column("window_start", DataType.of(TypeKind.TIMESTAMP))));
        assertEquals(ChangelogKind.INSERT_ONLY, window.changelog());
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.hop(0, 1000, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new WindowAggregate(
                        trades(), List.of(0), WindowSpec.tumble(2, 1000), List.of(), List.of(), RowType.of()));
    }

    @Test
    public void typesMapToArrowAndLiteralsAreTypeChecked() {
        assertEquals(new ArrowType.Decimal(10, 2, 128), DataType.decimal(10, 2).toArrowType());
        assertEquals("TIMESTAMP(3) *ROWTIME*", TS.toString());
        assertEquals("symbol STRING", new Column("symbol", DataType.of(TypeKind.VARCHAR)).toString());
        new Literal(new BigDecimal("1.50"), DataType.decimal(3, 2));
        assertThrows(IllegalArgumentException.class, () -> new Literal(1, BIGINT));
        assertThrows(IllegalArgumentException.class, () -> DataType.of(TypeKind.BIGINT)
                .withTimeAttribute(TimeAttribute.ROWTIME));
        assertThrows(IllegalArgumentException.class, () -> DataType.decimal(40, 2));
    }

    @Test
    public void aLookupJoinIsInnerOrLeftOverExistingColumnsAndPassesItsInputsChangelog() {
        TableScan scan = trades();
        DataType string = DataType.of(TypeKind.VARCHAR);
        TableRef symbols = new TableRef(
                "default.symbols",
                "filesystem",
                Map.of(),
                RowType.of(new Column("symbol", string), new Column("company", string)),
                List.of(0));
        RowType out = RowType.of(
                new Column("symbol", string),
                new Column("volume", BIGINT),
                new Column("ts", TS),
                new Column("company", string));
        LookupJoin join = new LookupJoin(scan, symbols, JoinKind.LEFT, List.of(0), List.of(0), List.of(1), null, out);
        assertEquals(ChangelogKind.INSERT_ONLY, join.changelog());
        assertEquals(
                "LookupJoin(table=[default.symbols], connector=[filesystem], joinType=[LEFT], lookup=[symbol=$0],"
                        + " select=[company])",
                join.describe());
        assertThrows(
                IllegalArgumentException.class,
                () -> new LookupJoin(scan, symbols, JoinKind.FULL, List.of(0), List.of(0), List.of(1), null, out));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LookupJoin(scan, symbols, JoinKind.INNER, List.of(0), List.of(2), List.of(1), null, out));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LookupJoin(scan, symbols, JoinKind.INNER, List.of(), List.of(), List.of(1), null, out));
    }
}
