package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.Evaluator;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.plan.Calc;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.RowType;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Filter and projection. The condition is evaluated for the whole batch into a mask; projections are evaluated only
 * for the rows it keeps (so a filtered-out row never raises an error) and written with one gather. A projection
 * that is a bare column reference moves the input's buffers when no row is dropped, and gathers them otherwise.
 */
public final class CalcOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final Calc calc;
    private final boolean changelog;
    private final Evaluator condition;
    private final Evaluator[] projections;
    /** The input column a projection passes through unchanged, or -1. */
    private final int[] passThrough;

    private final RowType inputType;
    private final Schema schema;
    private final BatchInput input;
    private final Column[] results;
    private OperatorContext context;
    private Collector output;
    private int[] selection = new int[0];
    private boolean[] keep = new boolean[0];

    public CalcOperator(Calc calc, boolean changelog) {
        this.calc = calc;
        this.changelog = changelog;
        this.inputType = calc.input().rowType();
        ExprCompiler compiler = new ExprCompiler(inputType);
        this.condition = calc.condition() == null ? null : compiler.compileCondition(calc.condition());
        int n = calc.projections().size();
        this.projections = new Evaluator[n];
        this.passThrough = new int[n];
        for (int i = 0; i < n; i++) {
            Expr e = calc.projections().get(i);
            projections[i] = compiler.compile(e);
            boolean sameVector = e instanceof InputRef ref
                    && inputType
                            .type(ref.index())
                            .toArrowType()
                            .equals(calc.rowType().type(i).toArrowType());
            passThrough[i] = sameVector ? ((InputRef) e).index() : -1;
        }
        this.schema = Batches.schema(calc.rowType(), changelog);
        this.input = new BatchInput(inputType);
        this.results = new Column[n];
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
    }

    @Override
    public void processBatch(int inputIndex, VectorSchemaRoot batch) throws Exception {
        VectorSchemaRoot out = null;
        try {
            int n = batch.getRowCount();
            input.reset(batch);
            int[] sel = null;
            boolean[] active = null;
            int count = n;
            if (condition != null) {
                BoolColumn c = (BoolColumn) condition.evaluate(input, null);
                if (keep.length < n) {
                    keep = new boolean[Math.max(n, keep.length * 2)];
                    selection = new int[keep.length];
                }
                count = 0;
                for (int i = 0; i < n; i++) {
                    boolean t = c.isTrue(i);
                    keep[i] = t;
                    if (t) {
                        selection[count++] = i;
                    }
                }
                if (count == 0) {
                    return;
                }
                if (count < n) {
                    sel = selection;
                    active = keep;
                }
            }
            for (int j = 0; j < projections.length; j++) {
                results[j] = passThrough[j] >= 0 ? null : projections[j].evaluate(input, active);
            }
            out = VectorSchemaRoot.create(schema, context.allocator());
            boolean[] moved = new boolean[batch.getFieldVectors().size()];
            for (int j = 0; j < projections.length; j++) {
                FieldVector target = out.getVector(j);
                int from = passThrough[j];
                if (from < 0) {
                    ArrowColumns.write(results[j], calc.rowType().type(j), target, sel, count);
                } else if (sel == null && !moved[from]) {
                    batch.getVector(from).makeTransferPair(target).transfer();
                    moved[from] = true;
                } else if (sel == null) {
                    Batches.gather(out.getVector(firstUse(from, j)), identity(count), count, target);
                } else {
                    Batches.gather(batch.getVector(from), sel, count, target);
                }
            }
            if (changelog) {
                int kinds = inputType.size();
                FieldVector target = out.getVector(projections.length);
                if (sel == null) {
                    batch.getVector(kinds).makeTransferPair(target).transfer();
                } else {
                    Batches.gather(batch.getVector(kinds), sel, count, target);
                }
            }
            out.setRowCount(count);
            VectorSchemaRoot ready = out;
            out = null;
            input.release();
            batch.close();
            batch = null;
            output.emit(ready);
        } finally {
            input.release();
            if (out != null) {
                out.close();
            }
            if (batch != null) {
                batch.close();
            }
        }
    }

    private int firstUse(int inputColumn, int before) {
        for (int j = 0; j < before; j++) {
            if (passThrough[j] == inputColumn) {
                return j;
            }
        }
        throw new IllegalStateException();
    }

    private int[] identityScratch = new int[0];

    private int[] identity(int n) {
        if (identityScratch.length < n) {
            identityScratch = new int[Math.max(n, identityScratch.length * 2)];
            for (int i = 0; i < identityScratch.length; i++) {
                identityScratch[i] = i;
            }
        }
        return identityScratch;
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    @Override
    public void close() {
        input.release();
    }
}
