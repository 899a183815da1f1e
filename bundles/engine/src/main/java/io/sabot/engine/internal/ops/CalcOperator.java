package io.sabot.engine.internal.ops;

import com.codahale.metrics.Counter;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.Evaluator;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.engine.internal.expr.ExprText;
import io.sabot.engine.internal.expr.ExpressionException;
import io.sabot.engine.internal.expr.FailingRows;
import io.sabot.errors.spi.Decision;
import io.sabot.metrics.spi.StandardMetric;
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
 *
 * <p>A row an expression cannot be computed for (a failed CAST, a division by zero) makes the columnar evaluation
 * throw. Only then the batch is evaluated again to find the failing rows ({@link FailingRows}), each goes to the
 * operator's {@link ExpressionErrors} (skipped, dead-lettered, or the job fails naming it), and the other rows are
 * emitted as if the failing ones had been filtered out.
 */
public final class CalcOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final Calc calc;
    private final boolean changelog;
    private final ExpressionErrors errors;
    private Counter skippedMetric = new Counter();
    private Counter deadLetteredMetric = new Counter();
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
        this(calc, changelog, ExpressionErrors.failing("Calc"));
    }

    /** @param errors where rows an expression fails on go */
    public CalcOperator(Calc calc, boolean changelog, ExpressionErrors errors) {
        this.calc = calc;
        this.changelog = changelog;
        this.errors = errors;
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
        if (errors.handles()) {
            skippedMetric =
                    context.metrics().register(errors.operator(), StandardMetric.RECORDS_SKIPPED, new Counter());
            deadLetteredMetric =
                    context.metrics().register(errors.operator(), StandardMetric.RECORDS_DEAD_LETTERED, new Counter());
        }
    }

    @Override
    public void processBatch(int inputIndex, VectorSchemaRoot batch) throws Exception {
        VectorSchemaRoot out = null;
        try {
            int n = batch.getRowCount();
            input.reset(batch);
            int count;
            try {
                count = evaluate(n);
            } catch (ExpressionException e) {
                count = evaluateWithoutFailingRows(batch, n);
            }
            if (count == 0) {
                return;
            }
            int[] sel = count < n ? selection : null;
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

    /**
     * The columnar path: the condition into {@link #keep}/{@link #selection}, then the projections over the rows it
     * keeps. Returns the number of rows kept.
     */
    private int evaluate(int n) {
        boolean[] active = null;
        int count = n;
        if (condition != null) {
            BoolColumn c = (BoolColumn) condition.evaluate(input, null);
            ensureCapacity(n);
            count = 0;
            for (int i = 0; i < n; i++) {
                boolean t = c.isTrue(i);
                keep[i] = t;
                if (t) {
                    selection[count++] = i;
                }
            }
            if (count == 0) {
                return 0;
            }
            if (count < n) {
                active = keep;
            }
        }
        for (int j = 0; j < projections.length; j++) {
            results[j] = passThrough[j] >= 0 ? null : projections[j].evaluate(input, active);
        }
        return count;
    }

    /**
     * The rare path, after the columnar one threw: finds the rows the condition or a projection fails on, hands each
     * to the error handling (which sets it aside, or fails the job naming it), and evaluates the batch without them.
     * The other rows come out as they would have.
     */
    private int evaluateWithoutFailingRows(VectorSchemaRoot batch, int n) throws Exception {
        ensureCapacity(n);
        java.util.Arrays.fill(keep, 0, n, true);
        if (condition != null) {
            FailingRows.remove(
                    n, keep, active -> condition.evaluate(input, active), (row, e) -> failed(batch, row, -1, e));
            BoolColumn c = (BoolColumn) condition.evaluate(input, keep);
            for (int i = 0; i < n; i++) {
                keep[i] = keep[i] && c.isTrue(i);
            }
        }
        for (int j = 0; j < projections.length; j++) {
            if (passThrough[j] < 0) {
                Evaluator projection = projections[j];
                int which = j;
                FailingRows.remove(
                        n,
                        keep,
                        active -> projection.evaluate(input, active),
                        (row, e) -> failed(batch, row, which, e));
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                selection[count++] = i;
            }
        }
        if (count > 0) {
            boolean[] active = count < n ? keep : null;
            for (int j = 0; j < projections.length; j++) {
                results[j] = passThrough[j] >= 0 ? null : projections[j].evaluate(input, active);
            }
        }
        return count;
    }

    /** Row {@code row} failed projection {@code projection} (-1: the condition). */
    private void failed(VectorSchemaRoot batch, int row, int projection, ExpressionException e) {
        Expr expr = projection < 0 ? calc.condition() : calc.projections().get(projection);
        Decision.Kind kind =
                errors.rowFailed(context.subtask(), inputType, batch, row, ExprText.sql(expr, inputType), e);
        if (kind == Decision.Kind.SKIP) {
            skippedMetric.inc();
        } else {
            deadLetteredMetric.inc();
        }
    }

    private void ensureCapacity(int n) {
        if (keep.length < n) {
            keep = new boolean[Math.max(n, keep.length * 2)];
            selection = new int[keep.length];
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
