package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.exec.ResultsImpl;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The collecting sink of a SELECT: moves each batch into the results' allocator and queues it for the caller. */
public final class CollectOperator implements BatchOperator, io.sabot.engine.internal.exec.StatelessOperator {

    private final ResultsImpl results;
    private OperatorContext context;

    public CollectOperator(ResultsImpl results) {
        this.results = results;
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch) throws Exception {
        VectorSchemaRoot mine;
        try {
            mine = Batches.transfer(batch, results.schema(), results.allocator());
        } finally {
            batch.close();
        }
        context.counters().rowsOut.add(mine.getRowCount());
        context.counters().batchesOut.increment();
        results.put(mine);
    }

    @Override
    public void processWatermark(long watermark) {}

    @Override
    public void close() {}
}
