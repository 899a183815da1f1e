package io.sabot.plan;

/**
 * A scalar expression over the columns of a node's input: a column reference, a literal or an operator call. The
 * runtime compiles expressions into vectorised evaluators that process a whole batch per call.
 */
public sealed interface Expr permits InputRef, Literal, Call {

    /** The type of the expression's values. */
    DataType type();
}
