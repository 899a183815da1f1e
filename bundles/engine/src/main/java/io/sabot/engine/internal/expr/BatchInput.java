package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.plan.RowType;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An Arrow batch as expression input. Columns are converted lazily, at most once per batch, into column objects
 * reused across batches.
 */
public final class BatchInput implements EvalInput {

    private final RowType rowType;
    private final Column[] columns;
    private final boolean[] loaded;
    private VectorSchemaRoot batch;
    private int rowCount;

    public BatchInput(RowType rowType) {
        this.rowType = rowType;
        this.columns = new Column[rowType.size()];
        this.loaded = new boolean[rowType.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = Physical.newColumn(rowType.type(i));
        }
    }

    /** Points at a new batch (which stays owned by the caller). */
    public void reset(VectorSchemaRoot newBatch) {
        this.batch = newBatch;
        this.rowCount = newBatch.getRowCount();
        java.util.Arrays.fill(loaded, false);
    }

    /** Forgets the batch (so that it can be closed). */
    public void release() {
        this.batch = null;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public Column column(int index) {
        if (!loaded[index]) {
            ArrowColumns.read(batch.getVector(index), rowType.type(index).kind(), columns[index], rowCount);
            loaded[index] = true;
        }
        return columns[index];
    }
}
