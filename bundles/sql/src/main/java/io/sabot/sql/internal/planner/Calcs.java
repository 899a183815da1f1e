package io.sabot.sql.internal.planner;

import io.sabot.plan.Calc;
import io.sabot.plan.Call;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Operator;
import io.sabot.plan.TypeKind;
import java.util.ArrayList;
import java.util.List;

/** Merges a {@link Calc} into the Calc below it, so that a scan's computed columns and a query's projection are one. */
public final class Calcs {

    private Calcs() {}

    /** {@code top} over its input merged into one Calc when the input is a Calc, else {@code top} unchanged. */
    public static Calc merge(Calc top) {
        if (!(top.input() instanceof Calc bottom)) {
            return top;
        }
        List<Expr> projections = new ArrayList<>();
        for (Expr projection : top.projections()) {
            projections.add(substitute(projection, bottom.projections()));
        }
        Expr condition = bottom.condition();
        if (top.condition() != null) {
            Expr upper = substitute(top.condition(), bottom.projections());
            condition = condition == null
                    ? upper
                    : new Call(Operator.AND, List.of(condition, upper), io.sabot.plan.DataType.of(TypeKind.BOOLEAN));
        }
        return new Calc(bottom.input(), projections, condition, top.rowType());
    }

    /** The expression with each input reference replaced by the lower Calc's expression for that column. */
    static Expr substitute(Expr expr, List<Expr> below) {
        if (expr instanceof InputRef ref) {
            return below.get(ref.index());
        }
        if (expr instanceof Call call) {
            List<Expr> operands = new ArrayList<>();
            for (Expr operand : call.operands()) {
                operands.add(substitute(operand, below));
            }
            return new Call(call.operator(), operands, call.type());
        }
        return expr;
    }
}
