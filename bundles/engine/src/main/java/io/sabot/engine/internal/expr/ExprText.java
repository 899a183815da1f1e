package io.sabot.engine.internal.expr;

import io.sabot.plan.Call;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Literal;
import io.sabot.plan.RowType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression as SQL-like text over its input's column names ({@code CAST(amount AS INTEGER)}, {@code price /
 * volume}), for messages about data an expression failed on. Not meant to be parsed back.
 */
public final class ExprText {

    private ExprText() {}

    /** {@code expr} over the columns of {@code input}. */
    public static String sql(Expr expr, RowType input) {
        if (expr instanceof InputRef ref) {
            return ref.index() < input.size()
                    ? quote(input.columns().get(ref.index()).name())
                    : "$" + ref.index();
        }
        if (expr instanceof Literal literal) {
            return literal.value() == null ? "NULL" : literal.toString();
        }
        Call call = (Call) expr;
        List<String> args = call.operands().stream().map(e -> nested(e, input)).collect(Collectors.toList());
        return switch (call.operator()) {
            case PLUS, DATETIME_PLUS -> infix(" + ", args);
            case MINUS, DATETIME_MINUS -> infix(" - ", args);
            case MULTIPLY -> infix(" * ", args);
            case DIVIDE -> infix(" / ", args);
            case MOD -> infix(" % ", args);
            case NEGATE -> "-" + args.get(0);
            case EQUALS -> infix(" = ", args);
            case NOT_EQUALS -> infix(" <> ", args);
            case LESS_THAN -> infix(" < ", args);
            case LESS_THAN_OR_EQUAL -> infix(" <= ", args);
            case GREATER_THAN -> infix(" > ", args);
            case GREATER_THAN_OR_EQUAL -> infix(" >= ", args);
            case IS_DISTINCT_FROM -> infix(" IS DISTINCT FROM ", args);
            case IS_NOT_DISTINCT_FROM -> infix(" IS NOT DISTINCT FROM ", args);
            case AND -> infix(" AND ", args);
            case OR -> infix(" OR ", args);
            case NOT -> "NOT " + args.get(0);
            case IS_NULL -> args.get(0) + " IS NULL";
            case IS_NOT_NULL -> args.get(0) + " IS NOT NULL";
            case IS_TRUE -> args.get(0) + " IS TRUE";
            case IS_NOT_TRUE -> args.get(0) + " IS NOT TRUE";
            case IS_FALSE -> args.get(0) + " IS FALSE";
            case IS_NOT_FALSE -> args.get(0) + " IS NOT FALSE";
            case CAST, TRY_CAST -> call.operator() + "(" + sql(call.operand(0), input) + " AS " + call.type() + ")";
            case CASE -> caseText(call, input);
            default -> call.operator() + "("
                    + call.operands().stream().map(e -> sql(e, input)).collect(Collectors.joining(", ")) + ")";
        };
    }

    private static String nested(Expr e, RowType input) {
        String text = sql(e, input);
        return e instanceof Call call && isInfix(call) ? "(" + text + ")" : text;
    }

    private static boolean isInfix(Call call) {
        return switch (call.operator()) {
            case PLUS,
                    DATETIME_PLUS,
                    MINUS,
                    DATETIME_MINUS,
                    MULTIPLY,
                    DIVIDE,
                    MOD,
                    EQUALS,
                    NOT_EQUALS,
                    LESS_THAN,
                    LESS_THAN_OR_EQUAL,
                    GREATER_THAN,
                    GREATER_THAN_OR_EQUAL,
                    IS_DISTINCT_FROM,
                    IS_NOT_DISTINCT_FROM,
                    AND,
                    OR,
                    NOT -> true;
            default -> false;
        };
    }

    private static String infix(String op, List<String> args) {
        return String.join(op, args);
    }

    private static String caseText(Call call, RowType input) {
        StringBuilder text = new StringBuilder("CASE");
        List<Expr> ops = call.operands();
        int i = 0;
        for (; i + 1 < ops.size(); i += 2) {
            text.append(" WHEN ")
                    .append(sql(ops.get(i), input))
                    .append(" THEN ")
                    .append(sql(ops.get(i + 1), input));
        }
        if (i < ops.size()) {
            text.append(" ELSE ").append(sql(ops.get(i), input));
        }
        return text.append(" END").toString();
    }

    private static String quote(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
    }
}
