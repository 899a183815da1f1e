package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds an operator's output batches from working columns. */
public final class Output {

    private final RowType rowType;
    private final Schema schema;
    private final boolean changelog;
    private final DataType[] types;

    public Output(RowType rowType, boolean changelog) {
        this.rowType = rowType;
        this.schema = Batches.schema(rowType, changelog);
        this.changelog = changelog;
        this.types = rowType.columns().stream().map(c -> c.type()).toArray(DataType[]::new);
    }

    Schema schema() {
        return schema;
    }

    RowType rowType() {
        return rowType;
    }

    /**
     * A batch of {@code n} rows: column {@code c} from {@code columns[c]} at rows {@code sel} (or 0…n-1), row kinds
     * from {@code kinds} (or all INSERT) when the output is a changelog.
     */
    public VectorSchemaRoot build(BufferAllocator allocator, Column[] columns, int[] sel, int n, byte[] kinds) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            for (int c = 0; c < types.length; c++) {
                ArrowColumns.write(columns[c], types[c], root.getVector(c), sel, n);
            }
            if (changelog) {
                TinyIntVector kind = (TinyIntVector) root.getVector(types.length);
                if (kinds == null) {
                    Batches.fillRowKind(kind, n, RowKind.INSERT);
                } else {
                    kind.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        kind.set(i, kinds[i]);
                    }
                    kind.setValueCount(n);
                }
            }
            root.setRowCount(n);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }
}
