package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.BOOL;
import static io.sabot.engine.Plans.DOUBLE;
import static io.sabot.engine.Plans.INT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.agg;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countDistinct;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.decimal;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.Plans.sym;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import io.sabot.plan.AggregateFunction;
import io.sabot.plan.Calc;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.Test;

/**
 * Plans equivalent to the shared conformance queries, run over their CSV data at parallelism 1 and 2, with keyed state
 * on the heap and in rocksdb, compared with Flink's results: as multisets, doubles within 1e-9 relative, timestamps as
 * {@code yyyy-MM-dd HH:mm:ss.SSS}.
 * Skipped when the data is not there.
 */
public class ConformanceTest {

    static final Path ROOT = Path.of("/work/shared/conformance");
    static final RowType BID = row(
            col("auction", BIGINT),
            col("bidder", BIGINT),
            col("price", BIGINT),
            col("channel", STRING),
            col("url", STRING),
            col("dateTime", ROWTIME),
            col("extra", STRING));
    static final RowType PERSON = row(
            col("id", BIGINT),
            col("name", STRING),
            col("emailAddress", STRING),
            col("creditCard", STRING),
            col("city", STRING),
            col("state", STRING),
            col("dateTime", ROWTIME),
            col("extra", STRING));
    static final RowType TRADES =
            row(col("symbol", STRING), col("price", DOUBLE), col("volume", BIGINT), col("ts", ROWTIME));
    static final RowType SECURITIES =
            row(col("symbol", STRING), col("company_name", STRING), col("sector", STRING), col("market_cap", BIGINT));

    static TableScan table(String name, RowType type) {
        Path path = ROOT.resolve("data").resolve(name + ".csv");
        return new TableScan(new TableRef(
                "conformance." + name, "test-csv", Map.of("path", path.toString(), "format", "csv"), type, List.of()));
    }

    /** bid with {@code WATERMARK FOR dateTime AS dateTime - INTERVAL '5' SECOND}. */
    static PlanNode bids() {
        return Plans.watermark(table("bid", BID), 5, 5000);
    }

    static Calc project(PlanNode input, List<Expr> exprs, Expr where, RowType type) {
        return new Calc(input, exprs, where, type);
    }

    /** Reorders (and renames) columns. */
    static Calc reorder(PlanNode input, RowType type, int... columns) {
        List<Expr> exprs = new ArrayList<>();
        for (int c : columns) {
            exprs.add(ref(c, input.rowType().type(c)));
        }
        return new Calc(input, exprs, null, type);
    }

    static QueryPlan w01() {
        Calc c = project(
                bids(),
                List.of(ref(3, STRING), ref(2, BIGINT), call(Operator.CAST, DOUBLE, ref(2, BIGINT)), ref(5, ROWTIME)),
                null,
                row(col("channel", STRING), col("price", BIGINT), col("price_d", DOUBLE), col("dateTime", ROWTIME)));
        WindowAggregate w = new WindowAggregate(
                c,
                List.of(0),
                WindowSpec.tumble(3, 10_000),
                List.of(
                        countStar("bids"),
                        agg(AggregateFunction.SUM, 1, BIGINT, "sum_price"),
                        agg(AggregateFunction.AVG, 2, DOUBLE, "avg_price"),
                        agg(AggregateFunction.MIN, 1, BIGINT, "min_price"),
                        agg(AggregateFunction.MAX, 1, BIGINT, "max_price")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(
                        col("channel", STRING),
                        col("bids", BIGINT),
                        col("sum_price", BIGINT),
                        col("avg_price", DOUBLE),
                        col("min_price", BIGINT),
                        col("max_price", BIGINT),
                        col("window_start", TS),
                        col("window_end", TS)));
        return new QueryPlan(
                "w01",
                reorder(
                        w,
                        row(
                                col("channel", STRING),
                                col("window_start", TS),
                                col("window_end", TS),
                                col("bids", BIGINT),
                                col("sum_price", BIGINT),
                                col("avg_price", DOUBLE),
                                col("min_price", BIGINT),
                                col("max_price", BIGINT)),
                        0,
                        6,
                        7,
                        1,
                        2,
                        3,
                        4,
                        5));
    }

    static QueryPlan w03() {
        Calc c = project(
                bids(),
                List.of(ref(2, BIGINT), ref(5, ROWTIME)),
                null,
                row(col("price", BIGINT), col("dateTime", ROWTIME)));
        WindowAggregate w = new WindowAggregate(
                c,
                List.of(),
                WindowSpec.hop(1, 10_000, 5_000),
                List.of(
                        countStar("bids"),
                        agg(AggregateFunction.SUM, 0, BIGINT, "sum_price"),
                        agg(AggregateFunction.AVG, 0, BIGINT, "avg_price_bigint"),
                        agg(AggregateFunction.MIN, 0, BIGINT, "min_price"),
                        agg(AggregateFunction.MAX, 0, BIGINT, "max_price")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(
                        col("bids", BIGINT),
                        col("sum_price", BIGINT),
                        col("avg_price_bigint", BIGINT),
                        col("min_price", BIGINT),
                        col("max_price", BIGINT),
                        col("window_start", TS),
                        col("window_end", TS)));
        return new QueryPlan(
                "w03",
                reorder(
                        w,
                        row(
                                col("window_start", TS),
                                col("window_end", TS),
                                col("bids", BIGINT),
                                col("sum_price", BIGINT),
                                col("avg_price_bigint", BIGINT),
                                col("min_price", BIGINT),
                                col("max_price", BIGINT)),
                        5,
                        6,
                        0,
                        1,
                        2,
                        3,
                        4));
    }

    static QueryPlan w05() {
        Calc c = project(
                bids(),
                List.of(ref(1, BIGINT), ref(5, ROWTIME)),
                null,
                row(col("bidder", BIGINT), col("dateTime", ROWTIME)));
        WindowAggregate w = new WindowAggregate(
                c,
                List.of(0),
                WindowSpec.session(1, 10_000),
                List.of(countStar("bid_count")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(col("bidder", BIGINT), col("bid_count", BIGINT), col("starttime", TS), col("endtime", TS)));
        Calc having = new Calc(
                w,
                List.of(ref(0, BIGINT), ref(1, BIGINT), ref(2, TS), ref(3, TS)),
                call(Operator.GREATER_THAN_OR_EQUAL, BOOL, ref(1, BIGINT), lit(2L)),
                w.rowType());
        return new QueryPlan("w05", having);
    }

    static QueryPlan w08() {
        Calc c = project(
                bids(),
                List.of(ref(1, BIGINT), ref(0, BIGINT), ref(3, STRING), ref(5, ROWTIME)),
                null,
                row(col("bidder", BIGINT), col("auction", BIGINT), col("channel", STRING), col("dateTime", ROWTIME)));
        WindowAggregate w = new WindowAggregate(
                c,
                List.of(),
                WindowSpec.tumble(3, 60_000),
                List.of(
                        countStar("bids"),
                        countDistinct(0, "bidders"),
                        countDistinct(1, "auctions"),
                        countDistinct(2, "channels")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(
                        col("bids", BIGINT),
                        col("bidders", BIGINT),
                        col("auctions", BIGINT),
                        col("channels", BIGINT),
                        col("window_start", TS),
                        col("window_end", TS)));
        return new QueryPlan(
                "w08",
                reorder(
                        w,
                        row(
                                col("window_start", TS),
                                col("window_end", TS),
                                col("bids", BIGINT),
                                col("bidders", BIGINT),
                                col("auctions", BIGINT),
                                col("channels", BIGINT)),
                        4,
                        5,
                        0,
                        1,
                        2,
                        3));
    }

    static QueryPlan a01() {
        Expr channelClass = call(
                Operator.CASE,
                STRING,
                call(Operator.LIKE, BOOL, ref(3, STRING), lit("channel-%")),
                lit("long-tail"),
                ref(3, STRING));
        Calc c = project(
                bids(),
                List.of(channelClass, ref(2, BIGINT), ref(1, BIGINT)),
                null,
                row(col("channel_class", STRING), col("price", BIGINT), col("bidder", BIGINT)));
        GroupAggregate g = new GroupAggregate(
                c,
                List.of(0),
                List.of(
                        countStar("bids"),
                        agg(AggregateFunction.SUM, 1, BIGINT, "sum_price"),
                        agg(AggregateFunction.MIN, 1, BIGINT, "min_price"),
                        agg(AggregateFunction.MAX, 1, BIGINT, "max_price"),
                        countDistinct(2, "bidders")),
                row(
                        col("channel_class", STRING),
                        col("bids", BIGINT),
                        col("sum_price", BIGINT),
                        col("min_price", BIGINT),
                        col("max_price", BIGINT),
                        col("bidders", BIGINT)));
        return new QueryPlan("a01", g);
    }

    static QueryPlan q01() {
        DataType price = decimal(23, 3);
        return new QueryPlan(
                "q01",
                project(
                        bids(),
                        List.of(
                                ref(0, BIGINT),
                                ref(1, BIGINT),
                                call(
                                        Operator.MULTIPLY,
                                        price,
                                        lit(new BigDecimal("0.908"), decimal(3, 3)),
                                        ref(2, BIGINT)),
                                ref(5, ROWTIME),
                                ref(6, STRING)),
                        null,
                        row(
                                col("auction", BIGINT),
                                col("bidder", BIGINT),
                                col("price", price),
                                col("dateTime", ROWTIME),
                                col("extra", STRING))));
    }

    static QueryPlan q02() {
        return new QueryPlan(
                "q02",
                project(
                        bids(),
                        List.of(ref(0, BIGINT), ref(2, BIGINT)),
                        call(Operator.EQUALS, BOOL, call(Operator.MOD, BIGINT, ref(0, BIGINT), lit(123L)), lit(0L)),
                        row(col("auction", BIGINT), col("price", BIGINT))));
    }

    static QueryPlan s01() {
        PlanNode people = Plans.watermark(table("person", PERSON), 6, 5000);
        Expr name = ref(1, STRING);
        Expr email = ref(2, STRING);
        List<Expr> exprs = List.of(
                ref(0, BIGINT),
                call(Operator.UPPER, STRING, name),
                call(Operator.LOWER, STRING, ref(4, STRING)),
                call(Operator.SUBSTRING, STRING, name, intLit(1L, INT), intLit(3L, INT)),
                call(Operator.CHAR_LENGTH, INT, email),
                call(Operator.CONCAT, STRING, call(Operator.CONCAT, STRING, ref(4, STRING), lit(", ")), ref(5, STRING)),
                call(Operator.POSITION, INT, lit("@"), email),
                call(Operator.REPLACE, STRING, ref(3, STRING), lit(" "), lit("-")),
                call(
                        Operator.TRIM,
                        STRING,
                        sym("BOTH"),
                        lit(" "),
                        call(Operator.SUBSTRING, STRING, email, intLit(1L, INT), intLit(4L, INT))));
        Expr where = call(
                Operator.OR,
                BOOL,
                call(Operator.LIKE, BOOL, name, lit("P%")),
                call(Operator.EQUALS, BOOL, ref(5, STRING), lit("WY")));
        return new QueryPlan(
                "s01",
                project(
                        people,
                        exprs,
                        where,
                        row(
                                col("id", BIGINT),
                                col("name_upper", STRING),
                                col("city_lower", STRING),
                                col("name_prefix", STRING),
                                col("email_len", INT),
                                col("location", STRING),
                                col("at_pos", INT),
                                col("card", STRING),
                                col("email_head", STRING))));
    }

    private static io.sabot.plan.Literal intLit(long v, DataType type) {
        return new io.sabot.plan.Literal(v, type);
    }

    static QueryPlan t01() {
        PlanNode trades = Plans.watermark(table("trades", TRADES), 3, 5000);
        RowType joined = row(
                col("symbol", STRING),
                col("price", DOUBLE),
                col("volume", BIGINT),
                col("ts", ROWTIME),
                col("symbol0", STRING),
                col("company_name", STRING),
                col("sector", STRING),
                col("market_cap", BIGINT));
        Join j = new Join(trades, table("securities", SECURITIES), JoinKind.LEFT, List.of(0), List.of(0), null, joined);
        WindowAggregate w = new WindowAggregate(
                j,
                List.of(0, 5, 6),
                WindowSpec.tumble(3, 3_600_000),
                List.of(
                        agg(AggregateFunction.AVG, 1, DOUBLE, "avg_price"),
                        agg(AggregateFunction.SUM, 2, BIGINT, "total_volume"),
                        countStar("trade_count")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(
                        col("symbol", STRING),
                        col("company_name", STRING),
                        col("sector", STRING),
                        col("avg_price", DOUBLE),
                        col("total_volume", BIGINT),
                        col("trade_count", BIGINT),
                        col("window_start", TS),
                        col("window_end", TS)));
        return new QueryPlan(
                "t01",
                reorder(
                        w,
                        row(
                                col("symbol", STRING),
                                col("company_name", STRING),
                                col("sector", STRING),
                                col("window_start", TS),
                                col("window_end", TS),
                                col("avg_price", DOUBLE),
                                col("total_volume", BIGINT),
                                col("trade_count", BIGINT)),
                        0,
                        1,
                        2,
                        6,
                        7,
                        3,
                        4,
                        5));
    }

    static QueryPlan q05() {
        Calc c = project(
                bids(),
                List.of(ref(0, BIGINT), ref(5, ROWTIME)),
                null,
                row(col("auction", BIGINT), col("dateTime", ROWTIME)));
        // one window aggregate read by both sides of the join: a shared node
        WindowAggregate auctionBids = new WindowAggregate(
                c,
                List.of(0),
                WindowSpec.hop(1, 10_000, 2_000),
                List.of(countStar("num")),
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END),
                row(col("auction", BIGINT), col("num", BIGINT), col("starttime", TS), col("endtime", TS)));
        GroupAggregate maxBids = new GroupAggregate(
                auctionBids,
                List.of(2, 3),
                List.of(agg(AggregateFunction.MAX, 1, BIGINT, "maxn")),
                row(col("starttime", TS), col("endtime", TS), col("maxn", BIGINT)));
        RowType joined = row(
                col("auction", BIGINT),
                col("num", BIGINT),
                col("starttime", TS),
                col("endtime", TS),
                col("starttime0", TS),
                col("endtime0", TS),
                col("maxn", BIGINT));
        Join j = new Join(
                auctionBids,
                maxBids,
                JoinKind.INNER,
                List.of(2, 3),
                List.of(0, 1),
                call(Operator.GREATER_THAN_OR_EQUAL, BOOL, ref(1, BIGINT), ref(6, BIGINT)),
                joined);
        return new QueryPlan("q05", reorder(j, auctionBids.rowType(), 0, 1, 2, 3));
    }

    // ---- running and comparing ----

    private void check(String name, QueryPlan plan) throws Exception {
        Path expected = ROOT.resolve("expected").resolve(name + ".csv");
        assumeTrue("conformance data not present", Files.exists(expected) && Files.isDirectory(ROOT.resolve("data")));
        for (String backend : List.of("memory", "rocksdb")) {
            for (int parallelism : new int[] {1, 2}) {
                List<List<Object>> rows;
                try (EngineHarness harness = EngineHarness.on(backend)
                        .with(new CsvSourceFactory())
                        .with(new TestCsvFormat())
                        .parallelism(parallelism)) {
                    rows = harness.run(plan);
                }
                if (plan.changelog() == ChangelogKind.RETRACT) {
                    rows = materialize(rows);
                }
                compare(
                        name + " at parallelism " + parallelism + " on " + backend,
                        plan.root().rowType(),
                        readCsv(expected),
                        rows);
            }
        }
    }

    static List<List<Object>> materialize(List<List<Object>> changelog) {
        List<List<Object>> rows = new ArrayList<>();
        ParallelismTest.materialize(changelog).forEach((row, count) -> {
            for (int i = 0; i < count; i++) {
                rows.add(row);
            }
        });
        return rows;
    }

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static void compare(String what, RowType type, List<List<String>> expected, List<List<Object>> actual) {
        boolean[] numeric = new boolean[type.size()];
        for (int c = 0; c < type.size(); c++) {
            TypeKind k = type.type(c).kind();
            numeric[c] = k == TypeKind.DOUBLE || k == TypeKind.FLOAT || k == TypeKind.DECIMAL;
        }
        Map<String, List<double[]>> want = group(expected, numeric);
        List<List<String>> got = new ArrayList<>();
        for (List<Object> row : actual) {
            List<String> text = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                TypeKind k = type.type(c).kind();
                text.add(
                        v == null
                                ? ""
                                : k == TypeKind.TIMESTAMP || k == TypeKind.TIMESTAMP_LTZ
                                        ? TIMESTAMP.format(Instant.ofEpochMilli((Long) v))
                                        : v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
            }
            got.add(text);
        }
        Map<String, List<double[]>> have = group(got, numeric);
        assertEquals(what + ": row count", expected.size(), actual.size());
        assertEquals(
                what + ": rows (numeric columns aside)",
                new java.util.TreeSet<>(want.keySet()),
                new java.util.TreeSet<>(have.keySet()));
        for (Map.Entry<String, List<double[]>> e : want.entrySet()) {
            List<double[]> w = e.getValue();
            List<double[]> h = have.get(e.getKey());
            assertEquals(what + ": duplicates of " + e.getKey(), w.size(), h.size());
            for (int i = 0; i < w.size(); i++) {
                for (int c = 0; c < w.get(i).length; c++) {
                    double x = w.get(i)[c];
                    double y = h.get(i)[c];
                    if (!(Double.isNaN(x) && Double.isNaN(y)) && Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) {
                        fail(what + ": " + e.getKey() + " numeric column " + c + ": expected " + x + " but was " + y);
                    }
                }
            }
        }
    }

    /** Rows by their non-numeric fields; the numeric fields of equal keys sorted, for pairwise comparison. */
    private static Map<String, List<double[]>> group(List<List<String>> rows, boolean[] numeric) {
        Map<String, List<double[]>> groups = new TreeMap<>();
        for (List<String> row : rows) {
            StringBuilder key = new StringBuilder();
            double[] numbers = new double
                    [(int) IntStream.range(0, numeric.length)
                            .filter(c -> numeric[c])
                            .count()];
            int n = 0;
            for (int c = 0; c < row.size(); c++) {
                if (numeric[c]) {
                    numbers[n++] = row.get(c).isEmpty() ? Double.NaN : Double.parseDouble(row.get(c));
                } else {
                    key.append(row.get(c)).append('|');
                }
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(numbers);
        }
        Comparator<double[]> order = (a, b) -> java.util.Arrays.compare(a, b);
        groups.values().forEach(list -> list.sort(order));
        return groups;
    }

    /** A CSV file with a header line; fields may be double-quoted. */
    static List<List<String>> readCsv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(ch);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }

    @Test
    public void q00PassThrough() throws Exception {
        check(
                "q00_passthrough",
                new QueryPlan(
                        "q00",
                        reorder(
                                bids(),
                                row(
                                        col("auction", BIGINT),
                                        col("bidder", BIGINT),
                                        col("price", BIGINT),
                                        col("dateTime", ROWTIME),
                                        col("extra", STRING)),
                                0,
                                1,
                                2,
                                5,
                                6)));
    }

    @Test
    public void w01TumbleGroupWindow() throws Exception {
        check("w01_tumble_group_window", w01());
    }

    @Test
    public void w02TumbleTableFunctionEqualsW01() throws Exception {
        check("w02_tumble_tvf", w01());
    }

    @Test
    public void w03HopGroupWindow() throws Exception {
        check("w03_hop_group_window", w03());
    }

    @Test
    public void w05SessionGroupWindowWithHaving() throws Exception {
        check("w05_session_group_window", w05());
    }

    @Test
    public void w08CountDistinct() throws Exception {
        check("w08_count_distinct", w08());
    }

    @Test
    public void a01UnwindowedAggregate() throws Exception {
        check("a01_unwindowed_agg", a01());
    }

    @Test
    public void q01DecimalCurrency() throws Exception {
        check("q01_currency", q01());
    }

    @Test
    public void q02Selection() throws Exception {
        check("q02_selection", q02());
    }

    @Test
    public void s01StringFunctions() throws Exception {
        check("s01_string_functions", s01());
    }

    @Test
    public void t01LeftJoinThenTumble() throws Exception {
        check("t01_trades_join_group_window", t01());
    }

    @Test
    public void q05HotItems() throws Exception {
        check("q05_hot_items", q05());
    }
}
