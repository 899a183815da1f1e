package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.expr.DateTimes.Unit;
import io.sabot.plan.Call;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Literal;
import io.sabot.plan.Operator;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles plan expressions into evaluator trees over an input row type, inserting the conversions the planner left
 * implicit (an INTEGER operand of a DECIMAL sum, a DATE compared with a TIMESTAMP). Everything that can be checked
 * without data is checked here, so that a plan the engine cannot run fails at submission, naming the expression.
 */
public final class ExprCompiler {

    private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
    private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
    private static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);

    private final RowType input;

    public ExprCompiler(RowType input) {
        this.input = input;
    }

    /** Compiles {@code expr}; throws {@link IllegalArgumentException} naming what is not supported. */
    public Evaluator compile(Expr expr) {
        try {
            return doCompile(expr);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            if (e.getMessage() != null && e.getMessage().contains(" in ")) {
                throw e;
            }
            throw new IllegalArgumentException(e.getMessage() + " in " + expr, e);
        }
    }

    /** Compiles a BOOLEAN condition. */
    public Evaluator compileCondition(Expr expr) {
        Evaluator e = compile(expr);
        if (e.type().kind() != TypeKind.BOOLEAN && e.type().kind() != TypeKind.NULL) {
            throw new IllegalArgumentException("condition " + expr + " is " + e.type() + ", not BOOLEAN");
        }
        return coerce(e, DataType.of(TypeKind.BOOLEAN));
    }

    private Evaluator doCompile(Expr expr) {
        if (expr instanceof InputRef ref) {
            if (ref.index() >= input.size()) {
                throw new IllegalArgumentException(
                        "column $" + ref.index() + " does not exist; the input has " + input.size() + " columns");
            }
            DataType actual = input.type(ref.index());
            return new Basics.InputRefEval(actual, expr.toString(), ref.index());
        }
        if (expr instanceof Literal literal) {
            return constant(literal.type(), literal.toString(), engineValue(literal.value()));
        }
        return compileCall((Call) expr);
    }

    /** A literal's value in evaluator form (Integer dates, times and months widened to Long). */
    public static Object engineValue(Object value) {
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    private static Evaluator constant(DataType type, String text, Object value) {
        return new Basics.ConstantEval(type, text, value);
    }

    private List<Evaluator> operands(Call call) {
        List<Evaluator> out = new ArrayList<>();
        for (Expr e : call.operands()) {
            out.add(doCompile(e));
        }
        return out;
    }

    private static void arity(Call call, int min, int max) {
        int n = call.operands().size();
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    call.operator() + " takes " + (min == max ? min : min + " to " + max) + " operands, got " + n);
        }
    }

    private static String symbol(Call call, int index) {
        Expr e = call.operand(index);
        if (e instanceof Literal l && l.value() instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(
                call.operator() + " needs a constant as operand " + (index + 1) + ", got " + e);
    }

    private Evaluator compileCall(Call call) {
        DataType type = call.type();
        String text = call.toString();
        Operator op = call.operator();
        switch (op) {
            case PLUS, MINUS, MULTIPLY, DIVIDE, MOD -> {
                arity(call, 2, 2);
                List<Evaluator> ops = operands(call);
                Evaluator a = ops.get(0);
                Evaluator b = ops.get(1);
                if ((op == Operator.PLUS || op == Operator.MINUS) && (isTemporal(a) || isTemporal(b))) {
                    return dateTimePlus(type, text, a, b, op == Operator.MINUS);
                }
                return arithmetic(type, text, op, a, b);
            }
            case NEGATE -> {
                arity(call, 1, 1);
                Evaluator a = doCompile(call.operand(0));
                if (Physical.of(type) == Physical.DECIMAL) {
                    return new Arithmetic.Negate(type, text, decimalOperand(a));
                }
                return new Arithmetic.Negate(type, text, coerce(a, type));
            }
            case DATETIME_PLUS, DATETIME_MINUS -> {
                arity(call, 2, 2);
                List<Evaluator> ops = operands(call);
                return dateTimePlus(type, text, ops.get(0), ops.get(1), op == Operator.DATETIME_MINUS);
            }
            case EQUALS,
                    NOT_EQUALS,
                    LESS_THAN,
                    LESS_THAN_OR_EQUAL,
                    GREATER_THAN,
                    GREATER_THAN_OR_EQUAL,
                    IS_DISTINCT_FROM,
                    IS_NOT_DISTINCT_FROM -> {
                arity(call, 2, 2);
                List<Evaluator> ops = operands(call);
                DataType common = commonType(ops.get(0).type(), ops.get(1).type());
                return new Comparisons.Compare(
                        DataType.of(TypeKind.BOOLEAN),
                        text,
                        op,
                        coerce(ops.get(0), common),
                        coerce(ops.get(1), common));
            }
            case AND, OR -> {
                arity(call, 1, Integer.MAX_VALUE);
                List<Evaluator> ops = new ArrayList<>();
                for (Evaluator e : operands(call)) {
                    ops.add(coerce(e, DataType.of(TypeKind.BOOLEAN)));
                }
                return new Logic.Junction(type, text, op == Operator.AND, ops);
            }
            case NOT, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
                arity(call, 1, 1);
                return new Logic.Predicate(
                        type, text, op, coerce(doCompile(call.operand(0)), DataType.of(TypeKind.BOOLEAN)));
            }
            case IS_NULL, IS_NOT_NULL -> {
                arity(call, 1, 1);
                return new Logic.Predicate(type, text, op, doCompile(call.operand(0)));
            }
            case CASE -> {
                int n = call.operands().size();
                if (n < 3 || n % 2 == 0) {
                    throw new IllegalArgumentException(
                            "CASE needs condition/value pairs and an ELSE value, got " + n + " operands");
                }
                List<Evaluator> conditions = new ArrayList<>();
                List<Evaluator> values = new ArrayList<>();
                for (int i = 0; i < n - 1; i += 2) {
                    conditions.add(coerce(doCompile(call.operand(i)), DataType.of(TypeKind.BOOLEAN)));
                    values.add(coerce(doCompile(call.operand(i + 1)), type));
                }
                values.add(coerce(doCompile(call.operand(n - 1)), type));
                return new Conditionals.Case(type, text, conditions, values);
            }
            case COALESCE -> {
                arity(call, 1, Integer.MAX_VALUE);
                List<Evaluator> ops = new ArrayList<>();
                for (Evaluator e : operands(call)) {
                    ops.add(coerce(e, type));
                }
                return new Conditionals.Coalesce(type, text, ops);
            }
            case CAST, TRY_CAST -> {
                arity(call, 1, 1);
                Evaluator a = doCompile(call.operand(0));
                return cast(a, type, text, op == Operator.TRY_CAST);
            }
            case UPPER, LOWER -> {
                arity(call, 1, 1);
                return new Strings.CaseMap(type, text, string(doCompile(call.operand(0))), op == Operator.UPPER);
            }
            case SUBSTRING -> {
                arity(call, 2, 3);
                List<Evaluator> ops = operands(call);
                return new Strings.Substring(
                        type,
                        text,
                        string(ops.get(0)),
                        integer(ops.get(1)),
                        ops.size() > 2 ? integer(ops.get(2)) : null);
            }
            case CONCAT -> {
                arity(call, 1, Integer.MAX_VALUE);
                List<Evaluator> ops = new ArrayList<>();
                for (Evaluator e : operands(call)) {
                    ops.add(string(e));
                }
                return new Strings.Concat(type, text, ops);
            }
            case CHAR_LENGTH -> {
                arity(call, 1, 1);
                return new Strings.CharLength(type, text, string(doCompile(call.operand(0))));
            }
            case TRIM -> {
                arity(call, 3, 3);
                String mode = symbol(call, 0);
                if (!List.of("BOTH", "LEADING", "TRAILING").contains(mode.toUpperCase(java.util.Locale.ROOT))) {
                    throw new IllegalArgumentException(
                            "TRIM mode must be BOTH, LEADING or TRAILING, got '" + mode + "'");
                }
                return new Strings.Trim(
                        type, text, mode, string(doCompile(call.operand(1))), string(doCompile(call.operand(2))));
            }
            case REPLACE -> {
                arity(call, 3, 3);
                List<Evaluator> ops = operands(call);
                return new Strings.Replace(type, text, string(ops.get(0)), string(ops.get(1)), string(ops.get(2)));
            }
            case LIKE -> {
                arity(call, 2, 3);
                Character escape = null;
                if (call.operands().size() == 3) {
                    String e = symbol(call, 2);
                    if (e.length() != 1) {
                        throw new IllegalArgumentException("LIKE escape must be one character, got '" + e + "'");
                    }
                    escape = e.charAt(0);
                }
                Evaluator s = string(doCompile(call.operand(0)));
                if (call.operand(1) instanceof Literal l && l.value() instanceof String p) {
                    return new Strings.Like(type, text, s, null, p, escape);
                }
                return new Strings.Like(type, text, s, string(doCompile(call.operand(1))), null, escape);
            }
            case SPLIT_INDEX -> {
                arity(call, 3, 3);
                List<Evaluator> ops = operands(call);
                return new Strings.SplitIndex(type, text, string(ops.get(0)), string(ops.get(1)), integer(ops.get(2)));
            }
            case REGEXP_EXTRACT -> {
                arity(call, 2, 3);
                Evaluator s = string(doCompile(call.operand(0)));
                Evaluator group = call.operands().size() > 2 ? integer(doCompile(call.operand(2))) : null;
                if (call.operand(1) instanceof Literal l && l.value() instanceof String r) {
                    return new Strings.RegexpExtract(type, text, s, null, r, group);
                }
                return new Strings.RegexpExtract(type, text, s, string(doCompile(call.operand(1))), null, group);
            }
            case POSITION -> {
                arity(call, 2, 2);
                List<Evaluator> ops = operands(call);
                return new Strings.Position(type, text, string(ops.get(0)), string(ops.get(1)));
            }
            case ABS -> {
                arity(call, 1, 1);
                return new MathFunctions.Unary(type, text, op, numeric(doCompile(call.operand(0)), type));
            }
            case CEIL, FLOOR -> {
                arity(call, 1, 2);
                if (call.operands().size() == 2) {
                    boolean unitFirst = call.operand(0) instanceof Literal l && l.value() instanceof String;
                    Unit unit = Unit.parse(symbol(call, unitFirst ? 0 : 1));
                    Evaluator dt = doCompile(call.operand(unitFirst ? 1 : 0));
                    return new DateTimeFunctions.FloorCeil(type, text, unit, temporal(dt), op == Operator.CEIL);
                }
                Evaluator a = doCompile(call.operand(0));
                if (isTemporal(a)) {
                    throw new IllegalArgumentException(op + " of a date/time needs a unit");
                }
                return new MathFunctions.Unary(type, text, op, numeric(a, type));
            }
            case ROUND -> {
                arity(call, 1, 2);
                Evaluator a = doCompile(call.operand(0));
                Evaluator digits = call.operands().size() > 1 ? integer(doCompile(call.operand(1))) : null;
                return new MathFunctions.Round(type, text, numeric(a, type), digits);
            }
            case POWER -> {
                arity(call, 2, 2);
                List<Evaluator> ops = operands(call);
                return new MathFunctions.DoubleFunction(
                        DOUBLE, text, op, coerce(ops.get(0), DOUBLE), coerce(ops.get(1), DOUBLE));
            }
            case SQRT, EXP, LN, LOG10 -> {
                arity(call, 1, 1);
                return new MathFunctions.DoubleFunction(
                        DOUBLE, text, op, coerce(doCompile(call.operand(0)), DOUBLE), null);
            }
            case EXTRACT -> {
                arity(call, 2, 2);
                Unit unit = Unit.parse(symbol(call, 0));
                return new DateTimeFunctions.Extract(type, text, unit, temporal(doCompile(call.operand(1))));
            }
            case FLOOR_TIME, CEIL_TIME -> {
                arity(call, 2, 2);
                Unit unit = Unit.parse(symbol(call, 0));
                return new DateTimeFunctions.FloorCeil(
                        type, text, unit, temporal(doCompile(call.operand(1))), op == Operator.CEIL_TIME);
            }
            case DATE_FORMAT -> {
                arity(call, 2, 2);
                String pattern = symbol(call, 1);
                Evaluator a = doCompile(call.operand(0));
                if (Physical.of(a.type()) != Physical.STRING) {
                    a = temporal(a);
                }
                return new DateTimeFunctions.DateFormat(type, text, a, pattern);
            }
            case TIMESTAMPADD -> {
                arity(call, 3, 3);
                Unit unit = Unit.parse(symbol(call, 0));
                return new DateTimeFunctions.TimestampAdd(
                        type, text, unit, integer(doCompile(call.operand(1))), temporal(doCompile(call.operand(2))));
            }
            case TIMESTAMPDIFF -> {
                arity(call, 3, 3);
                Unit unit = Unit.parse(symbol(call, 0));
                return new DateTimeFunctions.TimestampDiff(
                        type, text, unit, temporal(doCompile(call.operand(1))), temporal(doCompile(call.operand(2))));
            }
            case PROCTIME, CURRENT_TIMESTAMP -> {
                return new DateTimeFunctions.Now(type, text);
            }
        }
        throw new IllegalArgumentException("unsupported operator " + op);
    }

    // ---- helpers ----

    private static boolean isTemporal(Evaluator e) {
        TypeKind k = e.type().kind();
        return k.isDateTime()
                || k == TypeKind.TIME
                || k == TypeKind.INTERVAL_DAY_TIME
                || k == TypeKind.INTERVAL_YEAR_MONTH;
    }

    private static boolean isInterval(Evaluator e) {
        TypeKind k = e.type().kind();
        return k == TypeKind.INTERVAL_DAY_TIME || k == TypeKind.INTERVAL_YEAR_MONTH;
    }

    private Evaluator dateTimePlus(DataType type, String text, Evaluator a, Evaluator b, boolean minus) {
        if (isInterval(a) && !isInterval(b)) {
            if (minus) {
                throw new IllegalArgumentException("cannot subtract a date/time from an interval");
            }
            Evaluator t = a;
            a = b;
            b = t;
        }
        if (!isInterval(b)) {
            if (minus && a.type().kind().isDateTime() && b.type().kind().isDateTime()) {
                // datetime - datetime: the difference in milliseconds (an interval)
                return new Arithmetic.LongBinary(
                        type, text, io.sabot.plan.Operator.MINUS, temporal(a), coerce(b, a.type()));
            }
            throw new IllegalArgumentException("date/time arithmetic needs an interval operand");
        }
        return new Arithmetic.DateTimePlus(type, text, a, b, minus);
    }

    private Evaluator arithmetic(DataType type, String text, Operator op, Evaluator a, Evaluator b) {
        switch (Physical.of(type)) {
            case LONG -> {
                if (Physical.of(a.type()) != Physical.LONG || Physical.of(b.type()) != Physical.LONG) {
                    a = coerce(a, BIGINT);
                    b = coerce(b, BIGINT);
                }
                return new Arithmetic.LongBinary(type, text, op, a, b);
            }
            case DOUBLE -> {
                return new Arithmetic.DoubleBinary(type, text, op, coerce(a, DOUBLE), coerce(b, DOUBLE));
            }
            case DECIMAL -> {
                return new Arithmetic.DecimalBinary(type, text, op, decimalOperand(a), decimalOperand(b));
            }
            default -> throw new IllegalArgumentException(op + " cannot compute a " + type);
        }
    }

    /** An operand of decimal arithmetic: decimals keep their scale, integers become DECIMAL(19, 0). */
    private Evaluator decimalOperand(Evaluator e) {
        return switch (Physical.of(e.type())) {
            case DECIMAL -> e;
            case LONG -> coerce(e, DataType.decimal(19, 0));
            case BOOL -> coerce(e, DataType.decimal(1, 0));
            default -> throw new IllegalArgumentException(
                    "decimal arithmetic on a " + e.type() + " operand (" + e + ")");
        };
    }

    private Evaluator numeric(Evaluator e, DataType result) {
        if (Physical.of(result) == Physical.DECIMAL) {
            return decimalOperand(e);
        }
        return coerce(e, result);
    }

    private Evaluator string(Evaluator e) {
        return Physical.of(e.type()) == Physical.STRING ? e : coerce(e, VARCHAR);
    }

    private Evaluator integer(Evaluator e) {
        return Physical.of(e.type()) == Physical.LONG && e.type().kind() != TypeKind.NULL ? e : coerce(e, BIGINT);
    }

    private Evaluator temporal(Evaluator e) {
        TypeKind k = e.type().kind();
        if (k.isDateTime()
                || k == TypeKind.TIME
                || k == TypeKind.INTERVAL_DAY_TIME
                || k == TypeKind.INTERVAL_YEAR_MONTH) {
            return e;
        }
        if (k == TypeKind.VARCHAR) {
            return coerce(e, DataType.of(TypeKind.TIMESTAMP));
        }
        if (k == TypeKind.NULL) {
            return coerce(e, DataType.of(TypeKind.TIMESTAMP));
        }
        throw new IllegalArgumentException("expected a date/time, got " + e.type() + " (" + e + ")");
    }

    /** Whether values of {@code from} can be used as {@code to} without conversion. */
    static boolean sameRepresentation(DataType from, DataType to) {
        TypeKind f = from.kind();
        TypeKind t = to.kind();
        if (f == t) {
            return f != TypeKind.DECIMAL || from.scale() == to.scale();
        }
        if (f == TypeKind.NULL) {
            return false;
        }
        if (Physical.of(f) != Physical.of(t)) {
            return false;
        }
        return switch (Physical.of(f)) {
            case LONG -> (f.isIntegral() && t.isIntegral() && width(f) <= width(t))
                    || ((f == TypeKind.TIMESTAMP || f == TypeKind.TIMESTAMP_LTZ)
                            && (t == TypeKind.TIMESTAMP || t == TypeKind.TIMESTAMP_LTZ));
            case DOUBLE -> f == TypeKind.FLOAT; // FLOAT values are exact doubles
            default -> true;
        };
    }

    private static int width(TypeKind k) {
        return switch (k) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER -> 4;
            default -> 8;
        };
    }

    /** Converts {@code e} to {@code target}'s representation when it is not already in it. */
    private Evaluator coerce(Evaluator e, DataType target) {
        if (sameRepresentation(e.type(), target)) {
            return e;
        }
        if (e.type().kind() == TypeKind.NULL || (e.isConstant() && ((Basics.ConstantEval) e).value() == null)) {
            return new Basics.ConstantEval(target, e.toString(), null);
        }
        if (!Casts.supported(e.type().kind(), target.kind())) {
            throw new IllegalArgumentException("cannot convert " + e + " of type " + e.type() + " to " + target);
        }
        return new Casts.Cast(target.withNullable(true), "CAST(" + e + ")", e, false);
    }

    private Evaluator cast(Evaluator a, DataType type, String text, boolean orNull) {
        TypeKind to = type.kind();
        if (a.type().kind() == TypeKind.NULL) {
            return new Basics.ConstantEval(type, text, null);
        }
        boolean widening = sameRepresentation(a.type(), type)
                && !(to == TypeKind.DECIMAL && type.precision() < a.type().precision())
                && !(to == TypeKind.VARCHAR && type.precision() < a.type().precision());
        if (widening) {
            return a;
        }
        if (!Casts.supported(a.type().kind(), to)) {
            throw new IllegalArgumentException("cannot cast " + a.type() + " to " + type);
        }
        return new Casts.Cast(type, text, a, orNull);
    }

    /** The type two comparison operands are brought to. */
    static DataType commonType(DataType a, DataType b) {
        if (sameRepresentation(a, b)) {
            return b;
        }
        if (sameRepresentation(b, a)) {
            return a;
        }
        TypeKind x = a.kind();
        TypeKind y = b.kind();
        if (x == TypeKind.NULL) {
            return b;
        }
        if (y == TypeKind.NULL) {
            return a;
        }
        if (x == TypeKind.VARCHAR) {
            return b;
        }
        if (y == TypeKind.VARCHAR) {
            return a;
        }
        if (x == TypeKind.DOUBLE || x == TypeKind.FLOAT || y == TypeKind.DOUBLE || y == TypeKind.FLOAT) {
            return DOUBLE;
        }
        if (x == TypeKind.DECIMAL || y == TypeKind.DECIMAL) {
            int scale = Math.max(x == TypeKind.DECIMAL ? a.scale() : 0, y == TypeKind.DECIMAL ? b.scale() : 0);
            return DataType.decimal(38, scale);
        }
        if (x.isIntegral() && y.isIntegral()) {
            return BIGINT;
        }
        if (x.isDateTime() && y.isDateTime()) {
            return DataType.of(TypeKind.TIMESTAMP);
        }
        throw new IllegalArgumentException("cannot compare " + a + " with " + b);
    }
}
