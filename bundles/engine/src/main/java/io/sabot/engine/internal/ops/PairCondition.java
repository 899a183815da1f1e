package io.sabot.engine.internal.ops;

import com.codahale.metrics.Counter;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.expr.Evaluator;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.engine.internal.expr.ExprText;
import io.sabot.engine.internal.expr.ExpressionException;
import io.sabot.engine.internal.expr.FailingRows;
import io.sabot.errors.spi.Decision;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plan.Expr;
import io.sabot.plan.RowType;

/**
 * A join's extra condition over candidate pairs, evaluated for all pairs at once. A pair the condition cannot be
 * computed for (a failed CAST, a division by zero) goes to the job's error handling ({@link ExpressionErrors}): when
 * it is skipped or dead-lettered the pair counts as not matching (an outer join's row may then be null-padded), and
 * the other pairs are decided as before.
 */
public final class PairCondition {

    private final Evaluator condition;
    private final String text;
    private final RowType pairType;
    private final ExpressionErrors errors;
    private Counter skipped = new Counter();
    private Counter deadLettered = new Counter();
    private int subtask;

    public PairCondition(Expr condition, RowType pairType, ExpressionErrors errors) {
        this.condition = new ExprCompiler(pairType).compileCondition(condition);
        this.text = ExprText.sql(condition, pairType);
        this.pairType = pairType;
        this.errors = errors;
    }

    public void open(OperatorContext context) {
        subtask = context.subtask();
        if (errors.handles()) {
            skipped = context.metrics().register(errors.operator(), StandardMetric.RECORDS_SKIPPED, new Counter());
            deadLettered =
                    context.metrics().register(errors.operator(), StandardMetric.RECORDS_DEAD_LETTERED, new Counter());
        }
    }

    /** Like {@link #open(OperatorContext)}, counting in the operator's own (already registered) counters. */
    public void open(OperatorContext context, Counter skippedMetric, Counter deadLetteredMetric) {
        subtask = context.subtask();
        skipped = skippedMetric;
        deadLettered = deadLetteredMetric;
    }

    /** Which of the {@code pairs} pairs in {@code columns} (read through {@code input}) pass the condition. */
    public BoolColumn evaluate(ColumnsInput input, Column[] columns, int pairs) {
        try {
            return (BoolColumn) condition.evaluate(input, null);
        } catch (ExpressionException first) {
            boolean[] ok = new boolean[pairs];
            java.util.Arrays.fill(ok, true);
            try {
                FailingRows.remove(pairs, ok, active -> condition.evaluate(input, active), (pair, e) -> {
                    Decision.Kind kind = errors.rowFailed(subtask, pairType, columns, pair, text, e);
                    (kind == Decision.Kind.SKIP ? skipped : deadLettered).inc();
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            BoolColumn keep = (BoolColumn) condition.evaluate(input, ok);
            for (int p = 0; p < pairs; p++) {
                if (!ok[p]) {
                    keep.values[p] = false;
                }
            }
            return keep;
        }
    }

    /**
     * Keeps the pairs {@code keep} marks true, in order, compacting {@code pairRow} and {@code pairOther} and moving
     * {@code pairStart} (the first pair of each of the {@code n} rows, and the end at {@code n}) with them.
     *
     * @return the number of pairs kept
     */
    public static int compact(BoolColumn keep, int[] pairRow, int[] pairOther, int[] pairStart, int n, int pairs) {
        int kept = 0;
        int row = 0;
        for (int p = 0; p < pairs; p++) {
            while (row < n && pairStart[row + 1] <= p) {
                pairStart[++row] = kept;
            }
            if (keep.isTrue(p)) {
                pairRow[kept] = pairRow[p];
                pairOther[kept] = pairOther[p];
                kept++;
            }
        }
        while (row < n) {
            pairStart[++row] = kept;
        }
        return kept;
    }
}
