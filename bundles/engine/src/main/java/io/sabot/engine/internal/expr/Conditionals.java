package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.plan.DataType;
import java.util.List;

/**
 * CASE and COALESCE. Each branch is evaluated only over the rows that reach it (a selection mask), then one loop
 * per representation picks each row's value from the branch that decided it.
 */
final class Conditionals {

    private Conditionals() {}

    /** {@code out[i] = sources[branch[i]][i]}, NULL where {@code branch[i] < 0}. */
    static void assemble(Column[] sources, int[] branch, int n, Column out) {
        if (out instanceof StringColumn o) {
            o.beginWrite(n);
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                if (b < 0 || sources[b].isNull(i)) {
                    o.addNull();
                } else {
                    StringColumn s = (StringColumn) sources[b];
                    o.add(s.bytes, s.offsets[i], s.offsets[i + 1] - s.offsets[i]);
                }
            }
            return;
        }
        out.reset(n);
        boolean anyNull = false;
        for (int i = 0; i < n; i++) {
            int b = branch[i];
            if (b < 0 || sources[b].isNull(i)) {
                anyNull = true;
                break;
            }
        }
        if (out instanceof LongColumn o) {
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                o.values[i] = b < 0 ? 0 : ((LongColumn) sources[b]).values[i];
            }
        } else if (out instanceof DoubleColumn o) {
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                o.values[i] = b < 0 ? 0 : ((DoubleColumn) sources[b]).values[i];
            }
        } else if (out instanceof DecimalColumn o) {
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                o.values[i] = b < 0 ? 0 : ((DecimalColumn) sources[b]).values[i];
            }
        } else {
            BoolColumn o = (BoolColumn) out;
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                o.values[i] = b >= 0 && ((BoolColumn) sources[b]).values[i];
            }
        }
        if (anyNull) {
            boolean[] nulls = out.nullsForWrite();
            for (int i = 0; i < n; i++) {
                int b = branch[i];
                nulls[i] = b < 0 || sources[b].isNull(i);
            }
        }
    }

    abstract static class Branching extends Evaluator {
        protected final Column out;
        protected int[] branch = new int[0];
        protected boolean[] remaining = new boolean[0];
        protected boolean[] taken = new boolean[0];

        Branching(DataType type, String text) {
            super(type, text);
            this.out = Physical.newColumn(type);
        }

        void prepare(int n, boolean[] active) {
            if (branch.length < n) {
                int size = Math.max(n, branch.length * 2);
                branch = new int[size];
                remaining = new boolean[size];
                taken = new boolean[size];
            }
            for (int i = 0; i < n; i++) {
                branch[i] = -1;
                remaining[i] = on(active, i);
            }
        }
    }

    /** {@code CASE(cond1, value1, …, else)}. */
    static final class Case extends Branching {
        private final Evaluator[] conditions;
        private final Evaluator[] values;
        private final Column[] results;

        Case(DataType type, String text, List<Evaluator> conditions, List<Evaluator> values) {
            super(type, text);
            this.conditions = conditions.toArray(new Evaluator[0]);
            this.values = values.toArray(new Evaluator[0]); // one more than conditions: the ELSE
            this.results = new Column[this.values.length];
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            int n = input.rowCount();
            prepare(n, active);
            for (int k = 0; k < values.length; k++) {
                boolean any = false;
                if (k < conditions.length) {
                    BoolColumn c = (BoolColumn) conditions[k].evaluate(input, remaining);
                    for (int i = 0; i < n; i++) {
                        boolean t = remaining[i] && c.isTrue(i);
                        taken[i] = t;
                        any |= t;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        taken[i] = remaining[i];
                        any |= remaining[i];
                    }
                }
                results[k] = null;
                if (any) {
                    results[k] = values[k].evaluate(input, taken);
                    for (int i = 0; i < n; i++) {
                        if (taken[i]) {
                            branch[i] = k;
                            remaining[i] = false;
                        }
                    }
                }
            }
            assemble(results, branch, n, out);
            return out;
        }
    }

    /** The first non-null operand. */
    static final class Coalesce extends Branching {
        private final Evaluator[] operands;
        private final Column[] results;

        Coalesce(DataType type, String text, List<Evaluator> operands) {
            super(type, text);
            this.operands = operands.toArray(new Evaluator[0]);
            this.results = new Column[this.operands.length];
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            int n = input.rowCount();
            prepare(n, active);
            for (int k = 0; k < operands.length; k++) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    any |= remaining[i];
                }
                results[k] = null;
                if (!any) {
                    continue;
                }
                Column c = operands[k].evaluate(input, remaining);
                results[k] = c;
                for (int i = 0; i < n; i++) {
                    if (remaining[i] && !c.isNull(i)) {
                        branch[i] = k;
                        remaining[i] = false;
                    }
                }
            }
            assemble(results, branch, n, out);
            return out;
        }
    }
}
