package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;

/** The rows an expression is evaluated over: a row count and the input columns, read on demand. */
public interface EvalInput {

    int rowCount();

    /** Input column {@code index}, converted once per batch however many expressions read it. */
    Column column(int index);
}
