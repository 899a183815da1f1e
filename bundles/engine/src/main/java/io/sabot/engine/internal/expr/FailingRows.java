package io.sabot.engine.internal.expr;

/**
 * Finds the rows an expression fails on, for an operator whose columnar evaluation of a batch threw: the rare path.
 * The expression is evaluated again under a selection ({@link Evaluator}'s {@code active} rows, which never raise
 * errors outside it); each failing row is taken out of the selection and reported, until the expression evaluates
 * over what is left. A failure that names its row ({@link ExpressionException#row()}) costs one evaluation; one that
 * does not is found by bisecting the selection.
 */
public final class FailingRows {

    /** Evaluates the expression over the rows marked in {@code active}; throws as the expression does. */
    @FunctionalInterface
    public interface Evaluation {
        void evaluate(boolean[] active);
    }

    /** Told about each failing row; returns to go on without it, or throws to fail. */
    @FunctionalInterface
    public interface Handler {
        void failed(int row, ExpressionException error) throws Exception;
    }

    private FailingRows() {}

    /**
     * Takes the rows {@code evaluation} fails on out of {@code active}, telling {@code handler} about each, in the order
     * they are found. Returns when the expression evaluates over the rows left in {@code active}.
     *
     * @param rows the number of rows
     * @param active the rows that matter (length at least {@code rows}); the failing ones are cleared
     * @throws ExpressionException when a failure cannot be pinned on one row (it would happen with none selected)
     */
    public static void remove(int rows, boolean[] active, Evaluation evaluation, Handler handler) throws Exception {
        while (true) {
            ExpressionException error;
            try {
                evaluation.evaluate(active);
                return;
            } catch (ExpressionException e) {
                error = e;
            }
            int row = error.row();
            if (row < 0 || row >= rows || !active[row]) {
                row = bisect(rows, active, evaluation);
                if (row < 0) {
                    throw error;
                }
                error = failure(row, rows, evaluation);
            }
            active[row] = false;
            handler.failed(row, error);
        }
    }

    /** A row of {@code active} that fails alone, or -1. */
    private static int bisect(int rows, boolean[] active, Evaluation evaluation) {
        int[] candidates = new int[rows];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (active[i]) {
                candidates[count++] = i;
            }
        }
        boolean[] mask = new boolean[active.length];
        int from = 0;
        int to = count;
        while (to - from > 1) {
            int mid = (from + to) >>> 1;
            if (fails(mask, candidates, from, mid, evaluation)) {
                to = mid;
            } else {
                from = mid; // a row-wise expression then fails on the other half
            }
        }
        return to - from == 1 && fails(mask, candidates, from, to, evaluation) ? candidates[from] : -1;
    }

    private static boolean fails(boolean[] mask, int[] candidates, int from, int to, Evaluation evaluation) {
        java.util.Arrays.fill(mask, false);
        for (int k = from; k < to; k++) {
            mask[candidates[k]] = true;
        }
        try {
            evaluation.evaluate(mask);
            return false;
        } catch (ExpressionException e) {
            return true;
        }
    }

    /** The error of {@code row} evaluated alone. */
    private static ExpressionException failure(int row, int rows, Evaluation evaluation) {
        boolean[] mask = new boolean[rows];
        mask[row] = true;
        try {
            evaluation.evaluate(mask);
        } catch (ExpressionException e) {
            return e;
        }
        throw new IllegalStateException("row " + row + " failed, then did not");
    }
}
