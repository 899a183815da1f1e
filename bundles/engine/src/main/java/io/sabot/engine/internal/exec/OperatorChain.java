package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.checkpoint.BackendStateOperator;
import io.sabot.engine.internal.checkpoint.CheckpointedOperator;
import io.sabot.engine.internal.checkpoint.RestoredCheckpoint;
import io.sabot.engine.internal.checkpoint.TaskSnapshot;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The operators one task runs back to back, each feeding the next by a direct call (no channel between chained
 * operators), the last feeding the task's {@link Outputs}.
 */
public final class OperatorChain {

    private final BatchOperator[] operators;
    private final String[] operatorIds;
    private final Outputs outputs;
    private final List<BackendPlugin.Handle> backends = new java.util.ArrayList<>();
    private BackendPlugin stateBackends;

    public OperatorChain(List<BatchOperator> operators, List<String> operatorIds, Outputs outputs) {
        this.operators = operators.toArray(new BatchOperator[0]);
        this.operatorIds = operatorIds.toArray(new String[0]);
        this.outputs = outputs;
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
    }

    public Outputs outputs() {
        return outputs;
    }

    public void open(OperatorContext context) throws Exception {
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

    /** Forwards checkpoint barrier {@code id} to the task's consumers. */
    public void emitBarrier(long id) throws InterruptedException {
        outputs.emitBarrier(id);
    }

    /** Ends every operator in order (each may still emit into the next), then the outputs. */
    public void endInput() throws Exception {
        for (BatchOperator operator : operators) {
            operator.endInput();
        }
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
