package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.plan.RowType;
import io.sabot.plan.WindowTableFunction;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The windowing table functions: each row once per window it belongs to, with window_start, window_end and
 * window_time (end - 1 ms) appended. One gather of the input columns with repeated row indexes.
 */
public final class WindowTvfOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final WindowTableFunction node;
    private final boolean changelog;
    private final Windows windows;
    private final int timeColumn;
    private final BatchInput input;
    private final Schema schema;
    private final LongColumn starts = new LongColumn();
    private final LongColumn ends = new LongColumn();
    private final LongColumn times = new LongColumn();
    private OperatorContext context;
    private Collector output;
    private long[] passStart = new long[0];
    private long[] passEnd = new long[0];
    private boolean[] passValid = new boolean[0];
    private int[] rows = new int[0];

    public WindowTvfOperator(WindowTableFunction node, boolean changelog) {
        this.node = node;
        this.changelog = changelog;
        this.windows = new Windows(node.window());
        this.timeColumn = node.window().timeColumn();
        RowType in = node.input().rowType();
        if (timeColumn >= in.size() || !in.type(timeColumn).kind().isDateTime()) {
            throw new IllegalArgumentException("window time column $" + timeColumn + " is not a timestamp");
        }
        if (node.rowType().size() != in.size() + 3) {
            throw new IllegalArgumentException("a window table function appends 3 columns to its input's " + in.size()
                    + ", the plan has " + node.rowType().size());
        }
        this.input = new BatchInput(in);
        this.schema = Batches.schema(node.rowType(), changelog);
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
            LongColumn ts = (LongColumn) input.column(timeColumn);
            int passes = windows.passes();
            int capacity = n * passes;
            if (passStart.length < n) {
                passStart = new long[n];
                passEnd = new long[n];
                passValid = new boolean[n];
            }
            if (rows.length < capacity) {
                rows = new int[capacity];
            }
            starts.reset(capacity);
            ends.reset(capacity);
            times.reset(capacity);
            int count = 0;
            long[] s = starts.values;
            long[] e = ends.values;
            long[] t = times.values;
            // pass-major assignment, then rows in input order with their windows in pass order
            int[] perRow = new int[n + 1];
            long[][] rowStarts = new long[passes][];
            long[][] rowEnds = new long[passes][];
            boolean[][] rowValid = new boolean[passes][];
            for (int p = 0; p < passes; p++) {
                windows.assign(p, ts.values, ts.hasNulls() ? ts.nulls() : null, n, passStart, passEnd, passValid);
                rowStarts[p] = java.util.Arrays.copyOf(passStart, n);
                rowEnds[p] = java.util.Arrays.copyOf(passEnd, n);
                rowValid[p] = java.util.Arrays.copyOf(passValid, n);
            }
            for (int i = 0; i < n; i++) {
                for (int p = passes - 1; p >= 0; p--) {
                    if (rowValid[p][i]) {
                        rows[count] = i;
                        s[count] = rowStarts[p][i];
                        e[count] = rowEnds[p][i];
                        t[count] = rowEnds[p][i] - 1;
                        count++;
                    }
                }
                perRow[i + 1] = count;
            }
            if (count == 0) {
                return;
            }
            out = VectorSchemaRoot.create(schema, context.allocator());
            int width = node.input().rowType().size();
            for (int c = 0; c < width; c++) {
                Batches.gather(batch.getVector(c), rows, count, out.getVector(c));
            }
            ArrowColumns.write(starts, node.rowType().type(width), out.getVector(width), null, count);
            ArrowColumns.write(ends, node.rowType().type(width + 1), out.getVector(width + 1), null, count);
            ArrowColumns.write(times, node.rowType().type(width + 2), out.getVector(width + 2), null, count);
            if (changelog) {
                Batches.gather(batch.getVector(width), rows, count, out.getVector(width + 3));
            }
            out.setRowCount(count);
            VectorSchemaRoot ready = out;
            out = null;
            output.emit(ready);
        } finally {
            input.release();
            batch.close();
            if (out != null) {
                out.close();
            }
        }
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
