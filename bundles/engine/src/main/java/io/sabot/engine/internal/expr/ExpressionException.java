package io.sabot.engine.internal.expr;

/** A value an expression cannot compute (division by zero, a failed CAST); the message names the expression. */
public final class ExpressionException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }
}
