package io.sabot.engine.internal.exec;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The operators one task runs back to back, each feeding the next by a direct call (no channel between chained
 * operators), the last feeding the task's {@link Outputs}.
 */
public final class OperatorChain {

    private final BatchOperator[] operators;
    private final Outputs outputs;

    public OperatorChain(List<BatchOperator> operators, Outputs outputs) {
        this.operators = operators.toArray(new BatchOperator[0]);
        this.outputs = outputs;
    }

    public Outputs outputs() {
        return outputs;
    }

    public void open(OperatorContext context) throws Exception {
        for (int i = operators.length - 1; i >= 0; i--) {
            Collector next = i == operators.length - 1 ? outputs : new Link(operators[i + 1]);
            operators[i].open(context, next);
        }
    }

    public void processBatch(int input, VectorSchemaRoot batch) throws Exception {
        if (batch.getRowCount() == 0) {
            batch.close();
            return;
        }
        if (operators.length == 0) {
            outputs.emit(batch);
        } else {
            operators[0].processBatch(input, batch);
        }
    }

    public void processWatermark(long watermark) throws Exception {
        if (operators.length == 0) {
            outputs.emitWatermark(watermark);
        } else {
            operators[0].processWatermark(watermark);
        }
    }

    /** Ends every operator in order (each may still emit into the next), then the outputs. */
    public void endInput() throws Exception {
        for (BatchOperator operator : operators) {
            operator.endInput();
        }
        outputs.emitEnd();
    }

    /** Closes every operator; the first failure is thrown after all were tried. */
    public void close() throws Exception {
        Exception first = null;
        for (BatchOperator operator : operators) {
            try {
                operator.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static final class Link implements Collector {
        private final BatchOperator next;

        Link(BatchOperator next) {
            this.next = next;
        }

        @Override
        public void emit(VectorSchemaRoot batch) throws Exception {
            if (batch.getRowCount() == 0) {
                batch.close();
                return;
            }
            next.processBatch(0, batch);
        }

        @Override
        public void emitWatermark(long watermark) throws Exception {
            next.processWatermark(watermark);
        }
    }
}
