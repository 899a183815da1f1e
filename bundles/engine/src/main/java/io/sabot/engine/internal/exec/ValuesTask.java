package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.engine.internal.expr.ExprCompiler;
import io.sabot.plan.Literal;
import io.sabot.plan.RowType;
import io.sabot.plan.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Emits a {@link Values} node's rows, then the final watermark: a bounded input of constants. */
public final class ValuesTask extends Task {

    private final Values values;

    public ValuesTask(String name, JobRuntime job, OperatorChain chain, OperatorContext context, Values values) {
        super(name, job, chain, context);
        this.values = values;
    }

    @Override
    protected void invoke() throws Exception {
        RowType type = values.rowType();
        List<List<Literal>> rows = values.rows();
        int batchSize = context.batchSize();
        for (int from = 0; from < rows.size(); from += batchSize) {
            checkRunning();
            int n = Math.min(batchSize, rows.size() - from);
            VectorSchemaRoot root = VectorSchemaRoot.create(type.toArrowSchema(), context.allocator());
            try {
                for (int c = 0; c < type.size(); c++) {
                    Column column = Physical.newColumn(type.type(c));
                    fill(column, rows, from, n, c);
                    ArrowColumns.write(column, type.type(c), root.getVector(c), null, n);
                }
                root.setRowCount(n);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            context.counters().rowsIn.add(n);
            context.metrics().read(n, io.sabot.engine.internal.metrics.OperatorMetrics.bytes(root));
            chain.origin(System.nanoTime());
            chain.processBatch(0, root);
        }
        chain.processWatermark(Long.MAX_VALUE);
        chain.endInput();
    }

    private static void fill(Column column, List<List<Literal>> rows, int from, int n, int c) {
        if (column instanceof StringColumn s) {
            s.beginWrite(n);
            for (int i = 0; i < n; i++) {
                Object v = rows.get(from + i).get(c).value();
                if (v == null) {
                    s.addNull();
                } else {
                    byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
                    s.add(b, 0, b.length);
                }
            }
            return;
        }
        column.reset(n);
        for (int i = 0; i < n; i++) {
            Object v = ExprCompiler.engineValue(rows.get(from + i).get(c).value());
            if (v == null) {
                column.setNull(i);
            } else if (column instanceof io.sabot.engine.internal.column.LongColumn l) {
                l.values[i] = ((Number) v).longValue();
            } else if (column instanceof io.sabot.engine.internal.column.DoubleColumn d) {
                d.values[i] = ((Number) v).doubleValue();
            } else if (column instanceof io.sabot.engine.internal.column.DecimalColumn d) {
                d.values[i] = io.sabot.engine.internal.column.Decimals.unscaled((BigDecimal) v, d.scale);
            } else if (column instanceof io.sabot.engine.internal.column.BoolColumn b) {
                b.values[i] = (Boolean) v;
            }
        }
    }
}
