package io.sabot.sql.internal.planner;

import io.sabot.plan.Call;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Literal;
import io.sabot.plan.Operator;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.sql.internal.PlanningException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Translates Calcite row expressions over an input into plan expressions, inserting the casts the plan's operator
 * conventions require (operands of one type; see {@link Operator}).
 */
public final class RexToPlan {

    private static final Map<SqlKind, Operator> COMPARISONS = Map.of(
            SqlKind.EQUALS, Operator.EQUALS,
            SqlKind.NOT_EQUALS, Operator.NOT_EQUALS,
            SqlKind.LESS_THAN, Operator.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, Operator.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, Operator.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL, Operator.GREATER_THAN_OR_EQUAL,
            SqlKind.IS_DISTINCT_FROM, Operator.IS_DISTINCT_FROM,
            SqlKind.IS_NOT_DISTINCT_FROM, Operator.IS_NOT_DISTINCT_FROM);

    private static final Map<SqlKind, Operator> PREDICATES = Map.of(
            SqlKind.IS_NULL, Operator.IS_NULL,
            SqlKind.IS_NOT_NULL, Operator.IS_NOT_NULL,
            SqlKind.IS_TRUE, Operator.IS_TRUE,
            SqlKind.IS_NOT_TRUE, Operator.IS_NOT_TRUE,
            SqlKind.IS_FALSE, Operator.IS_FALSE,
            SqlKind.IS_NOT_FALSE, Operator.IS_NOT_FALSE,
            SqlKind.NOT, Operator.NOT);

    /** Functions that take and return one type: their operands are cast to the result type. */
    private static final Map<String, Operator> SAME_TYPE_FUNCTIONS =
            Map.of("ABS", Operator.ABS, "CEIL", Operator.CEIL, "FLOOR", Operator.FLOOR, "ROUND", Operator.ROUND);

    /** Math functions computed in DOUBLE. */
    private static final Map<String, Operator> DOUBLE_FUNCTIONS = Map.of(
            "POWER",
            Operator.POWER,
            "SQRT",
            Operator.SQRT,
            "EXP",
            Operator.EXP,
            "LN",
            Operator.LN,
            "LOG10",
            Operator.LOG10);

    /** Functions whose operands pass unchanged. */
    private static final Map<String, Operator> PLAIN_FUNCTIONS = Map.ofEntries(
            Map.entry("UPPER", Operator.UPPER),
            Map.entry("LOWER", Operator.LOWER),
            Map.entry("SUBSTRING", Operator.SUBSTRING),
            Map.entry("CHAR_LENGTH", Operator.CHAR_LENGTH),
            Map.entry("CHARACTER_LENGTH", Operator.CHAR_LENGTH),
            Map.entry("TRIM", Operator.TRIM),
            Map.entry("REPLACE", Operator.REPLACE),
            Map.entry("LIKE", Operator.LIKE),
            Map.entry("SPLIT_INDEX", Operator.SPLIT_INDEX),
            Map.entry("REGEXP_EXTRACT", Operator.REGEXP_EXTRACT),
            Map.entry("POSITION", Operator.POSITION),
            Map.entry("EXTRACT", Operator.EXTRACT),
            Map.entry("DATE_FORMAT", Operator.DATE_FORMAT),
            Map.entry("TIMESTAMPADD", Operator.TIMESTAMPADD),
            Map.entry("TIMESTAMPDIFF", Operator.TIMESTAMPDIFF),
            Map.entry("PROCTIME", Operator.PROCTIME),
            Map.entry("CURRENT_TIMESTAMP", Operator.CURRENT_TIMESTAMP));

    private final RexBuilder rexBuilder;
    private final List<DataType> inputTypes;

    /**
     * @param rexBuilder for type derivation and SEARCH expansion
     * @param inputTypes the plan types of the input's columns (with their time attributes)
     */
    public RexToPlan(RexBuilder rexBuilder, List<DataType> inputTypes) {
        this.rexBuilder = rexBuilder;
        this.inputTypes = List.copyOf(inputTypes);
    }

    /** Translates an expression of a program (local references expanded). */
    public Expr translate(RexProgram program, RexLocalRef ref) {
        return translate(program.expandLocalRef(ref));
    }

    public Expr translate(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return new InputRef(ref.getIndex(), inputTypes.get(ref.getIndex()));
        }
        if (node instanceof RexLiteral literal) {
            return literal(literal, literal.getType());
        }
        if (node instanceof RexOver over) {
            throw new PlanningException(
                    "OVER aggregations are not supported (" + over.getOperator().getName()
                            + " OVER …); Sabot supports ROW_NUMBER() only as window Top-N: PARTITION BY window_start,"
                            + " window_end … with a filter rownum <= N");
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        throw new PlanningException("Expression " + node + " is not supported (correlated or dynamic reference)");
    }

    /** The plan type of an expression's result (the input's type, time attribute included, for a column). */
    public DataType typeOf(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return inputTypes.get(ref.getIndex());
        }
        DataType type = Types.toDataType(node.getType());
        if (node instanceof RexCall call && call.getOperator() == SabotOperators.PROCTIME) {
            return type.withTimeAttribute(TimeAttribute.PROCTIME);
        }
        return type;
    }

    private Expr call(RexCall call) {
        SqlOperator op = call.getOperator();
        DataType type = Types.toDataType(call.getType());
        String name = op.getName().toUpperCase(Locale.ROOT);
        SqlKind kind = call.getKind();
        List<RexNode> operands = call.getOperands();
        switch (kind) {
            case SEARCH:
                return translate(RexUtil.expandSearch(rexBuilder, null, call));
            case CAST:
                return cast(operands.get(0), call.getType(), Operator.CAST);
            case SAFE_CAST:
                return cast(operands.get(0), call.getType(), Operator.TRY_CAST);
            case AND:
                return new Call(Operator.AND, translateAll(operands), type);
            case OR:
                return new Call(Operator.OR, translateAll(operands), type);
            case PLUS_PREFIX:
                return translate(operands.get(0));
            case MINUS_PREFIX:
                return new Call(Operator.NEGATE, List.of(castTo(operands.get(0), type)), type);
            case PLUS:
            case MINUS:
                if (isDateTime(operands.get(0)) || isDateTime(operands.get(1))) {
                    return datetimeArithmetic(call, type);
                }
                return arithmetic(kind == SqlKind.PLUS ? Operator.PLUS : Operator.MINUS, call, type);
            case TIMES:
                return arithmetic(Operator.MULTIPLY, call, type);
            case DIVIDE:
                return arithmetic(Operator.DIVIDE, call, type);
            case MOD:
                return arithmetic(Operator.MOD, call, type);
            case CASE:
                return caseCall(call, type);
            case COALESCE:
                return new Call(Operator.COALESCE, castAll(operands, type), type);
            case LIKE:
                if (call.getOperator() == SqlStdOperatorTable.NOT_LIKE) {
                    return new Call(Operator.NOT, List.of(new Call(Operator.LIKE, translateAll(operands), type)), type);
                }
                return new Call(Operator.LIKE, translateAll(operands), type);
            default:
                break;
        }
        Operator comparison = COMPARISONS.get(kind);
        if (comparison != null) {
            return comparison(comparison, operands.get(0), operands.get(1), type);
        }
        Operator predicate = PREDICATES.get(kind);
        if (predicate != null) {
            return new Call(predicate, translateAll(operands), type);
        }
        if (kind == SqlKind.FLOOR || kind == SqlKind.CEIL) {
            if (operands.size() == 2) {
                // FLOOR(ts TO unit): plan operands are (unit, datetime)
                return new Call(
                        kind == SqlKind.FLOOR ? Operator.FLOOR_TIME : Operator.CEIL_TIME,
                        List.of(translate(operands.get(1)), translate(operands.get(0))),
                        type);
            }
            return new Call(
                    kind == SqlKind.FLOOR ? Operator.FLOOR : Operator.CEIL,
                    List.of(castTo(operands.get(0), type)),
                    type);
        }
        if (name.equals("||") || name.equals("CONCAT")) {
            return new Call(Operator.CONCAT, translateAll(operands), type);
        }
        if (name.equals("MOD")) {
            return arithmetic(Operator.MOD, call, type);
        }
        if (name.equals("ROUND") && operands.size() == 2) {
            return new Call(Operator.ROUND, List.of(castTo(operands.get(0), type), translate(operands.get(1))), type);
        }
        Operator same = SAME_TYPE_FUNCTIONS.get(name);
        if (same != null) {
            return new Call(same, castAll(operands, type), type);
        }
        Operator math = DOUBLE_FUNCTIONS.get(name);
        if (math != null) {
            DataType dbl = DataType.of(TypeKind.DOUBLE);
            List<Expr> args = new ArrayList<>();
            for (RexNode operand : operands) {
                args.add(castTo(operand, dbl.withNullable(operand.getType().isNullable())));
            }
            Expr result = new Call(math, args, dbl.withNullable(type.nullable()));
            return Types.needsCast(dbl, type) ? new Call(Operator.CAST, List.of(result), type) : result;
        }
        Operator plain = PLAIN_FUNCTIONS.get(name);
        if (plain != null) {
            return new Call(plain, translateAll(operands), type);
        }
        if (name.equals("IF") && operands.size() == 3) {
            return new Call(
                    Operator.CASE,
                    List.of(translate(operands.get(0)), castTo(operands.get(1), type), castTo(operands.get(2), type)),
                    type);
        }
        throw new PlanningException("Function " + op.getName() + " is not supported");
    }

    private Expr caseCall(RexCall call, DataType type) {
        List<RexNode> operands = call.getOperands();
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            boolean value = i % 2 == 1 || i == operands.size() - 1;
            args.add(value ? castTo(operands.get(i), type) : translate(operands.get(i)));
        }
        return new Call(Operator.CASE, args, type);
    }

    private Expr datetimeArithmetic(RexCall call, DataType type) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        boolean plus = call.getKind() == SqlKind.PLUS;
        if (isInterval(right) && isDateTime(left)) {
            return new Call(
                    plus ? Operator.DATETIME_PLUS : Operator.DATETIME_MINUS,
                    List.of(translate(left), translate(right)),
                    type);
        }
        if (plus && isInterval(left) && isDateTime(right)) {
            return new Call(Operator.DATETIME_PLUS, List.of(translate(right), translate(left)), type);
        }
        throw new PlanningException("Subtracting one date/time from another is not supported; use TIMESTAMPDIFF");
    }

    /** Arithmetic in the common type of the operands (the result type for decimals), cast to the result type. */
    private Expr arithmetic(Operator op, RexCall call, DataType type) {
        List<RexNode> operands = call.getOperands();
        DataType common;
        if (type.kind() == TypeKind.DECIMAL || !type.kind().isNumeric()) {
            common = type;
        } else {
            common = common(operands, type.nullable());
        }
        Expr result = new Call(op, castAll(operands, common), common);
        return Types.needsCast(common, type) ? new Call(Operator.CAST, List.of(result), type) : result;
    }

    private Expr comparison(Operator op, RexNode left, RexNode right, DataType type) {
        DataType common = common(List.of(left, right), true);
        return new Call(op, List.of(castTo(left, common), castTo(right, common)), type);
    }

    /** The least restrictive type of the operands, as Calcite computes it. */
    private DataType common(List<RexNode> operands, boolean nullable) {
        List<RelDataType> types = new ArrayList<>();
        for (RexNode operand : operands) {
            types.add(operand.getType());
        }
        RelDataType common = rexBuilder.getTypeFactory().leastRestrictive(types);
        if (common == null) {
            return Types.toDataType(operands.get(0).getType());
        }
        return Types.toDataType(common).withNullable(nullable);
    }

    private Expr cast(RexNode operand, RelDataType target, Operator op) {
        DataType to = Types.toDataType(target);
        Expr value = translate(operand);
        DataType from = typeOf(operand);
        boolean sameLength = from.kind() != TypeKind.VARCHAR
                || from.precision() == to.precision()
                || to.precision() == DataType.MAX_LENGTH;
        if (!Types.needsCast(from, to) && sameLength && op == Operator.CAST) {
            return value;
        }
        return new Call(op, List.of(value), to);
    }

    private Expr castTo(RexNode operand, DataType target) {
        Expr value = translate(operand);
        DataType from = typeOf(operand);
        if (from.kind() == TypeKind.NULL) {
            return new Literal(null, target.withNullable(true));
        }
        if (!Types.needsCast(from, target)) {
            return value;
        }
        return new Call(Operator.CAST, List.of(value), target.withNullable(from.nullable()));
    }

    private List<Expr> castAll(List<RexNode> operands, DataType target) {
        List<Expr> out = new ArrayList<>(operands.size());
        for (RexNode operand : operands) {
            out.add(castTo(operand, target));
        }
        return out;
    }

    private List<Expr> translateAll(List<RexNode> operands) {
        List<Expr> out = new ArrayList<>(operands.size());
        for (RexNode operand : operands) {
            out.add(translate(operand));
        }
        return out;
    }

    private static boolean isDateTime(RexNode node) {
        SqlTypeName name = node.getType().getSqlTypeName();
        return name == SqlTypeName.DATE
                || name == SqlTypeName.TIME
                || name == SqlTypeName.TIMESTAMP
                || name == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static boolean isInterval(RexNode node) {
        return SqlTypeUtil.isInterval(node.getType());
    }

    /** A plan literal of a Calcite literal, converted to the Java representation of {@code type}. */
    public static Literal literal(RexLiteral literal, RelDataType relType) {
        if (literal.getTypeName() == SqlTypeName.SYMBOL) {
            Object value = literal.getValue();
            return Literal.symbol(value instanceof Enum<?> e ? e.name() : String.valueOf(value));
        }
        DataType type = Types.toDataType(relType);
        if (literal.isNull()) {
            return new Literal(null, type.withNullable(true));
        }
        Object value =
                switch (type.kind()) {
                    case BOOLEAN -> literal.getValueAs(Boolean.class);
                    case TINYINT, SMALLINT, INTEGER, BIGINT -> number(literal).longValue();
                    case DECIMAL -> number(literal).setScale(type.scale(), RoundingMode.HALF_UP);
                    case FLOAT, DOUBLE -> literal.getValueAs(Double.class);
                    case VARCHAR -> literal.getValueAs(String.class);
                    case DATE, TIME -> literal.getValueAs(Integer.class);
                    case TIMESTAMP, TIMESTAMP_LTZ -> literal.getValueAs(Long.class);
                    case INTERVAL_DAY_TIME -> number(literal).longValue();
                    case INTERVAL_YEAR_MONTH -> number(literal).intValue();
                    case NULL -> null;
                };
        return new Literal(value, type);
    }

    private static BigDecimal number(RexLiteral literal) {
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value == null) {
            throw new PlanningException("Literal " + literal + " is not a number");
        }
        return value;
    }
}
