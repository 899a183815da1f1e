package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordFailurePolicy;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SourceSplit;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.checkpoint.TaskSnapshot;
import io.sabot.engine.internal.errors.JobErrors;
import io.sabot.engine.internal.errors.TableErrors;
import io.sabot.engine.internal.metrics.OperatorMetrics;
import io.sabot.errors.spi.ComponentId;
import io.sabot.plugin.VersionedSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A source reader's subtask. Its mailbox loop runs the enumerator's mails (split assignments), polls the reader
 * when it may have data (never blocking in the reader: when it has nothing, the task waits on its mailbox, which
 * the reader's availability future wakes), takes each emitted batch by transferring its buffers, tracks per-split
 * watermarks and idleness, and at {@link InputStatus#END_OF_INPUT} sends the final watermark and ends.
 *
 * <p>A checkpoint asked of the task is pending from the trigger until its barrier is emitted: the reader may see it
 * ({@link SourceReaderContext#barrierPending()}) and return with its batch cut short, or with its rows kept for after
 * the barrier, and the task, if blocked on a full consumer channel, is let past it, so the barrier waits neither for
 * the rest of a batch, nor for the rows made so far to pass the chain, nor for room downstream.
 */
public final class SourceTask extends Task {

    private static final Runnable WAKE = () -> {};

    private final SourceCoordinator<?> coordinator;
    private final TableContextImpl table;
    private final int subtask;
    private final Schema schema;
    private final SplitTracker tracker;
    private final boolean assignerWatermarks;
    private final long pollMillis;
    private final LinkedBlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
    private final Output output = new Output();
    /** The table's handling of records that do not decode; null: they fail the job. */
    private final TableErrors errors;

    private SourceReader<SourceSplit> reader;
    private BufferAllocator readerAllocator;
    private boolean readerWatermarks;
    private long emitted = Long.MIN_VALUE;
    private CompletableFuture<Void> registered;
    private String sourceId;
    private int parallelism;
    /** After a stop-with-savepoint barrier: emit nothing more (no batch, no watermark) until resumed or stopped. */
    private boolean suspended;
    /**
     * The newest checkpoint asked of this task, written by the coordinator's thread first thing at a trigger, before
     * the checkpoint's mail is queued: a reader that sees it pending ({@link SourceReaderContext#barrierPending()})
     * returns at once, and the task takes the barrier without waiting for the mail (see {@link #awaitBarrier}).
     */
    private volatile long barrierAsked;
    /** The stop-with-savepoint asked, if any: written before {@link #barrierAsked}. */
    private volatile long stopAsked;
    /** The newest checkpoint whose barrier this task has handled (task thread). */
    private long barrierTaken;

    public SourceTask(
            String name,
            JobRuntime job,
            OperatorChain chain,
            OperatorContext context,
            SourceCoordinator<?> coordinator,
            TableContextImpl table,
            int subtask,
            boolean assignerWatermarks,
            long idleTimeoutMillis,
            TableErrors errors) {
        super(name, job, chain, context);
        this.errors = errors;
        this.coordinator = coordinator;
        this.table = table;
        this.subtask = subtask;
        this.schema = table.scanSchema();
        this.tracker = context.splits();
        this.assignerWatermarks = assignerWatermarks;
        this.pollMillis = idleTimeoutMillis > 0 ? Math.max(1, Math.min(50, idleTimeoutMillis / 4)) : 100;
    }

    void mail(Runnable action) {
        mailbox.add(action);
    }

    @SuppressWarnings("unchecked")
    void addSplits(List<? extends SourceSplit> splits) {
        for (SourceSplit split : splits) {
            tracker.register(split.splitId());
        }
        reader.addSplits((List<SourceSplit>) splits);
    }

    void noMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    void identify(String sourceId, int parallelism) {
        this.sourceId = sourceId;
        this.parallelism = parallelism;
    }

    /**
     * Marks checkpoint {@code id} pending (coordinator thread, first thing at a trigger, once the checkpoint's directory
     * and kind are known): one volatile write, no wake-up. The task takes the barrier at its next look at the flag (see
     * {@link #awaitBarrier}); the mail {@link #triggerCheckpoint} queues next is for a task waiting on its mailbox.
     */
    void askBarrier(long id, boolean stop) {
        if (stop) {
            stopAsked = id;
        }
        barrierAsked = Math.max(barrierAsked, id); // only this thread writes it
    }

    /**
     * Asks for checkpoint {@code id} (after {@link #askBarrier}): its mail is queued behind the split assignments
     * already queued, so every split assigned before the enumerators' snapshot is in the reader's. The mail wakes the
     * task only if it waits on its mailbox, and a task blocked on a full channel is let past it. The barrier is taken
     * between two polls of the reader, right after the rows it emitted: a reader that checks {@link
     * SourceReaderContext#barrierPending()} returns early and may keep the rows it made for after the barrier. With
     * {@code stop} the task emits nothing after the barrier, so that the savepoint is the job's last word.
     */
    void triggerCheckpoint(long id, boolean stop) {
        askBarrier(id, stop);
        mail(() -> takeBarrier(id, stop));
        chain.outputs().wakeProducer(); // blocked on a full channel: the barrier goes past it
    }

    /** Takes the barrier of checkpoint {@code id} unless the task took it already, on seeing it asked (task thread). */
    private void takeBarrier(long id, boolean stop) {
        if (barrierTaken >= id) {
            return;
        }
        try {
            checkpoint(id, 0);
        } catch (Exception e) {
            throw new TaskInterrupted(e);
        } finally {
            barrierTaken = Math.max(barrierTaken, id);
        }
        if (stop) {
            suspended = true;
        }
    }

    /** Checkpoint barrier asked and not yet emitted (task thread). */
    private boolean barrierPending() {
        return barrierAsked > barrierTaken;
    }

    /** Ends a suspension after a failed stop-with-savepoint. */
    void resume() {
        mail(() -> suspended = false);
    }

    void notifyCheckpointComplete(long id) {
        mail(() -> {
            try {
                reader.notifyCheckpointComplete(id);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "the reader of table '" + table.tableName() + "' failed on checkpoint " + id + ": " + e, e);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void snapshotInput(TaskSnapshot snapshot) throws Exception {
        if (errors != null) {
            errors.flush(); // records dead-lettered before the barrier are durable before it is acknowledged
        }
        Source<SourceSplit, ?> source = (Source<SourceSplit, ?>) coordinator.source();
        VersionedSerializer<SourceSplit> serializer = source.splitSerializer();
        List<byte[]> splits = new ArrayList<>();
        for (SourceSplit split : reader.snapshotState(snapshot.checkpointId())) {
            splits.add(serializer.serialize(split));
        }
        snapshot.source(new TaskSnapshot.SourcePart(sourceId, subtask, parallelism, serializer.version(), splits));
    }

    @SuppressWarnings("unchecked")
    private void restoreSplits() throws Exception {
        if (job.restored() == null) {
            return;
        }
        var state = job.restored().source(sourceId);
        if (state == null) {
            return;
        }
        Source<SourceSplit, ?> source = (Source<SourceSplit, ?>) coordinator.source();
        VersionedSerializer<SourceSplit> serializer = source.splitSerializer();
        List<SourceSplit> splits = new ArrayList<>();
        for (byte[] bytes : job.restored().splitsFor(sourceId, subtask, parallelism)) {
            splits.add(serializer.deserialize(state.splitVersion(), bytes));
        }
        if (!splits.isEmpty()) {
            addSplits(splits);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void invoke() throws Exception {
        chain.outputs().producer(this::barrierPending);
        readerAllocator = context.allocator().newChildAllocator(name + "-reader", 0, Long.MAX_VALUE);
        Source<SourceSplit, ?> source = (Source<SourceSplit, ?>) coordinator.source();
        reader = source.createReader(new ReaderContext());
        restoreSplits();
        reader.start();
        coordinator.readerStarted(subtask);
        CompletableFuture<Void> waiting = null;
        while (true) {
            checkRunning();
            runMails();
            if (suspended) {
                Runnable mail = mailbox.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (mail != null) {
                    mail.run();
                }
                continue;
            }
            if (waiting == null || waiting.isDone()) {
                waiting = null;
                InputStatus status = reader.pollNext(output);
                runMails();
                awaitBarrier();
                if (suspended) {
                    continue; // the barrier went out after this batch: nothing more, not even the end of input
                }
                timeAdvances();
                if (status == InputStatus.END_OF_INPUT) {
                    break;
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    CompletableFuture<Void> available = reader.isAvailable();
                    if (!available.isDone()) {
                        waiting = available;
                        if (available != registered) {
                            registered = available;
                            available.whenComplete((v, t) -> mailbox.offer(WAKE));
                        }
                    }
                }
                continue;
            }
            Runnable mail = mailbox.poll(pollMillis, TimeUnit.MILLISECONDS);
            if (mail != null) {
                mail.run();
            }
            if (!suspended) {
                timeAdvances();
            }
        }
        if (emitted < Long.MAX_VALUE) {
            emitted = Long.MAX_VALUE;
            chain.processWatermark(Long.MAX_VALUE);
        }
        chain.endInput();
    }

    /**
     * A reader returned with a barrier pending: runs the mails queued before it and takes the barrier, without waiting
     * for the coordinator to queue its mail. Split assignments come from the coordinator's thread, which asks for the
     * barrier after the assignments it made before the enumerators' snapshot and queues the barrier's mail before any
     * it makes after: so the barrier's mail comes first among the later ones, and a mailbox emptied before it holds
     * none of them.
     */
    private void awaitBarrier() {
        while (barrierPending() && !suspended) {
            Runnable mail = mailbox.poll();
            if (mail == null) {
                long id = barrierAsked;
                takeBarrier(id, stopAsked == id);
                return;
            }
            mail.run();
        }
    }

    private void runMails() {
        Runnable mail;
        while ((mail = mailbox.poll()) != null) {
            mail.run();
        }
    }

    /** Emits the task's watermark when it advanced, or idleness when every split is idle. */
    private void timeAdvances() throws Exception {
        long now = System.nanoTime();
        long reached = tracker.checkIdle(now);
        if ((assignerWatermarks || readerWatermarks) && reached > emitted) {
            emitted = reached;
            chain.processWatermark(reached);
        }
        if (tracker.allIdle(now)) {
            chain.outputs().emitIdle();
            return;
        }
        if (!assignerWatermarks && !readerWatermarks) {
            return;
        }
        long watermark = tracker.combined();
        if (watermark > emitted) {
            emitted = watermark;
            chain.processWatermark(watermark);
        }
    }

    @Override
    protected void cleanup() throws Exception {
        Exception failure = null;
        if (reader != null) {
            try {
                reader.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (readerAllocator != null) {
            long leaked = readerAllocator.getAllocatedMemory();
            try {
                readerAllocator.close();
            } catch (RuntimeException e) {
                // reported below
            }
            if (leaked != 0) {
                job.reportLeak("the reader of table '" + table.tableName() + "' (subtask " + subtask + ") left "
                        + leaked + " bytes allocated after close()");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Takes the reader's batches: buffers transferred to the job's allocator, rows pushed through the chain. */
    private final class Output implements BatchOutput {
        @Override
        public void emit(String splitId, VectorSchemaRoot batch) {
            int rows = batch.getRowCount();
            if (rows == 0) {
                return;
            }
            if (batch.getFieldVectors().size() != schema.getFields().size()) {
                throw new IllegalStateException("the reader of table '" + table.tableName() + "' emitted a batch with "
                        + batch.getFieldVectors().size() + " columns; the table has "
                        + schema.getFields().size());
            }
            VectorSchemaRoot mine = Batches.transfer(batch, schema, context.allocator());
            long bytes = OperatorMetrics.bytes(mine);
            tracker.onBatch(splitId, rows, bytes);
            context.counters().rowsIn.add(rows);
            context.metrics().read(rows, bytes);
            chain.origin(System.nanoTime());
            try {
                chain.processBatch(0, mine);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskInterrupted(e);
            }
        }

        @Override
        public void emitWatermark(String splitId, long watermarkMillis) {
            readerWatermarks = true;
            tracker.advance(splitId, watermarkMillis);
        }

        @Override
        public void markIdle(String splitId) {
            tracker.markIdle(splitId);
        }
    }

    /** Carries a checked exception of the chain out through the reader's {@code pollNext}. */
    static final class TaskInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskInterrupted(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final class ReaderContext implements SourceReaderContext {
        @Override
        public TableContext table() {
            return table;
        }

        @Override
        public int subtaskIndex() {
            return subtask;
        }

        @Override
        public BufferAllocator allocator() {
            return readerAllocator;
        }

        @Override
        public int batchSize() {
            return context.batchSize();
        }

        @Override
        public void sendSplitRequest() {
            coordinator.splitRequest(subtask);
        }

        @Override
        public boolean barrierPending() {
            return SourceTask.this.barrierPending();
        }

        @Override
        public RecordFailurePolicy recordFailurePolicy() {
            if (errors == null) {
                return RecordFailurePolicy.FAIL;
            }
            return errors.sourcePolicy(new ComponentId(
                    JobErrors.TENANT,
                    job.name().split(" ")[0],
                    name,
                    subtask,
                    table.tableName(),
                    table.table().connector()));
        }
    }
}
