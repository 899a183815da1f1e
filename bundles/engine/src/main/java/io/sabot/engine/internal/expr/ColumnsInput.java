package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.Column;

/** Columns already in working form as expression input (joined pairs, stored rows). */
public final class ColumnsInput implements EvalInput {
    private Column[] columns;
    private int rowCount;

    public void reset(Column[] newColumns, int rows) {
        this.columns = newColumns;
        this.rowCount = rows;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public Column column(int index) {
        return columns[index];
    }
}
