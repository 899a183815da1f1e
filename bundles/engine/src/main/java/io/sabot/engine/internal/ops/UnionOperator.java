package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.PlanNode;
import io.sabot.plan.Union;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * UNION ALL: forwards the batches of every input. When the union is a changelog, insert-only inputs get a {@code
 * $row_kind} column of inserts. The task in front already combined the inputs' watermarks.
 */
public final class UnionOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final boolean changelog;
    private final boolean[] insertOnly;
    private final Schema schema;
    private OperatorContext context;
    private Collector output;

    public UnionOperator(Union union) {
        this.changelog = union.changelog() == ChangelogKind.RETRACT;
        this.insertOnly = new boolean[union.inputs().size()];
        for (int i = 0; i < insertOnly.length; i++) {
            PlanNode in = union.inputs().get(i);
            insertOnly[i] = in.changelog() == ChangelogKind.INSERT_ONLY;
            if (in.rowType().size() != union.rowType().size()) {
                throw new IllegalArgumentException(
                        "union input " + i + " has " + in.rowType().size() + " columns, the union "
                                + union.rowType().size());
            }
            for (int c = 0; c < in.rowType().size(); c++) {
                if (!in.rowType()
                        .type(c)
                        .toArrowType()
                        .equals(union.rowType().type(c).toArrowType())) {
                    throw new IllegalArgumentException("union input " + i + " column " + c + " is "
                            + in.rowType().type(c) + ", the union's "
                            + union.rowType().type(c));
                }
            }
        }
        this.schema = Batches.schema(union.rowType(), changelog);
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch) throws Exception {
        if (!changelog || !insertOnly[input]) {
            output.emit(batch);
            return;
        }
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, context.allocator());
        try {
            int n = batch.getRowCount();
            for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                batch.getVector(c).makeTransferPair(out.getVector(c)).transfer();
            }
            Batches.fillRowKind((TinyIntVector) out.getVector(schema.getFields().size() - 1), n, RowKind.INSERT);
            out.setRowCount(n);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            batch.close();
        }
        output.emit(out);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    @Override
    public void close() {}
}
