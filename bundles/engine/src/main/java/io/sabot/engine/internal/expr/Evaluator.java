package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;
import io.sabot.plan.DataType;

/**
 * A compiled expression node: computes a whole column per call. Evaluators form a tree mirroring the expression;
 * each owns its result column and reuses it from batch to batch, so the column returned by {@link #evaluate} is
 * valid until the next call.
 *
 * <p><b>Selection.</b> {@code active} marks the rows whose values matter ({@code null}: all rows). Rows outside it
 * (the other branches of a CASE, rows a filter dropped, the right side of {@code FALSE AND …}) may hold any value,
 * and, importantly, never raise errors: a division by zero or a failed CAST is reported only for active rows.
 */
public abstract class Evaluator {

    protected final DataType type;
    /** The expression's text, for error messages. */
    protected final String text;

    protected Evaluator(DataType type, String text) {
        this.type = type;
        this.text = text;
    }

    public final DataType type() {
        return type;
    }

    public abstract Column evaluate(EvalInput input, boolean[] active);

    /** Whether the value is the same for every row (literals, folded calls). */
    public boolean isConstant() {
        return false;
    }

    protected static boolean on(boolean[] active, int i) {
        return active == null || active[i];
    }

    protected final ExpressionException error(String what) {
        return new ExpressionException(what + " in " + text);
    }

    /** An error on row {@code row} of the input. */
    protected final ExpressionException error(String what, int row) {
        return new ExpressionException(what + " in " + text, row);
    }

    @Override
    public String toString() {
        return text;
    }
}
