package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.AggregateCall;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.Calc;
import io.sabot.plan.Call;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.InputRef;
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.Literal;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.Sink;
import io.sabot.plan.SortKey;
import io.sabot.plan.TableScan;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.plan.Union;
import io.sabot.plan.Values;
import io.sabot.plan.WatermarkAssigner;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowJoin;
import io.sabot.plan.WindowKind;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class PlannerTest {

    private final SqlSession session = TestSessions.session();

    private QueryPlan plan(String sql) {
        StatementResult result = TestSessions.last(session, sql);
        return ((StatementResult.Query) result).plan();
    }

    private PlanNode root(String sql) {
        return plan(sql).root();
    }

    private SqlException rejected(String sql) {
        return assertThrows(SqlException.class, () -> plan(sql));
    }

    /** The nodes of a plan, depth first. */
    private static List<PlanNode> nodes(PlanNode root) {
        List<PlanNode> out = new ArrayList<>();
        out.add(root);
        for (PlanNode input : root.inputs()) {
            out.addAll(nodes(input));
        }
        return out;
    }

    private static <T extends PlanNode> T only(PlanNode root, Class<T> type) {
        List<T> found =
                nodes(root).stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals("one " + type.getSimpleName() + " in\n" + new QueryPlan("", root).explain(), 1, found.size());
        return found.get(0);
    }

    private static Set<Operator> operators(Expr expr) {
        Set<Operator> out = EnumSet.noneOf(Operator.class);
        if (expr instanceof Call call) {
            out.add(call.operator());
            call.operands().forEach(o -> out.addAll(operators(o)));
        }
        return out;
    }

    private static Set<Operator> operators(Calc calc) {
        Set<Operator> out = EnumSet.noneOf(Operator.class);
        calc.projections().forEach(p -> out.addAll(operators(p)));
        if (calc.condition() != null) {
            out.addAll(operators(calc.condition()));
        }
        return out;
    }

    // ---- scans ----

    @Test
    public void scanBecomesTableScanCalcAndWatermarkAssigner() {
        PlanNode root = root("SELECT * FROM clicks");
        TableScan scan = only(root, TableScan.class);
        assertEquals(
                List.of("user_id", "url", "cost"),
                scan.rowType().columns().stream().map(c -> c.name()).toList());
        Calc computed = (Calc) root;
        assertEquals(scan, computed.input());
        assertEquals(
                new InputRef(2, DataType.decimal(10, 2)), computed.projections().get(2));
        assertEquals(Operator.PROCTIME, ((Call) computed.projections().get(3)).operator());
        assertEquals(Operator.CHAR_LENGTH, ((Call) computed.projections().get(4)).operator());
        assertEquals(TimeAttribute.PROCTIME, computed.rowType().type(3).timeAttribute());
        assertEquals(TypeKind.TIMESTAMP_LTZ, computed.rowType().type(3).kind());

        PlanNode bid = root("SELECT * FROM bid");
        WatermarkAssigner watermark = (WatermarkAssigner) bid;
        assertEquals(5, watermark.rowtimeColumn());
        Call expression = (Call) watermark.watermark();
        assertEquals(Operator.DATETIME_MINUS, expression.operator());
        assertEquals(
                new Literal(5000L, DataType.of(TypeKind.INTERVAL_DAY_TIME).withNullable(false)), expression.operand(1));
        assertEquals(TimeAttribute.ROWTIME, bid.rowType().type(5).timeAttribute());
        assertEquals(ChangelogKind.INSERT_ONLY, bid.changelog());
    }

    // ---- projection, filter, functions ----

    @Test
    public void projectionFilterAndArithmeticCasts() {
        Calc calc = (Calc) root("SELECT auction, 0.908 * price AS euro FROM bid WHERE MOD(auction, 123) = 0");
        Call times = (Call) calc.projections().get(1);
        assertEquals(Operator.MULTIPLY, times.operator());
        assertEquals(DataType.decimal(23, 3), times.type()); // DECIMAL(3, 3) * DECIMAL(20, 0), as in Flink
        Literal factor = (Literal) ((Call) times.operand(0)).operand(0);
        assertEquals(new BigDecimal("0.908"), factor.value());
        assertEquals(TypeKind.DECIMAL, factor.type().kind());
        assertEquals(Operator.CAST, ((Call) times.operand(1)).operator());
        assertEquals(DataType.decimal(23, 3), ((Call) times.operand(1)).type());
        Call equals = (Call) calc.condition();
        assertEquals(Operator.EQUALS, equals.operator());
        assertEquals(Set.of(Operator.EQUALS, Operator.MOD, Operator.CAST), operators((Expr) equals));
        assertEquals("euro", calc.rowType().column(1).name());
        assertTrue(calc.input() instanceof WatermarkAssigner);
    }

    @Test
    public void functionsMapToPlanOperators() {
        Calc strings =
                (Calc) root("SELECT UPPER(channel), LOWER(url), SUBSTRING(url FROM 2 FOR 3), CONCAT(channel, url),"
                        + " channel || '!', CHAR_LENGTH(url), TRIM(BOTH ' ' FROM url), REPLACE(url, 'a', 'b'),"
                        + " SPLIT_INDEX(url, '/', 1), REGEXP_EXTRACT(url, 'q=(.*)'), POSITION('x' IN url),"
                        + " CASE WHEN price > 5 THEN 'big' ELSE 'small' END, COALESCE(channel, '-'), CAST(price AS DOUBLE)"
                        + " FROM bid WHERE url LIKE 'http%' AND channel IS NOT NULL");
        assertTrue(operators(strings)
                .containsAll(EnumSet.of(
                        Operator.UPPER,
                        Operator.LOWER,
                        Operator.SUBSTRING,
                        Operator.CONCAT,
                        Operator.CHAR_LENGTH,
                        Operator.TRIM,
                        Operator.REPLACE,
                        Operator.SPLIT_INDEX,
                        Operator.REGEXP_EXTRACT,
                        Operator.POSITION,
                        Operator.CASE,
                        Operator.CAST,
                        Operator.LIKE,
                        Operator.AND,
                        Operator.IS_NOT_NULL)));
        Calc math = (Calc) root("SELECT ABS(price), CEIL(price / 3.0), FLOOR(price / 3.0), ROUND(price / 7.0, 2),"
                + " POWER(price, 2), SQRT(price), MOD(price, 7), EXP(price), LN(price), LOG10(price), -price FROM bid");
        assertTrue(operators(math)
                .containsAll(EnumSet.of(
                        Operator.ABS,
                        Operator.CEIL,
                        Operator.FLOOR,
                        Operator.ROUND,
                        Operator.POWER,
                        Operator.SQRT,
                        Operator.MOD,
                        Operator.EXP,
                        Operator.LN,
                        Operator.LOG10,
                        Operator.NEGATE,
                        Operator.DIVIDE)));
        Calc time = (Calc) root("SELECT EXTRACT(HOUR FROM dateTime), FLOOR(dateTime TO HOUR), CEIL(dateTime TO DAY),"
                + " DATE_FORMAT(dateTime, 'yyyy-MM-dd HH:mm'), TIMESTAMPADD(MINUTE, 5, dateTime),"
                + " TIMESTAMPDIFF(SECOND, dateTime, dateTime + INTERVAL '1' MINUTE) FROM bid");
        assertTrue(operators(time)
                .containsAll(EnumSet.of(
                        Operator.EXTRACT,
                        Operator.FLOOR_TIME,
                        Operator.CEIL_TIME,
                        Operator.DATE_FORMAT,
                        Operator.TIMESTAMPADD,
                        Operator.TIMESTAMPDIFF,
                        Operator.DATETIME_PLUS)));
        Call extract = (Call) time.projections().get(0);
        assertEquals(Literal.symbol("HOUR"), extract.operand(0));
        Call floor = (Call) time.projections().get(1);
        assertEquals(Literal.symbol("HOUR"), floor.operand(0));
        assertTrue(floor.operand(1) instanceof InputRef);
    }

    @Test
    public void inListsAndRangesBecomeComparisons() {
        Calc calc = (Calc) root("SELECT auction FROM bid WHERE channel IN ('a', 'b') AND price BETWEEN 1 AND 10");
        assertEquals(
                EnumSet.of(
                        Operator.AND,
                        Operator.OR,
                        Operator.EQUALS,
                        Operator.GREATER_THAN_OR_EQUAL,
                        Operator.LESS_THAN_OR_EQUAL),
                operators(calc));
    }

    @Test
    public void constantsAreReduced() {
        Calc calc = (Calc) root("SELECT auction, 1 + 2 AS three, UPPER('abc') AS up FROM bid");
        assertEquals(
                new Literal(3L, DataType.of(TypeKind.INTEGER).withNullable(false)),
                calc.projections().get(1));
        assertEquals("ABC", ((Literal) calc.projections().get(2)).value());
    }

    @Test
    public void identifiersAreCaseSensitiveFunctionsAreNot() {
        SqlException e = rejected("SELECT Auction FROM bid");
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .startsWith(
                                "SQL validation failed. From line 1, column 8 to line 1, column 14: Column 'Auction' not found in any table"));
        Calc calc = (Calc) root("select upper(channel), split_index(url, '/', 0) from bid");
        assertTrue(operators(calc).containsAll(EnumSet.of(Operator.UPPER, Operator.SPLIT_INDEX)));
    }

    @Test
    public void validationErrorsGiveScriptPositions() {
        SqlException e = assertThrows(
                SqlException.class,
                () -> session.executeScript(
                        "SET 'a' = 'b';\n\nSELECT auction,\n       nope\nFROM bid", java.util.Map.of()));
        assertEquals(
                "SQL validation failed. From line 4, column 8 to line 4, column 11: Column 'nope' not found in any table",
                e.getMessage());
        assertEquals(4, e.line());
        assertEquals(8, e.column());
    }

    // ---- group windows ----

    @Test
    public void seedFormTumbleInTheSelectListIsTheWindowStart() {
        QueryPlan plan = plan("SELECT channel, TUMBLE(dateTime, INTERVAL '1' HOUR) AS window_start, COUNT(*) AS c"
                + " FROM bid GROUP BY channel, TUMBLE(dateTime, INTERVAL '1' HOUR)");
        WindowAggregate window = only(plan.root(), WindowAggregate.class);
        assertEquals(WindowSpec.tumble(1, 3_600_000), window.window());
        assertEquals(List.of(0), window.groupKeys());
        assertEquals(AggregateFunction.COUNT_STAR, window.aggregates().get(0).function());
        Calc top = (Calc) plan.root();
        assertEquals(
                List.of("channel", "window_start", "c"),
                top.rowType().columns().stream().map(c -> c.name()).toList());
        assertEquals(
                new InputRef(2, window.rowType().type(2)), top.projections().get(1));
        assertEquals("window_start", window.rowType().column(2).name());
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        // the time column below the aggregation is the rowtime attribute
        assertEquals(TimeAttribute.ROWTIME, window.input().rowType().type(1).timeAttribute());
    }

    @Test
    public void tumbleStartEndAndRowtime() {
        PlanNode root = root("SELECT channel, TUMBLE_START(dateTime, INTERVAL '1' MINUTE) AS s,"
                + " TUMBLE_END(dateTime, INTERVAL '1' MINUTE) AS e, TUMBLE_ROWTIME(dateTime, INTERVAL '1' MINUTE) AS rt,"
                + " SUM(price) AS total FROM bid GROUP BY channel, TUMBLE(dateTime, INTERVAL '1' MINUTE)");
        WindowAggregate window = only(root, WindowAggregate.class);
        assertEquals(60_000, window.window().sizeMillis());
        Calc top = (Calc) root;
        // keys, aggregates, then window_start, window_end, window_time
        assertEquals(
                new InputRef(2, window.rowType().type(2)), top.projections().get(1));
        assertEquals(
                new InputRef(3, window.rowType().type(3)), top.projections().get(2));
        assertEquals(
                new InputRef(4, window.rowType().type(4)), top.projections().get(3));
        assertEquals(TimeAttribute.ROWTIME, top.rowType().type(3).timeAttribute());
        assertEquals(TimeAttribute.NONE, top.rowType().type(1).timeAttribute());
    }

    @Test
    public void hopAndSessionGroupWindows() {
        WindowAggregate hop = only(
                root("SELECT HOP_START(dateTime, INTERVAL '5' SECOND, INTERVAL '10' SECOND),"
                        + " HOP_END(dateTime, INTERVAL '5' SECOND, INTERVAL '10' SECOND), AVG(price) FROM bid"
                        + " GROUP BY HOP(dateTime, INTERVAL '5' SECOND, INTERVAL '10' SECOND)"),
                WindowAggregate.class);
        assertEquals(WindowSpec.hop(0, 10_000, 5_000), hop.window());
        assertEquals(List.of(), hop.groupKeys());
        assertEquals(DataType.of(TypeKind.BIGINT), hop.aggregates().get(0).type());

        PlanNode session = root("SELECT bidder, SESSION_START(dateTime, INTERVAL '10' SECOND) AS s,"
                + " SESSION_END(dateTime, INTERVAL '10' SECOND) AS e, COUNT(*) AS c FROM bid"
                + " GROUP BY bidder, SESSION(dateTime, INTERVAL '10' SECOND) HAVING COUNT(*) >= 2");
        WindowAggregate window = only(session, WindowAggregate.class);
        assertEquals(WindowSpec.session(1, 10_000), window.window());
        Calc top = (Calc) session;
        // SESSION_END is the window end, not the start (Calcite alone would make it the start)
        assertEquals(
                new InputRef(2, window.rowType().type(2)), top.projections().get(1));
        assertEquals(
                new InputRef(3, window.rowType().type(3)), top.projections().get(2));
        assertEquals(Operator.GREATER_THAN_OR_EQUAL, ((Call) top.condition()).operator());
    }

    @Test
    public void proctimeWindows() {
        WindowAggregate window = only(
                root(
                        "SELECT TUMBLE_START(proc, INTERVAL '1' MINUTE), COUNT(*) FROM clicks GROUP BY TUMBLE(proc, INTERVAL '1' MINUTE)"),
                WindowAggregate.class);
        assertEquals(
                TimeAttribute.PROCTIME,
                window.input().rowType().type(window.window().timeColumn()).timeAttribute());
        assertEquals(TimeAttribute.PROCTIME, window.rowType().type(3).timeAttribute());
    }

    // ---- unwindowed aggregates and joins ----

    @Test
    public void groupAggregateEmitsAChangelog() {
        QueryPlan plan = plan("SELECT channel, COUNT(*), COUNT(bidder), COUNT(DISTINCT bidder), SUM(price), AVG(price),"
                + " MIN(price), MAX(price) FROM bid GROUP BY channel HAVING SUM(price) > 10");
        GroupAggregate aggregate = only(plan.root(), GroupAggregate.class);
        assertEquals(
                List.of(
                        AggregateFunction.COUNT_STAR,
                        AggregateFunction.COUNT,
                        AggregateFunction.COUNT,
                        AggregateFunction.SUM,
                        AggregateFunction.AVG,
                        AggregateFunction.MIN,
                        AggregateFunction.MAX),
                aggregate.aggregates().stream().map(AggregateCall::function).toList());
        assertFalse(aggregate.aggregates().get(1).distinct());
        assertTrue(aggregate.aggregates().get(2).distinct());
        assertEquals(ChangelogKind.RETRACT, plan.changelog());
        assertEquals(Operator.GREATER_THAN, ((Call) ((Calc) plan.root()).condition()).operator());
    }

    @Test
    public void regularEquiJoins() {
        for (String kind : List.of("INNER", "LEFT", "RIGHT", "FULL")) {
            Join join = only(
                    root("SELECT b.auction, p.s FROM bid b " + kind
                            + " JOIN plain p ON b.auction = p.a AND p.s <> b.channel"),
                    Join.class);
            assertEquals(JoinKind.valueOf(kind), join.kind());
            assertEquals(List.of(0), join.leftKeys());
            assertNotNull(join.condition());
            assertEquals(Operator.NOT_EQUALS, ((Call) join.condition()).operator());
        }
        Join inner = only(root("SELECT * FROM bid b JOIN plain p ON b.channel = p.s"), Join.class);
        assertEquals(ChangelogKind.INSERT_ONLY, inner.changelog());
        assertNull(inner.condition());
        Join left = only(root("SELECT * FROM bid b LEFT JOIN plain p ON b.channel = p.s"), Join.class);
        assertEquals(ChangelogKind.RETRACT, left.changelog());
        assertTrue(left.rowType().type(left.rowType().size() - 1).nullable());
    }

    @Test
    public void windowAggregateOverARegularJoinPlansLikeFlink() {
        // conformance t01: Flink runs the legacy group window over the LEFT JOIN's changelog
        PlanNode root = root("SELECT b.channel, p.s, TUMBLE_START(b.dateTime, INTERVAL '1' HOUR), COUNT(*)"
                + " FROM bid b LEFT JOIN plain p ON b.channel = p.s"
                + " GROUP BY b.channel, p.s, TUMBLE(b.dateTime, INTERVAL '1' HOUR)");
        WindowAggregate window = only(root, WindowAggregate.class);
        assertTrue(nodes(window.input()).stream().anyMatch(n -> n instanceof Join));
        assertEquals(ChangelogKind.RETRACT, window.input().changelog());
        assertEquals(ChangelogKind.INSERT_ONLY, window.changelog());
    }

    /** Nexmark q5 as Flink's nexmark suite writes it (also conformance q05_hot_items). */
    private static final String Q5 = "SELECT AuctionBids.auction, AuctionBids.num FROM ("
            + " SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
            + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
            + " GROUP BY auction, window_start, window_end) AS AuctionBids"
            + " JOIN (SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime FROM ("
            + "   SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
            + "   FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
            + "   GROUP BY auction, window_start, window_end) AS CountBids"
            + " GROUP BY CountBids.starttime, CountBids.endtime) AS MaxBids"
            + " ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime"
            + " AND AuctionBids.num >= MaxBids.maxn";

    @Test
    public void windowAggregatesJoinedOnTheirWindowsPlanAWindowJoin() {
        // Flink plans q5 as a window join over a cascading window aggregation: insert-only, no regular join
        QueryPlan plan = plan(Q5);
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        assertTrue(nodes(plan.root()).stream().noneMatch(n -> n instanceof Join || n instanceof GroupAggregate));
        WindowJoin join = only(plan.root(), WindowJoin.class);
        assertEquals(JoinKind.INNER, join.kind());
        assertTrue(join.leftWindow().isAttached());
        assertTrue(join.leftWindow().sameWindows(WindowSpec.hop(0, 10_000, 2_000)));
        assertEquals(Operator.GREATER_THAN_OR_EQUAL, ((Call) join.condition()).operator());
        // the left's and right's window_start and window_end are among the keys, paired
        int ls = join.leftKeys().indexOf(join.leftWindow().startColumn());
        int le = join.leftKeys().indexOf(join.leftWindow().endColumn());
        assertEquals(join.rightWindow().startColumn(), (int) join.rightKeys().get(ls));
        assertEquals(join.rightWindow().endColumn(), (int) join.rightKeys().get(le));
        // MaxBids: a window aggregation by the windows the inner one attached to its rows
        List<WindowAggregate> windows = nodes(plan.root()).stream()
                .filter(WindowAggregate.class::isInstance)
                .map(WindowAggregate.class::cast)
                .toList();
        assertEquals(3, windows.size());
        WindowAggregate cascaded = windows.stream()
                .filter(w -> w.window().isAttached())
                .findFirst()
                .orElseThrow();
        assertTrue(cascaded.input() instanceof WindowAggregate || cascaded.input() instanceof Calc);
        assertEquals(2, cascaded.groupKeys().size());
        assertTrue(cascaded.properties().isEmpty());
        assertTrue(plan.explain(), plan.explain().contains("WindowJoin(type=[INNER], leftWindow=[HOP(win_start="));
    }

    @Test
    public void windowJoinOverWindowTableFunctionsAndOuterKinds() {
        String tvf = "(SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)))";
        for (String kind : List.of("INNER", "LEFT", "RIGHT", "FULL")) {
            QueryPlan plan = plan("SELECT l.auction, r.price, l.window_start FROM " + tvf + " l " + kind + " JOIN "
                    + tvf + " r ON l.auction = r.auction AND l.window_start = r.window_start"
                    + " AND l.window_end = r.window_end");
            WindowJoin join = only(plan.root(), WindowJoin.class);
            assertEquals(JoinKind.valueOf(kind), join.kind());
            // outer rows are emitted once, when their window fires: insert-only for every kind, as in Flink
            assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        }
        // without window_end equality, or with different windows: a regular join, as in Flink
        only(
                root("SELECT l.auction FROM " + tvf + " l JOIN " + tvf
                        + " r ON l.auction = r.auction AND l.window_start = r.window_start"),
                Join.class);
        String hop = "(SELECT * FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '5' SECOND,"
                + " INTERVAL '10' SECOND)))";
        only(
                root("SELECT l.auction FROM " + tvf + " l JOIN " + hop + " r ON l.auction = r.auction"
                        + " AND l.window_start = r.window_start AND l.window_end = r.window_end"),
                Join.class);
    }

    @Test
    public void groupingByAnotherAggregationsWindowsIsAWindowAggregation() {
        String inner = "(SELECT channel, COUNT(*) AS c, window_start, window_end FROM TABLE(TUMBLE(TABLE bid,"
                + " DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY channel, window_start, window_end)";
        QueryPlan plan = plan(
                "SELECT window_start, window_end, MAX(c), SUM(c) FROM " + inner + " GROUP BY window_start, window_end");
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        assertTrue(nodes(plan.root()).stream().noneMatch(n -> n instanceof GroupAggregate));
        // only one of the window columns: an updating aggregate, as in Flink
        QueryPlan updating = plan("SELECT window_start, MAX(c) FROM " + inner + " GROUP BY window_start");
        assertEquals(ChangelogKind.RETRACT, updating.changelog());
        only(updating.root(), GroupAggregate.class);
    }

    // ---- window table functions and Top-N ----

    @Test
    public void windowTableFunctionsFoldIntoWindowAggregates() {
        String group = " GROUP BY window_start, window_end, channel";
        WindowAggregate tumble = only(
                root("SELECT window_start, window_end, channel, COUNT(*) FROM TABLE(TUMBLE(TABLE bid,"
                        + " DESCRIPTOR(dateTime), INTERVAL '10' SECOND))" + group),
                WindowAggregate.class);
        assertEquals(WindowKind.TUMBLE, tumble.window().kind());
        assertEquals(10_000, tumble.window().sizeMillis());
        assertEquals(
                TimeAttribute.ROWTIME,
                tumble.input().rowType().type(tumble.window().timeColumn()).timeAttribute());
        WindowAggregate hop = only(
                root(
                        "SELECT window_start, window_end, channel, COUNT(*) FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime),"
                                + " INTERVAL '2' SECOND, INTERVAL '10' SECOND))" + group),
                WindowAggregate.class);
        assertEquals(new WindowSpec(WindowKind.HOP, hop.window().timeColumn(), 10_000, 2_000, 0, 0), hop.window());
        WindowAggregate cumulate = only(
                root("SELECT window_start, window_end, channel, COUNT(*) FROM TABLE(CUMULATE(TABLE bid,"
                        + " DESCRIPTOR(dateTime), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))" + group),
                WindowAggregate.class);
        assertEquals(WindowSpec.cumulate(cumulate.window().timeColumn(), 600_000, 60_000), cumulate.window());
        WindowAggregate session = only(
                root("SELECT window_start, window_end, channel, COUNT(*) FROM TABLE(SESSION(TABLE bid PARTITION BY"
                        + " channel, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE))" + group),
                WindowAggregate.class);
        assertEquals(WindowSpec.session(session.window().timeColumn(), 60_000), session.window());
        assertEquals(1, session.groupKeys().size());
    }

    @Test
    public void windowTableFunctionAlone() {
        PlanNode root = root("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE))");
        WindowTableFunction tvf = only(root, WindowTableFunction.class);
        assertEquals(WindowSpec.tumble(5, 60_000), tvf.window());
        int n = tvf.rowType().size();
        assertEquals(
                List.of("window_start", "window_end", "window_time"),
                tvf.rowType().columns().subList(n - 3, n).stream()
                        .map(c -> c.name())
                        .toList());
        assertEquals(TimeAttribute.ROWTIME, tvf.rowType().type(n - 1).timeAttribute());
    }

    @Test
    public void windowTopN() {
        PlanNode root = root("SELECT * FROM (SELECT window_start, window_end, channel, SUM(price) AS total,"
                + " ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY SUM(price) DESC) AS rn"
                + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE))"
                + " GROUP BY window_start, window_end, channel) WHERE rn <= 3");
        WindowRank rank = only(root, WindowRank.class);
        assertEquals(3, rank.limit());
        assertEquals(2, rank.partitionKeys().size());
        assertTrue(rank.partitionKeys().contains(rank.windowEndColumn()));
        assertEquals(
                "window_end",
                rank.input().rowType().column(rank.windowEndColumn()).name());
        assertEquals(List.of(new SortKey(3, true, true)), rank.orderBy());
        assertTrue(rank.input() instanceof Calc);
        assertTrue(((Calc) rank.input()).input() instanceof WindowAggregate);
    }

    @Test
    public void moreWindowShapes() {
        // a filter between the window function and the aggregation does not stop folding
        WindowAggregate filtered = only(
                root("SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime),"
                        + " INTERVAL '1' MINUTE)) WHERE price > 10 GROUP BY window_start, window_end"),
                WindowAggregate.class);
        assertTrue(filtered.input() instanceof Calc);
        assertNotNull(((Calc) filtered.input()).condition());
        // Top-N straight on a window function
        WindowRank rank = only(
                root("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end"
                        + " ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime),"
                        + " INTERVAL '1' MINUTE))) WHERE rn = 1"),
                WindowRank.class);
        assertEquals(1, rank.limit());
        assertTrue(rank.input() instanceof WindowTableFunction);
        // a window over a window's rowtime (cascading)
        TestSessions.last(
                session,
                "CREATE VIEW per_minute AS SELECT channel, TUMBLE_ROWTIME(dateTime, INTERVAL '1'"
                        + " MINUTE) AS rt, COUNT(*) AS c FROM bid GROUP BY channel, TUMBLE(dateTime, INTERVAL '1' MINUTE)");
        PlanNode cascade = root("SELECT TUMBLE_START(rt, INTERVAL '1' HOUR), SUM(c) FROM per_minute"
                + " GROUP BY TUMBLE(rt, INTERVAL '1' HOUR)");
        assertEquals(
                2,
                nodes(cascade).stream()
                        .filter(n -> n instanceof WindowAggregate)
                        .count());
        // a rowtime computed from a string
        TestSessions.last(
                session,
                "CREATE TABLE events (s STRING, ts AS CAST(s AS TIMESTAMP(3)),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen')");
        WatermarkAssigner computed = only(root("SELECT * FROM events"), WatermarkAssigner.class);
        assertEquals(1, computed.rowtimeColumn());
        assertTrue(computed.input() instanceof Calc);
        // the DESCRIPTOR must name a timestamp column
        assertTrue(rejected("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(channel), INTERVAL '1' MINUTE))")
                .getMessage()
                .contains("requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is STRING."));
        assertTrue(rejected("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(nope), INTERVAL '1' MINUTE))")
                .getMessage()
                .startsWith("Column 'nope' of DESCRIPTOR(nope) not found"));
    }

    // ---- set operations, subqueries, views, INSERT ----

    @Test
    public void unionAllSubqueriesAndViews() {
        Union union = only(
                root("SELECT auction, price FROM bid UNION ALL SELECT CAST(a AS BIGINT), CAST(a AS BIGINT) FROM plain"),
                Union.class);
        assertEquals(2, union.inputs().size());
        PlanNode sub = root(
                "SELECT x.auction FROM (SELECT auction, SUM(price) AS s FROM bid GROUP BY auction) x WHERE x.s > 5");
        only(sub, GroupAggregate.class);
        TestSessions.last(session, "CREATE VIEW expensive AS SELECT auction, price FROM bid WHERE price > 100");
        Calc calc = (Calc) root("SELECT auction FROM expensive WHERE auction = 7");
        assertEquals(EnumSet.of(Operator.AND, Operator.GREATER_THAN, Operator.EQUALS), operators(calc));
        Values values = (Values) root("VALUES (1, 'a'), (2, 'b')");
        assertEquals(2, values.rows().size());
    }

    @Test
    public void insertCastsToTheSinkTypes() {
        StatementResult result =
                TestSessions.last(session, "INSERT INTO sink_t SELECT auction, channel, price FROM bid");
        assertEquals(StatementKind.INSERT, result.kind());
        Sink sink = (Sink) ((StatementResult.Query) result).plan().root();
        assertEquals("default.sink_t", sink.table().name());
        Calc casts = (Calc) sink.input();
        assertEquals(Operator.CAST, ((Call) casts.projections().get(2)).operator());
        assertEquals(TypeKind.DOUBLE, casts.rowType().type(2).kind());
        Sink partial = (Sink) ((StatementResult.Query)
                        TestSessions.last(session, "INSERT INTO sink_t (b, a) SELECT channel, price FROM bid"))
                .plan()
                .root();
        Calc reorder = (Calc) partial.input();
        // merged with the query's projection: a <- price ($2 of bid), b <- channel ($3)
        assertEquals(2, ((InputRef) reorder.projections().get(0)).index());
        assertEquals(3, ((InputRef) reorder.projections().get(1)).index());
        assertTrue(reorder.input() instanceof WatermarkAssigner);
        assertNull(((Literal) reorder.projections().get(2)).value());
        SqlException e = rejected("INSERT INTO sink_t SELECT auction FROM bid");
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .startsWith(
                                "Column types of query result and sink for 'sink_t' do not match.\nCause: Different number of columns."));
        SqlException types = rejected("INSERT INTO sink_t SELECT dateTime, channel, price FROM bid");
        assertTrue(
                types.getMessage(),
                types.getMessage().contains("Incompatible types for sink column 'a' at position 0."));
    }

    // ---- rejections ----

    @Test
    public void rejectsWhatAStreamingEngineCannotRun() {
        assertTrue(rejected("SELECT auction, price FROM bid ORDER BY price DESC")
                .getMessage()
                .startsWith("Sort on a non-time-attribute field is not supported."));
        assertTrue(rejected("SELECT auction FROM bid ORDER BY price LIMIT 3")
                .getMessage()
                .startsWith("ORDER BY … LIMIT/FETCH/OFFSET (streaming Top-N) is not supported yet"));
        assertTrue(rejected("SELECT COUNT(*) FROM plain GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)")
                .getMessage()
                .startsWith("Window can only be defined on a time attribute column, but is type of TIMESTAMP(3)"));
        assertTrue(rejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts),"
                        + " INTERVAL '10' SECOND)) GROUP BY window_start, window_end")
                .getMessage()
                .startsWith("The window function requires the timecol is a time attribute type, but is TIMESTAMP(3)."));
        assertTrue(rejected("SELECT * FROM bid b JOIN plain p ON b.auction > p.a")
                .getMessage()
                .startsWith("A join needs at least one equality condition"));
        assertTrue(rejected("SELECT SUM(price) OVER (PARTITION BY auction ORDER BY dateTime) FROM bid")
                .getMessage()
                .startsWith("OVER aggregations are not supported"));
        assertTrue(
                rejected("SELECT * FROM (SELECT auction, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price) AS rn"
                                + " FROM bid) WHERE rn <= 2")
                        .getMessage()
                        .startsWith("ROW_NUMBER() is only supported as window Top-N"));
        assertTrue(rejected("SELECT COUNT(*) FROM bid GROUP BY TUMBLE(dateTime, INTERVAL '1' MONTH)")
                .getMessage()
                .startsWith("Window sizes must be day-time interval literals"));
        TestSessions.last(
                session, "CREATE VIEW joined AS SELECT b.dateTime FROM bid b LEFT JOIN plain p ON b.channel = p.s");
        assertTrue(rejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE joined, DESCRIPTOR(dateTime),"
                        + " INTERVAL '1' SECOND)) GROUP BY window_start, window_end")
                .getMessage()
                .startsWith("A window aggregation over a window table function can only consume an insert-only input"));
    }

    // ---- EXPLAIN ----

    @Test
    public void explain() {
        StatementResult.Explanation explanation = (StatementResult.Explanation)
                TestSessions.last(session, "EXPLAIN PLAN FOR SELECT auction, price FROM bid WHERE price > 100");
        assertEquals(
                "Calc(select=[$0 AS auction, $2 AS price], where=[GREATER_THAN($2, 100)])\n"
                        + "  +- WatermarkAssigner(rowtime=[dateTime], watermark=[DATETIME_MINUS($5, 5000)])\n"
                        + "    +- TableScan(table=[default.bid], connector=[datagen], fields=[auction, bidder, price,"
                        + " channel, url, dateTime, extra])\n",
                explanation.plan().explain());
        assertTrue(explanation.text(), explanation.text().startsWith("== Abstract Syntax Tree ==\nLogicalProject("));
        assertTrue(explanation.text(), explanation.text().contains("== Optimized Logical Plan ==\nLogicalCalc("));
        assertTrue(
                explanation.text(),
                explanation
                        .text()
                        .endsWith("== Physical Plan ==\n" + explanation.plan().explain()));
        StatementResult.Explanation insert = (StatementResult.Explanation)
                TestSessions.last(session, "EXPLAIN INSERT INTO sink_t SELECT auction, channel, price FROM bid");
        assertTrue(insert.plan().root() instanceof Sink);
    }
}
