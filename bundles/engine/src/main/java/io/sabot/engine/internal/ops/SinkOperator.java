package io.sabot.engine.internal.ops;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.EncodeErrors;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.checkpoint.CheckpointedOperator;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.errors.JobErrors;
import io.sabot.engine.internal.errors.SinkGuard;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.exec.SinkState;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.errors.spi.CircuitState;
import io.sabot.errors.spi.ComponentId;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plan.RowType;
import io.sabot.plan.Sink;
import io.sabot.plugin.PluginException;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes batches through the connector's {@link SinkWriter}: the table's columns (and {@code $row_kind} for a
 * changelog; an upsert sink does not get update-befores). At the end of input the writer flushes and pre-commits
 * (checkpoint id {@link Long#MAX_VALUE}, as Flink does at end of input); the job commits once every writer has. At
 * a checkpoint barrier the writer pre-commits, and the checkpoint's completion commits (two-phase commit).
 *
 * <p>Every call that writes (write, pre-commit, end-of-input flush) goes through the table's error handlers ({@link
 * SinkGuard}): a failure the writer declares retriable may be retried, waiting on this task thread, which holds back
 * the inputs as backpressure does. A pre-commit the handlers give up on fails the job rather than only declining the
 * checkpoint: the writer's state after it is unknown.
 */
public final class SinkOperator implements BatchOperator, CheckpointedOperator {

    /** The checkpoint id of the final pre-commit at the end of a bounded input. */
    public static final long END_OF_INPUT = Long.MAX_VALUE;

    private final SinkState sink;
    private final Schema schema;
    private final boolean upsert;
    private OperatorContext context;
    private BufferAllocator allocator;
    private SinkWriter<Object> writer;
    private SinkGuard guard;
    private int[] selection = new int[0];
    /** The batch being written, and its rows set aside (a retried write reports them again: decided once). */
    private VectorSchemaRoot writing;

    private final BitSet setAside = new BitSet();
    /** The rows of a batch with a null in a NOT NULL column (task thread). */
    private final BitSet violating = new BitSet();
    /** {@code event-time-latency}, or null when the rows carry no event time. */
    private Histogram eventTimeLatency;

    public SinkOperator(SinkState sink) {
        this.sink = sink;
        this.schema = Batches.schema(sink.table.table().physicalType(), sink.changelogInput);
        this.upsert = sink.sink.changelogMode() == ChangelogMode.UPSERT;
    }

    @Override
    public void open(OperatorContext context, Collector output) throws Exception {
        this.context = context;
        this.allocator = context.allocator().newChildAllocator(context.name() + "-writer", 0, Long.MAX_VALUE);
        int subtask = context.subtask();
        Counter retries = context.metrics().register(sink.id(), StandardMetric.RETRIES, new Counter());
        guard = sink.errors.sinkGuard(
                new ComponentId(
                        JobErrors.TENANT,
                        sink.jobId,
                        sink.id(),
                        subtask,
                        sink.table.tableName(),
                        sink.table.table().connector()),
                retries);
        sink.guarded(guard);
        if (sink.rowtimeColumn >= 0
                && schema.getFields().get(sink.rowtimeColumn).getType()
                        instanceof org.apache.arrow.vector.types.pojo.ArrowType.Timestamp) {
            eventTimeLatency = context.metrics()
                    .register(sink.id(), StandardMetric.EVENT_TIME_LATENCY, JobMetricGroup.histogram());
        }
        if (guard.circuit().isPresent()) {
            SinkGuard circuits = guard;
            context.metrics().register(sink.id(), StandardMetric.CIRCUIT_BREAKER_STATE, (Gauge<Integer>)
                    () -> circuits.circuit().map(c -> c.state().code()).orElse(0));
            // the handler counts the transitions; a Counter that reads them keeps the metric's declared type
            context.metrics().register(sink.id(), StandardMetric.CIRCUIT_BREAKER_TRANSITIONS, new Counter() {
                @Override
                public long getCount() {
                    return circuits.circuit().map(CircuitState::transitions).orElse(0L);
                }
            });
        }
        writer = sink.sink.createWriter(new SinkWriterContext() {
            @Override
            public TableContext table() {
                return sink.table;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return sink.restoredCheckpointId();
            }

            @Override
            public OptionalLong checkpointIntervalMillis() {
                return sink.checkpointIntervalMillis();
            }

            @Override
            public EncodeErrors encodeErrors() {
                return SinkOperator.this::rowFailed;
            }
        });
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch) throws Exception {
        VectorSchemaRoot view = null;
        try {
            if (upsert && sink.changelogInput) {
                TinyIntVector kinds = Batches.rowKinds(batch, true);
                int n = batch.getRowCount();
                if (selection.length < n) {
                    selection = new int[Math.max(n, selection.length * 2)];
                }
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    if (kinds.get(i) != RowKind.UPDATE_BEFORE.code()) {
                        selection[kept++] = i;
                    }
                }
                if (kept < n) {
                    VectorSchemaRoot filtered = Batches.gather(batch, selection, kept, context.allocator());
                    batch.close();
                    batch = filtered;
                }
            }
            if (sink.notNullColumns.length > 0) {
                batch = enforceNotNull(batch);
            }
            if (batch.getRowCount() == 0) {
                return;
            }
            view = Batches.transfer(batch, schema, context.allocator());
            VectorSchemaRoot rows = view;
            writing = rows;
            setAside.clear();
            guard.run("write of " + rows.getRowCount() + " rows", () -> {
                writer.write(rows);
                return null;
            });
            context.counters().rowsOut.add(view.getRowCount() - setAside.cardinality());
            context.counters().batchesOut.increment();
            if (eventTimeLatency != null) {
                long oldest = oldestEventTime((TimeStampVector) rows.getVector(sink.rowtimeColumn), rows.getRowCount());
                if (oldest != Long.MAX_VALUE) {
                    eventTimeLatency.update(System.currentTimeMillis() - oldest);
                }
            }
        } finally {
            writing = null;
            batch.close();
            if (view != null) {
                view.close();
            }
        }
    }

    /**
     * Takes the rows with a null in a NOT NULL column of the table out of {@code batch} (closing it when it returns
     * another): with {@code DROP} they are counted as skipped; with {@code ERROR} each goes to the table's handlers as
     * a VALIDATION failure (skipped or dead-lettered; else the write fails, naming the table, the column and the
     * row). A batch without such nulls costs one null count per NOT NULL column and is returned as it is.
     */
    private VectorSchemaRoot enforceNotNull(VectorSchemaRoot batch) {
        int[] columns = sink.notNullColumns;
        int first = 0;
        while (first < columns.length && batch.getVector(columns[first]).getNullCount() == 0) {
            first++;
        }
        if (first == columns.length) {
            return batch;
        }
        int n = batch.getRowCount();
        violating.clear();
        for (int k = first; k < columns.length; k++) {
            FieldVector vector = batch.getVector(columns[k]);
            if (vector.getNullCount() > 0) {
                for (int i = 0; i < n; i++) {
                    if (vector.isNull(i)) {
                        violating.set(i);
                    }
                }
            }
        }
        if (sink.notNullEnforcer == Sink.NotNullEnforcer.DROP) {
            sink.errors.dropped(violating.cardinality());
        } else {
            RowType type = sink.table.table().physicalType();
            for (int i = violating.nextSetBit(0); i >= 0; i = violating.nextSetBit(i + 1)) {
                int column = columns[first];
                for (int k = first; k < columns.length; k++) {
                    if (batch.getVector(columns[k]).isNull(i)) {
                        column = columns[k];
                        break;
                    }
                }
                guard.notNullViolated(type, batch, i, type.column(column).name());
            }
        }
        if (selection.length < n) {
            selection = new int[Math.max(n, selection.length * 2)];
        }
        int kept = 0;
        for (int i = violating.nextClearBit(0); i < n; i = violating.nextClearBit(i + 1)) {
            selection[kept++] = i;
        }
        VectorSchemaRoot rest = Batches.gather(batch, selection, kept, context.allocator());
        batch.close();
        return rest;
    }

    /**
     * The least non-null event time (epoch ms) of a batch's rowtime column, or {@link Long#MAX_VALUE}: one histogram
     * update per batch keeps the hot path free of per-row metric work (a reservoir sample allocates).
     */
    static long oldestEventTime(TimeStampVector times, int rows) {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < rows; i++) {
            if (!times.isNull(i)) {
                long t = times.get(i);
                if (t < oldest) {
                    oldest = t;
                }
            }
        }
        return oldest;
    }

    /** The writer's report of a row it cannot encode or write: the table's handlers decide (or it fails the write). */
    private void rowFailed(int row, String message) {
        if (writing == null || row < 0 || row >= writing.getRowCount()) {
            throw new IllegalStateException("table '" + sink.table.tableName() + "': the writer reported row " + row
                    + " outside a write of it");
        }
        if (!setAside.get(row)) {
            guard.rowFailed(sink.table.table().physicalType(), writing, row, message);
            setAside.set(row);
        }
    }

    @Override
    public void processWatermark(long watermark) {}

    @Override
    public void endInput() throws Exception {
        guard.run("flush at the end of input", () -> {
            writer.endOfInput();
            return null;
        });
        sink.add(guard.run("pre-commit at the end of input", () -> writer.prepareCommit(END_OF_INPUT)));
    }

    @Override
    public void snapshotState(long checkpointId, OperatorStateWriter out) throws Exception {
        List<Object> committables;
        sink.errors.flush(); // rows dead-lettered before the barrier are durable before it is acknowledged
        try {
            committables =
                    guard.run("pre-commit for checkpoint " + checkpointId, () -> writer.prepareCommit(checkpointId));
        } catch (PluginException e) {
            sink.failJob.accept(e); // the task would only decline the checkpoint, and go on with a broken writer
            throw e;
        }
        out.addCommittables(committables);
    }

    @Override
    public void restoreState(OperatorStateReader in) {
        // the committables of the restored checkpoint were committed before the job started
    }

    @Override
    public void close() throws Exception {
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            if (allocator != null) {
                long left = allocator.getAllocatedMemory();
                allocator.close();
                if (left != 0) {
                    throw new IllegalStateException("the sink writer of table '" + sink.table.tableName() + "' left "
                            + left + " bytes allocated after close()");
                }
            }
        }
    }
}
