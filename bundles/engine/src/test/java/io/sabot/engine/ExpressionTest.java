package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.BOOL;
import static io.sabot.engine.Plans.DATE;
import static io.sabot.engine.Plans.DOUBLE;
import static io.sabot.engine.Plans.INT;
import static io.sabot.engine.Plans.MILLIS;
import static io.sabot.engine.Plans.MONTHS;
import static io.sabot.engine.Plans.NULL;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.TIME;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.call;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.decimal;
import static io.sabot.engine.Plans.lit;
import static io.sabot.engine.Plans.ref;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.Plans.sym;
import static io.sabot.engine.Plans.ts;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.Evaluator;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.Operator;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;

/** Every operator, evaluated over a batch of three rows: ordinary values, all NULLs, edge values. */
public class ExpressionTest {

    static final DataType DEC = decimal(10, 2);

    /** a, b, x, s, t, d, flag, i, day */
    static final RowType INPUT = row(
            col("a", BIGINT),
            col("b", BIGINT),
            col("x", DOUBLE),
            col("s", STRING),
            col("t", TS),
            col("d", DEC),
            col("flag", BOOL),
            col("i", INT),
            col("day", DATE));

    static final long T0 = ts("2024-03-15 10:20:30.456");
    static final int D0 = (int) LocalDate.of(2024, 3, 15).toEpochDay();

    static final List<Object[]> ROWS = List.of(
            new Object[] {7L, 2L, 1.5, "Hello World", T0, new BigDecimal("12.34"), true, 3, D0},
            new Object[] {null, null, null, null, null, null, null, null, null},
            new Object[] {
                -7L, 0L, -2.5, "ünïcode ß", ts("1969-12-31 23:59:59.999"), new BigDecimal("-0.05"), false, -4, -1
            });

    static final Expr A = ref(0, BIGINT);
    static final Expr B = ref(1, BIGINT);
    static final Expr X = ref(2, DOUBLE);
    static final Expr S = ref(3, STRING);
    static final Expr T = ref(4, TS);
    static final Expr D = ref(5, DEC);
    static final Expr FLAG = ref(6, BOOL);
    static final Expr I = ref(7, INT);
    static final Expr DAY = ref(8, DATE);

    static List<Object> eval(Expr e) {
        return eval(e, ROWS);
    }

    static List<Object> eval(Expr e, List<Object[]> rows) {
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(INPUT.toArrowSchema(), allocator)) {
            TestRows.fill(root, INPUT, rows);
            BatchInput input = new BatchInput(INPUT);
            input.reset(root);
            Evaluator evaluator = new ExprCompiler(INPUT).compile(e);
            Column column = evaluator.evaluate(input, null);
            DataType type = e.type();
            try (FieldVector out = type.toArrowField("out").createVector(allocator)) {
                ArrowColumns.write(column, type, out, null, rows.size());
                List<Object> values = new ArrayList<>();
                for (int r = 0; r < rows.size(); r++) {
                    values.add(ArrowColumns.value(out, type.kind(), r));
                }
                return values;
            }
        }
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    public void arithmeticOnIntegersWrapsAtTheTypeWidthAndPropagatesNull() {
        assertEquals(list(9L, null, -7L), eval(call(Operator.PLUS, BIGINT, A, B)));
        assertEquals(list(5L, null, -7L), eval(call(Operator.MINUS, BIGINT, A, B)));
        assertEquals(list(14L, null, 0L), eval(call(Operator.MULTIPLY, BIGINT, A, B)));
        assertEquals(list(-7L, null, 7L), eval(call(Operator.NEGATE, BIGINT, A)));
        assertEquals(list(2L, null, -2L), eval(call(Operator.DIVIDE, BIGINT, A, lit(3L))));
        assertEquals(list(1L, null, -1L), eval(call(Operator.MOD, BIGINT, A, lit(3L))));
        // INTEGER arithmetic wraps like Java ints
        assertEquals(
                list((long) (Integer.MAX_VALUE + 3), null, (long) (Integer.MAX_VALUE - 4)),
                eval(call(Operator.PLUS, INT, I, lit((long) Integer.MAX_VALUE, INT))));
    }

    @Test
    public void divisionByZeroFailsNamingTheExpressionButNotInUnselectedRows() {
        Expr divide = call(Operator.DIVIDE, BIGINT, A, B);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> eval(divide));
        assertTrue(e.getMessage(), e.getMessage().contains("division by zero in DIVIDE($0, $1)"));
        // CASE WHEN b <> 0 THEN a / b ELSE -1 END: the division never sees row 3
        Expr guarded = call(Operator.CASE, BIGINT, call(Operator.NOT_EQUALS, BOOL, B, lit(0L)), divide, lit(-1L));
        assertEquals(list(3L, -1L, -1L), eval(guarded));
        // b <> 0 AND a / b > 1: the right side is not evaluated where the left is FALSE
        Expr and = call(
                Operator.AND,
                BOOL,
                call(Operator.NOT_EQUALS, BOOL, B, lit(0L)),
                call(Operator.GREATER_THAN, BOOL, divide, lit(1L)));
        assertEquals(list(true, null, false), eval(and));
        assertThrows(ArithmeticException.class, () -> eval(call(Operator.MOD, DEC, D, lit(BigDecimal.ZERO, DEC))));
    }

    @Test
    public void doubleAndDecimalArithmetic() {
        assertEquals(list(3.0, null, -5.0), eval(call(Operator.MULTIPLY, DOUBLE, X, lit(2.0, DOUBLE))));
        assertEquals(list(0.75, null, -1.25), eval(call(Operator.DIVIDE, DOUBLE, X, lit(2.0, DOUBLE))));
        assertEquals(
                list(new BigDecimal("24.68"), null, new BigDecimal("-0.10")), eval(call(Operator.PLUS, DEC, D, D)));
        // DECIMAL(3,3) * BIGINT -> DECIMAL(23,3), as Nexmark q1 computes prices
        DataType q1 = decimal(23, 3);
        assertEquals(
                list(new BigDecimal("6.356"), null, new BigDecimal("-6.356")),
                eval(call(Operator.MULTIPLY, q1, lit(new BigDecimal("0.908"), decimal(3, 3)), A)));
        assertEquals(
                list(new BigDecimal("6.170000"), null, new BigDecimal("-0.025000")),
                eval(call(Operator.DIVIDE, decimal(20, 6), D, lit(new BigDecimal("2"), decimal(1, 0)))));
        assertEquals(list(new BigDecimal("-12.34"), null, new BigDecimal("0.05")), eval(call(Operator.NEGATE, DEC, D)));
    }

    @Test
    public void comparisonsOfEveryRepresentation() {
        assertEquals(list(true, null, false), eval(call(Operator.GREATER_THAN, BOOL, A, B)));
        assertEquals(list(false, null, true), eval(call(Operator.LESS_THAN_OR_EQUAL, BOOL, X, lit(-1.0, DOUBLE))));
        assertEquals(list(true, null, false), eval(call(Operator.LESS_THAN, BOOL, S, lit("Hi"))));
        assertEquals(list(false, null, true), eval(call(Operator.EQUALS, BOOL, S, lit("ünïcode ß"))));
        assertEquals(list(true, null, true), eval(call(Operator.NOT_EQUALS, BOOL, D, lit(BigDecimal.ZERO, DEC))));
        assertEquals(list(true, null, false), eval(call(Operator.GREATER_THAN_OR_EQUAL, BOOL, T, lit(0L, TS))));
        // BIGINT compared with INTEGER, DECIMAL with BIGINT
        assertEquals(list(true, null, false), eval(call(Operator.GREATER_THAN, BOOL, A, I)));
        assertEquals(list(true, null, true), eval(call(Operator.GREATER_THAN, BOOL, D, A)));
        assertEquals(list(true, true, true), eval(call(Operator.IS_DISTINCT_FROM, BOOL, A, lit(-8L))));
        assertEquals(list(false, true, false), eval(call(Operator.IS_NOT_DISTINCT_FROM, BOOL, A, lit(null, BIGINT))));
    }

    @Test
    public void threeValuedLogic() {
        Expr isNullA = call(Operator.IS_NULL, BOOL, A);
        Expr nullBool = lit(null, BOOL);
        assertEquals(list(null, null, false), eval(call(Operator.AND, BOOL, FLAG, nullBool)));
        assertEquals(list(true, null, null), eval(call(Operator.OR, BOOL, FLAG, nullBool)));
        assertEquals(list(false, false, false), eval(call(Operator.AND, BOOL, FLAG, lit(false, BOOL))));
        assertEquals(
                list(true, true, true), eval(call(Operator.OR, BOOL, FLAG, isNullA, call(Operator.NOT, BOOL, FLAG))));
        assertEquals(list(false, null, true), eval(call(Operator.NOT, BOOL, FLAG)));
        assertEquals(list(false, true, false), eval(isNullA));
        assertEquals(list(true, false, true), eval(call(Operator.IS_NOT_NULL, BOOL, S)));
        assertEquals(list(true, false, false), eval(call(Operator.IS_TRUE, BOOL, FLAG)));
        assertEquals(list(false, true, true), eval(call(Operator.IS_NOT_TRUE, BOOL, FLAG)));
        assertEquals(list(false, false, true), eval(call(Operator.IS_FALSE, BOOL, FLAG)));
        assertEquals(list(true, true, false), eval(call(Operator.IS_NOT_FALSE, BOOL, FLAG)));
    }

    @Test
    public void caseAndCoalesce() {
        Expr kase = call(
                Operator.CASE,
                STRING,
                call(Operator.GREATER_THAN, BOOL, A, lit(0L)),
                lit("positive"),
                call(Operator.LESS_THAN, BOOL, A, lit(0L)),
                lit("negative"),
                lit(null, NULL));
        assertEquals(list("positive", null, "negative"), eval(kase));
        assertEquals(list(7L, 42L, -7L), eval(call(Operator.COALESCE, BIGINT, A, lit(42L))));
        assertEquals(list("Hello World", "none", "ünïcode ß"), eval(call(Operator.COALESCE, STRING, S, lit("none"))));
    }

    @Test
    public void castsBetweenTypes() {
        assertEquals(list("7", null, "-7"), eval(call(Operator.CAST, STRING, A)));
        assertEquals(list("12.34", null, "-0.05"), eval(call(Operator.CAST, STRING, D)));
        assertEquals(list("1.5", null, "-2.5"), eval(call(Operator.CAST, STRING, X)));
        assertEquals(list("TRUE", null, "FALSE"), eval(call(Operator.CAST, STRING, FLAG)));
        assertEquals(
                list("2024-03-15 10:20:30.456", null, "1969-12-31 23:59:59.999"), eval(call(Operator.CAST, STRING, T)));
        assertEquals(list("2024-03-15", null, "1969-12-31"), eval(call(Operator.CAST, STRING, DAY)));
        assertEquals(list(7.0, null, -7.0), eval(call(Operator.CAST, DOUBLE, A)));
        assertEquals(list(1L, null, -2L), eval(call(Operator.CAST, BIGINT, X)));
        assertEquals(list(12L, null, 0L), eval(call(Operator.CAST, BIGINT, D)));
        assertEquals(list(new BigDecimal("1.50"), null, new BigDecimal("-2.50")), eval(call(Operator.CAST, DEC, X)));
        assertEquals(list(D0, null, -1), eval(call(Operator.CAST, DATE, T)));
        assertEquals(
                list(ts("2024-03-15 00:00:00"), null, ts("1969-12-31 00:00:00")), eval(call(Operator.CAST, TS, DAY)));
        assertEquals(list(37_230_456, null, 86_399_999), eval(call(Operator.CAST, TIME, T)));
        DataType varchar3 = new DataType(TypeKind.VARCHAR, true, 3, 0, io.sabot.plan.TimeAttribute.NONE);
        assertEquals(list("Hel", null, "ünï"), eval(call(Operator.CAST, varchar3, S)));
    }

    @Test
    public void castFromStringFailsNamingValueAndTypesWhileTryCastGivesNull() {
        Expr cast = call(Operator.CAST, BIGINT, S);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> eval(cast));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot cast 'Hello World' of type STRING to BIGINT"));
        assertTrue(e.getMessage(), e.getMessage().contains("in CAST($3)"));
        assertEquals(list(null, null, null), eval(call(Operator.TRY_CAST, BIGINT, S)));
        List<Object[]> numbers = List.of(
                new Object[] {null, null, null, " 42 ", null, null, null, null, null},
                new Object[] {null, null, null, "-1.005", null, null, null, null, null},
                new Object[] {null, null, null, "2024-02-29 12:00:01.5", null, null, null, null, null});
        assertEquals(list(42L, null, null), eval(call(Operator.TRY_CAST, BIGINT, S), numbers));
        assertEquals(
                list(new BigDecimal("42.00"), new BigDecimal("-1.01"), null),
                eval(call(Operator.TRY_CAST, DEC, S), numbers));
        assertEquals(list(null, null, ts("2024-02-29 12:00:01.500")), eval(call(Operator.TRY_CAST, TS, S), numbers));
        assertEquals(list(42.0, -1.005, null), eval(call(Operator.TRY_CAST, DOUBLE, S), numbers));
    }

    @Test
    public void stringFunctions() {
        assertEquals(list("HELLO WORLD", null, "ÜNÏCODE SS"), eval(call(Operator.UPPER, STRING, S)));
        assertEquals(list("hello world", null, "ünïcode ß"), eval(call(Operator.LOWER, STRING, S)));
        assertEquals(list("Hel", null, "ünï"), eval(call(Operator.SUBSTRING, STRING, S, lit(1L), lit(3L))));
        assertEquals(list("World", null, "e ß"), eval(call(Operator.SUBSTRING, STRING, S, lit(7L))));
        assertEquals(list("", null, ""), eval(call(Operator.SUBSTRING, STRING, S, lit(20L), lit(2L))));
        assertEquals(list("orld", null, "de ß"), eval(call(Operator.SUBSTRING, STRING, S, lit(-4L))));
        assertEquals(list("Hello World!", null, "ünïcode ß!"), eval(call(Operator.CONCAT, STRING, S, lit("!"))));
        assertEquals(list(11L, null, 9L), eval(call(Operator.CHAR_LENGTH, INT, S)));
        assertEquals(list(6L, null, 8L), eval(call(Operator.POSITION, INT, lit(" "), S)));
        assertEquals(list(0L, null, 0L), eval(call(Operator.POSITION, INT, lit("zz"), S)));
        assertEquals(
                list("Hello World", null, "ünïcode"), eval(call(Operator.TRIM, STRING, sym("BOTH"), lit(" ß"), S)));
        assertEquals(
                list("ello World", null, "ünïcode ß"), eval(call(Operator.TRIM, STRING, sym("LEADING"), lit("H"), S)));
        assertEquals(
                list("Hexxo Worxd", null, "ünïcode ß"), eval(call(Operator.REPLACE, STRING, S, lit("l"), lit("x"))));
        assertEquals(list(true, null, false), eval(call(Operator.LIKE, BOOL, S, lit("H%o W_rld"))));
        assertEquals(list(false, null, true), eval(call(Operator.LIKE, BOOL, S, lit("_n_code%"))));
        assertEquals(list(true, null, false), eval(call(Operator.LIKE, BOOL, S, lit("%World"))));
        assertEquals(list(false, null, false), eval(call(Operator.LIKE, BOOL, S, lit("100!%"), sym("!"))));
        assertEquals(list("World", null, "ß"), eval(call(Operator.SPLIT_INDEX, STRING, S, lit(" "), lit(1L))));
        assertEquals(list(null, null, null), eval(call(Operator.SPLIT_INDEX, STRING, S, lit(" "), lit(5L))));
        assertEquals(list("World", null, null), eval(call(Operator.REGEXP_EXTRACT, STRING, S, lit("(W\\w+)"))));
        assertEquals(
                list("Hello", null, "ünïcode"),
                eval(call(Operator.REGEXP_EXTRACT, STRING, S, lit("(\\S+) (\\S+)"), lit(1L))));
    }

    @Test
    public void mathFunctions() {
        assertEquals(list(7L, null, 7L), eval(call(Operator.ABS, BIGINT, A)));
        assertEquals(list(2.0, null, -2.0), eval(call(Operator.CEIL, DOUBLE, X)));
        assertEquals(list(1.0, null, -3.0), eval(call(Operator.FLOOR, DOUBLE, X)));
        assertEquals(
                list(new BigDecimal("13"), null, new BigDecimal("0")), eval(call(Operator.CEIL, decimal(10, 0), D)));
        assertEquals(
                list(new BigDecimal("12.3"), null, new BigDecimal("-0.1")),
                eval(call(Operator.ROUND, decimal(10, 1), D, lit(1L))));
        assertEquals(list(2.0, null, -3.0), eval(call(Operator.ROUND, DOUBLE, X)));
        assertEquals(list(49.0, null, 49.0), eval(call(Operator.POWER, DOUBLE, A, lit(2L))));
        assertEquals(list(Math.sqrt(1.5), null, Double.NaN), eval(call(Operator.SQRT, DOUBLE, X)));
        assertEquals(list(Math.exp(1.5), null, Math.exp(-2.5)), eval(call(Operator.EXP, DOUBLE, X)));
        assertEquals(list(Math.log(1.5), null, Double.NaN), eval(call(Operator.LN, DOUBLE, X)));
        assertEquals(list(Math.log10(1.5), null, Double.NaN), eval(call(Operator.LOG10, DOUBLE, X)));
    }

    @Test
    public void dateTimeFunctions() {
        assertEquals(
                list(T0 + 5000, null, ts("1970-01-01 00:00:04.999")),
                eval(call(Operator.DATETIME_PLUS, TS, T, lit(5000L, MILLIS))));
        assertEquals(
                list(ts("2024-02-15 10:20:30.456"), null, ts("1969-11-30 23:59:59.999")),
                eval(call(Operator.DATETIME_MINUS, TS, T, new io.sabot.plan.Literal(1, MONTHS))));
        assertEquals(list(D0 + 1, null, 0), eval(call(Operator.DATETIME_PLUS, DATE, DAY, lit(86_400_000L, MILLIS))));
        assertEquals(list(2024L, null, 1969L), eval(call(Operator.EXTRACT, BIGINT, sym("YEAR"), T)));
        assertEquals(list(1L, null, 4L), eval(call(Operator.EXTRACT, BIGINT, sym("QUARTER"), T)));
        assertEquals(list(3L, null, 12L), eval(call(Operator.EXTRACT, BIGINT, sym("MONTH"), T)));
        assertEquals(list(15L, null, 31L), eval(call(Operator.EXTRACT, BIGINT, sym("DAY"), DAY)));
        assertEquals(list(6L, null, 4L), eval(call(Operator.EXTRACT, BIGINT, sym("DOW"), T)));
        assertEquals(list(75L, null, 365L), eval(call(Operator.EXTRACT, BIGINT, sym("DOY"), T)));
        assertEquals(list(11L, null, 1L), eval(call(Operator.EXTRACT, BIGINT, sym("WEEK"), T)));
        assertEquals(list(10L, null, 23L), eval(call(Operator.EXTRACT, BIGINT, sym("HOUR"), T)));
        assertEquals(list(20L, null, 59L), eval(call(Operator.EXTRACT, BIGINT, sym("MINUTE"), T)));
        assertEquals(list(30L, null, 59L), eval(call(Operator.EXTRACT, BIGINT, sym("SECOND"), T)));
        assertEquals(
                list(ts("2024-03-15 10:00:00"), null, ts("1969-12-31 23:00:00")),
                eval(call(Operator.FLOOR_TIME, TS, sym("HOUR"), T)));
        assertEquals(
                list(ts("2024-03-10 00:00:00"), null, ts("1969-12-28 00:00:00")),
                eval(call(Operator.FLOOR_TIME, TS, sym("WEEK"), T)));
        assertEquals(
                list(ts("2024-04-01 00:00:00"), null, ts("1970-01-01 00:00:00")),
                eval(call(Operator.CEIL_TIME, TS, sym("MONTH"), T)));
        assertEquals(
                list("2024-03-15 10:20:30.456", null, "1969-12-31 23:59:59.999"),
                eval(call(Operator.DATE_FORMAT, STRING, T, lit("yyyy-MM-dd HH:mm:ss.SSS"))));
        assertEquals(
                list("15 Mar 2024, 10 AM", null, "31 Dec 1969, 11 PM"),
                eval(call(Operator.DATE_FORMAT, STRING, T, lit("dd MMM yyyy, h a"))));
        assertEquals(
                list(ts("2024-05-15 10:20:30.456"), null, ts("1970-02-28 23:59:59.999")),
                eval(call(Operator.TIMESTAMPADD, TS, sym("MONTH"), lit(2L), T)));
        assertEquals(
                list(ts("2024-03-15 10:20:33.456"), null, ts("1970-01-01 00:00:02.999")),
                eval(call(Operator.TIMESTAMPADD, TS, sym("SECOND"), lit(3L), T)));
        assertEquals(
                list(-54L, null, 0L),
                eval(call(Operator.TIMESTAMPDIFF, INT, sym("YEAR"), T, lit(ts("1970-01-01 00:00:00"), TS))));
        assertEquals(
                list(-19797L, null, 0L),
                eval(call(Operator.TIMESTAMPDIFF, INT, sym("DAY"), T, lit(ts("1970-01-01 00:00:00"), TS))));
        long before = System.currentTimeMillis();
        Object now = eval(call(Operator.CURRENT_TIMESTAMP, TS)).get(0);
        assertTrue((Long) now >= before);
        assertTrue((Long) eval(call(Operator.PROCTIME, DataType.of(TypeKind.TIMESTAMP_LTZ)))
                        .get(1)
                >= before);
    }

    @Test
    public void unsupportedPlansFailAtCompileTimeNamingTheExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExprCompiler(INPUT)
                .compile(call(Operator.SUBSTRING, STRING, S)));
        assertTrue(e.getMessage(), e.getMessage().contains("SUBSTRING takes 2 to 3 operands"));
        e = assertThrows(IllegalArgumentException.class, () -> new ExprCompiler(INPUT).compile(ref(42, BIGINT)));
        assertTrue(e.getMessage(), e.getMessage().contains("$42"));
    }
}
