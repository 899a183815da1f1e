package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.Operator;
import java.util.List;

/** Three-valued logic. AND and OR evaluate later operands only for rows the earlier ones left undecided. */
final class Logic {

    private Logic() {}

    /** AND (stop value FALSE) or OR (stop value TRUE) over two or more operands. */
    static final class Junction extends Evaluator {
        private final Evaluator[] operands;
        private final boolean stop;
        private final BoolColumn out = new BoolColumn();
        private boolean[] decided = new boolean[0];
        private boolean[] unknown = new boolean[0];
        private boolean[] pending = new boolean[0];

        Junction(DataType type, String text, boolean and, List<Evaluator> operands) {
            super(type, text);
            this.operands = operands.toArray(new Evaluator[0]);
            this.stop = !and;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            int n = input.rowCount();
            if (decided.length < n) {
                int size = Math.max(n, decided.length * 2);
                decided = new boolean[size];
                unknown = new boolean[size];
                pending = new boolean[size];
            }
            java.util.Arrays.fill(decided, 0, n, false);
            java.util.Arrays.fill(unknown, 0, n, false);
            boolean[] mask = active;
            for (Evaluator operand : operands) {
                BoolColumn v = (BoolColumn) operand.evaluate(input, mask);
                boolean[] values = v.values;
                boolean anyPending = false;
                for (int i = 0; i < n; i++) {
                    if (decided[i] || !on(mask, i)) {
                        pending[i] = false;
                        continue;
                    }
                    if (v.isNull(i)) {
                        unknown[i] = true;
                    } else if (values[i] == stop) {
                        decided[i] = true;
                    }
                    pending[i] = !decided[i];
                    anyPending |= pending[i];
                }
                mask = pending;
                if (!anyPending) {
                    break;
                }
            }
            out.reset(n);
            boolean[] o = out.values;
            boolean hasUnknown = false;
            for (int i = 0; i < n; i++) {
                o[i] = decided[i] == stop;
                hasUnknown |= unknown[i] & !decided[i];
            }
            if (hasUnknown) {
                boolean[] nulls = out.nullsForWrite();
                for (int i = 0; i < n; i++) {
                    nulls[i] = unknown[i] & !decided[i];
                }
            }
            return out;
        }
    }

    /** NOT and the IS [NOT] NULL/TRUE/FALSE predicates. */
    static final class Predicate extends Evaluator {
        private final Operator op;
        private final Evaluator operand;
        private final BoolColumn out = new BoolColumn();

        Predicate(DataType type, String text, Operator op, Evaluator operand) {
            super(type, text);
            this.op = op;
            this.operand = operand;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            Column a = operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            boolean[] o = out.values;
            switch (op) {
                case IS_NULL -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a.isNull(i);
                    }
                }
                case IS_NOT_NULL -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = !a.isNull(i);
                    }
                }
                default -> {
                    boolean[] v = ((BoolColumn) a).values;
                    switch (op) {
                        case NOT -> {
                            for (int i = 0; i < n; i++) {
                                o[i] = !v[i];
                            }
                            out.copyNulls(a);
                        }
                        case IS_TRUE -> {
                            for (int i = 0; i < n; i++) {
                                o[i] = !a.isNull(i) && v[i];
                            }
                        }
                        case IS_NOT_TRUE -> {
                            for (int i = 0; i < n; i++) {
                                o[i] = a.isNull(i) || !v[i];
                            }
                        }
                        case IS_FALSE -> {
                            for (int i = 0; i < n; i++) {
                                o[i] = !a.isNull(i) && !v[i];
                            }
                        }
                        case IS_NOT_FALSE -> {
                            for (int i = 0; i < n; i++) {
                                o[i] = a.isNull(i) || v[i];
                            }
                        }
                        default -> throw new IllegalStateException(op.name());
                    }
                }
            }
            return out;
        }
    }
}
