package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.Decimals;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.plan.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Column references and constants. */
final class Basics {

    private Basics() {}

    /** A reference to an input column: no work, the input converts it once per batch. */
    static final class InputRefEval extends Evaluator {
        private final int index;

        InputRefEval(DataType type, String text, int index) {
            super(type, text);
            this.index = index;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            return input.column(index);
        }
    }

    /** A constant, materialised as a column of the batch's length (refilled only when the length changes). */
    static final class ConstantEval extends Evaluator {
        private final Object value;
        private final Column column;
        private int filled = -1;

        /**
         * @param value in the engine's form: Long (also dates, times, months), Double, BigDecimal, String, Boolean, or
         *     null
         */
        ConstantEval(DataType type, String text, Object value) {
            super(type, text);
            this.value = value;
            this.column = Physical.newColumn(type);
        }

        Object value() {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            int n = input.rowCount();
            if (filled != n) {
                fill(n);
                filled = n;
            }
            return column;
        }

        private void fill(int n) {
            if (column instanceof StringColumn s) {
                s.beginWrite(n);
                byte[] b = value == null ? new byte[0] : ((String) value).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < n; i++) {
                    if (value == null) {
                        s.addNull();
                    } else {
                        s.add(b, 0, b.length);
                    }
                }
                return;
            }
            column.reset(n);
            if (value == null) {
                Arrays.fill(column.nullsForWrite(), 0, n, true);
                return;
            }
            if (column instanceof LongColumn c) {
                Arrays.fill(c.values, 0, n, ((Number) value).longValue());
            } else if (column instanceof DoubleColumn c) {
                Arrays.fill(c.values, 0, n, ((Number) value).doubleValue());
            } else if (column instanceof DecimalColumn c) {
                Arrays.fill(c.values, 0, n, Decimals.unscaled((BigDecimal) value, c.scale));
            } else if (column instanceof BoolColumn c) {
                Arrays.fill(c.values, 0, n, (Boolean) value);
            }
        }
    }
}
