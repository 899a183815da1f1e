package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.exec.SplitTracker;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.Evaluator;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.engine.internal.expr.ExprText;
import io.sabot.engine.internal.expr.ExpressionException;
import io.sabot.engine.internal.expr.FailingRows;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WatermarkAssigner;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Derives watermarks from {@code WATERMARK FOR rowtime AS expression}: the largest value of the expression seen.
 * Chained to a source reader it works per split (the source task takes the minimum over splits and emits it);
 * elsewhere it keeps one maximum and replaces the watermarks of its input (except the final one).
 *
 * <p>A row the expression cannot be computed for fails the job, naming the table, the operator, the expression and
 * the row (error handlers do not apply: a row without a watermark would still be emitted).
 */
public final class WatermarkAssignerOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final WatermarkAssigner node;
    private final ExpressionErrors errors;
    private final Evaluator expression;
    private final boolean perSplit;
    private final BatchInput input;
    private OperatorContext context;
    private Collector output;
    private long current = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    public WatermarkAssignerOperator(WatermarkAssigner node, boolean perSplit) {
        this(node, perSplit, ExpressionErrors.failing("WatermarkAssigner"));
    }

    /** @param errors names the operator and table in errors; its handlers are not used */
    public WatermarkAssignerOperator(WatermarkAssigner node, boolean perSplit, ExpressionErrors errors) {
        this.node = node;
        this.errors = errors;
        this.perSplit = perSplit;
        ExprCompiler compiler = new ExprCompiler(node.input().rowType());
        this.expression = compiler.compile(node.watermark());
        TypeKind kind = expression.type().kind();
        if (!kind.isDateTime()) {
            throw new IllegalArgumentException(
                    "watermark expression " + node.watermark() + " is " + expression.type() + ", not a timestamp");
        }
        this.input = new BatchInput(node.input().rowType());
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
    }

    @Override
    public void processBatch(int inputIndex, VectorSchemaRoot batch) throws Exception {
        long max = Long.MIN_VALUE;
        try {
            input.reset(batch);
            LongColumn values;
            try {
                values = (LongColumn) expression.evaluate(input, null);
            } catch (ExpressionException e) {
                throw failure(batch);
            }
            int n = batch.getRowCount();
            long[] v = values.values;
            boolean dates = expression.type().kind() == TypeKind.DATE;
            for (int i = 0; i < n; i++) {
                if (!values.isNull(i)) {
                    long w = dates ? v[i] * 86_400_000L : v[i];
                    if (w > max) {
                        max = w;
                    }
                }
            }
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        } finally {
            input.release();
        }
        if (perSplit) {
            SplitTracker splits = context.splits();
            splits.advance(splits.current(), max);
            output.emit(batch);
            return;
        }
        output.emit(batch);
        if (max > current) {
            current = max;
        }
        if (current > emitted) {
            emitted = current;
            output.emitWatermark(current);
        }
    }

    /** The error naming the first row the expression fails on. */
    private RuntimeException failure(VectorSchemaRoot batch) throws Exception {
        int n = batch.getRowCount();
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        FailingRows.remove(n, all, active -> expression.evaluate(input, active), (row, e) -> {
            throw errors.failure(context.subtask(), node.input().rowType(), batch, row, sql(), e);
        });
        return new IllegalStateException("the watermark expression " + sql() + " failed, then did not");
    }

    private String sql() {
        return ExprText.sql(node.watermark(), node.input().rowType());
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        if (perSplit || (watermark == Long.MAX_VALUE && emitted < Long.MAX_VALUE)) {
            emitted = watermark;
            output.emitWatermark(watermark);
        }
    }

    @Override
    public void close() {
        input.release();
    }
}
