package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.checkpoint.BackendStateOperator;
import io.sabot.engine.internal.checkpoint.CheckpointedOperator;
import io.sabot.engine.internal.checkpoint.RestoredCheckpoint;
import io.sabot.engine.internal.checkpoint.TaskSnapshot;
import io.sabot.engine.internal.metrics.OperatorMetrics;
import io.sabot.engine.internal.metrics.StateMetrics;
import io.sabot.engine.internal.metrics.TaskMetrics;
import io.sabot.engine.internal.ops.CollectOperator;
import io.sabot.engine.internal.ops.SinkOperator;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The operators one task runs back to back, each feeding the next by a direct call (no channel between chained
 * operators), the last feeding the task's {@link Outputs}.
 *
 * <p>Each batch entering an operator updates that operator's metrics: rows, bytes, batch size, latency since the
 * source read it, and its processing time, which excludes the time spent in the operators it feeds and in sending
 * (so that backpressure is not counted as work).
 */
public final class OperatorChain {

    private final BatchOperator[] operators;
    private final String[] operatorIds;
    private final Outputs outputs;
    private final List<BackendPlugin.Handle> backends = new java.util.ArrayList<>();
    private BackendPlugin stateBackends;
    /** Operators whose input is what they write (sinks) or deliver (results): their input counts as output too. */
    private final boolean[] writesOut;

    private OperatorMetrics[] metrics;
    private TaskMetrics taskMetrics;
    /** When the source read the rows being processed ({@code System.nanoTime()}, 0 unknown). */
    private long origin;
    /** Time spent downstream (next operators, sending) during the current operator's batch. */
    private long nested;

    public OperatorChain(List<BatchOperator> operators, List<String> operatorIds, Outputs outputs) {
        this.operators = operators.toArray(new BatchOperator[0]);
        this.operatorIds = operatorIds.toArray(new String[0]);
        this.outputs = outputs;
        this.writesOut = new boolean[this.operators.length];
        for (int i = 0; i < writesOut.length; i++) {
            writesOut[i] = this.operators[i] instanceof SinkOperator || this.operators[i] instanceof CollectOperator;
        }
    }

    /** The rows processed next were read by the source at {@code nanos} ({@code System.nanoTime()}). */
    public void origin(long nanos) {
        origin = nanos;
        outputs.origin(nanos);
    }

    /** Whether an operator of the chain has state to checkpoint. */
    public boolean stateful() {
        for (BatchOperator op : operators) {
            if (op instanceof CheckpointedOperator) {
                return true;
            }
        }
        return false;
    }

    /** Copies the state of every stateful operator into the task's snapshot (task thread, between batches). */
    public void snapshot(TaskSnapshot snapshot, OperatorContext context) throws Exception {
        KeyGroupRange range =
                KeyGroups.rangeForOperator(context.maxParallelism(), context.parallelism(), context.subtask());
        for (int i = 0; i < operators.length; i++) {
            if (operators[i] instanceof CheckpointedOperator stateful) {
                stateful.snapshotState(
                        snapshot.checkpointId(),
                        snapshot.operator(
                                operatorIds[i],
                                context.subtask(),
                                context.parallelism(),
                                range,
                                context.maxParallelism()));
            }
        }
    }

    /** Restores every stateful operator from the checkpoint (after open, before the first batch). */
    public void restore(RestoredCheckpoint checkpoint, OperatorContext context) throws Exception {
        KeyGroupRange range =
                KeyGroups.rangeForOperator(context.maxParallelism(), context.parallelism(), context.subtask());
        for (int i = 0; i < operators.length; i++) {
            if (operators[i] instanceof CheckpointedOperator stateful) {
                stateful.restoreState(checkpoint.reader(operatorIds[i], range, context.allocator()));
            }
        }
        stateEntries();
    }

    public Outputs outputs() {
        return outputs;
    }

    public void open(OperatorContext context) throws Exception {
        taskMetrics = context.metrics();
        metrics = taskMetrics.operators;
        outputs.metrics(taskMetrics);
        BackendPlugin plugin = context.stateBackends();
        stateBackends = plugin;
        if (plugin != null) {
            for (int i = 0; i < operators.length; i++) {
                if (operators[i] instanceof BackendStateOperator op && op.canUseBackend()) {
                    BackendPlugin.Handle handle = plugin.create(
                            operatorIds[i], context.subtask(), context.parallelism(), context.maxParallelism());
                    backends.add(handle);
                    op.useBackend(handle.backend());
                }
            }
        }
        for (int i = operators.length - 1; i >= 0; i--) {
            Collector next = i == operators.length - 1 ? new Tail(i) : new Link(i + 1);
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
            feed(0, input, batch, OperatorMetrics.bytes(batch));
            stateEntries();
        }
    }

    /** Publishes what each stateful operator holds (a call per stateful operator, per batch or watermark). */
    private void stateEntries() {
        StateMetrics[] state = taskMetrics.state;
        for (int i = 0; i < state.length; i++) {
            if (state[i] != null) {
                state[i].entries = ((CheckpointedOperator) operators[i]).stateEntries();
            }
        }
    }

    private void feed(int i, int input, VectorSchemaRoot batch, long bytes) throws Exception {
        OperatorMetrics m = metrics[i];
        int rows = batch.getRowCount();
        long start = System.nanoTime();
        m.received(rows, bytes, origin, start);
        if (writesOut[i]) {
            m.emitted(rows, bytes); // before: the operator closes the batch
        }
        long outer = nested;
        nested = 0;
        try {
            operators[i].processBatch(input, batch);
        } finally {
            long took = System.nanoTime() - start;
            m.processingTime.update(took - nested, java.util.concurrent.TimeUnit.NANOSECONDS);
            nested = outer + took;
        }
    }

    public void processWatermark(long watermark) throws Exception {
        taskMetrics.watermark(watermark);
        if (operators.length == 0) {
            outputs.emitWatermark(watermark);
        } else {
            operators[0].processWatermark(watermark);
            stateEntries();
        }
    }

    /** Forwards checkpoint barrier {@code id} to the task's consumers. */
    public void emitBarrier(long id) throws InterruptedException {
        outputs.emitBarrier(id);
    }

    /** Ends every operator in order (each may still emit into the next), then the outputs. */
    public void endInput() throws Exception {
        for (BatchOperator operator : operators) {
            operator.endInput();
        }
        stateEntries();
        outputs.emitEnd();
    }

    /** Closes every operator, then their state backends; the first failure is thrown after all were tried. */
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
        for (BackendPlugin.Handle handle : backends) {
            try {
                stateBackends.close(handle);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        backends.clear();
        if (first != null) {
            throw first;
        }
    }

    /** From operator {@code index - 1} to operator {@code index}. */
    private final class Link implements Collector {
        private final int index;

        Link(int index) {
            this.index = index;
        }

        @Override
        public void emit(VectorSchemaRoot batch) throws Exception {
            if (batch.getRowCount() == 0) {
                batch.close();
                return;
            }
            long bytes = OperatorMetrics.bytes(batch);
            metrics[index - 1].emitted(batch.getRowCount(), bytes);
            feed(index, 0, batch, bytes);
        }

        @Override
        public void emitWatermark(long watermark) throws Exception {
            operators[index].processWatermark(watermark);
        }
    }

    /** From the last operator to the task's outputs: sending time is not the operator's processing time. */
    private final class Tail implements Collector {
        private final int index;

        Tail(int index) {
            this.index = index;
        }

        @Override
        public void emit(VectorSchemaRoot batch) throws Exception {
            int rows = batch.getRowCount();
            if (rows > 0) {
                metrics[index].emitted(rows, OperatorMetrics.bytes(batch));
            }
            long start = System.nanoTime();
            try {
                outputs.emit(batch);
            } finally {
                nested += System.nanoTime() - start;
            }
        }

        @Override
        public void emitWatermark(long watermark) throws Exception {
            outputs.emitWatermark(watermark);
        }
    }
}
