package io.sabot.engine.internal.expr;

/**
 * A value an expression cannot compute (division by zero, a failed CAST); the message names the expression. An
 * evaluator that knows the row it failed on says so ({@link #row()}), so that an operator can set that row aside
 * without searching for it.
 */
public final class ExpressionException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int row;

    public ExpressionException(String message) {
        this(message, -1);
    }

    /**
     * @param row the index of the row (in the evaluated input) the expression failed on, or -1 when not known
     */
    public ExpressionException(String message, int row) {
        super(message);
        this.row = row;
    }

    /** The index of the row the expression failed on in the evaluated input, or -1 when not known. */
    public int row() {
        return row;
    }
}
