package io.sabot.connector.datagen.internal;

import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Generates the rows of its splits, one batch per {@link #pollNext}, paced by a token bucket; a batch is filled in
 * slices of a few KiB, and a pending checkpoint barrier ({@link SourceReaderContext#barrierPending()}) stops the fill
 * after the current slice: the reader returns without emitting and keeps the rows filled so far for after the barrier,
 * its split still at the first of them (the snapshot's position), then goes on with the same batch. Everything runs
 * on the subtask's task thread; the only other thread involved is the JDK's shared delay scheduler, which completes
 * the {@link #isAvailable()} future when the next rows are due.
 */
final class DatagenReader implements SourceReader<DatagenSplit> {

    /**
     * At low rates, wait for about this much time's worth of rows before emitting rather than emitting rows one by
     * one: a one-row Arrow batch costs more than it carries, and 50 ms is below what a person watching notices.
     */
    private static final double EMIT_INTERVAL_SECONDS = 0.05;

    /** Like Guava's RateLimiter, save up at most one second of unused rate (e.g. while backpressured). */
    private static final double BURST_SECONDS = 1.0;

    /** Caps a batch's string bytes, so that long strings shrink batches instead of overflowing 32-bit offsets. */
    private static final long MAX_BATCH_BYTES = 16L << 20;

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    /** A slice's target size: a few KiB of values, about a microsecond of work. */
    private static final long SLICE_BYTES = 4096;

    private final DatagenSource source;
    private final SourceReaderContext context;
    private final FieldGenerator[] generators;
    private final int batchSize;
    private final double rowsPerNano;
    private final double burst;
    /** The fewest rows worth a batch (unless the split has fewer left). */
    private final int minRows;
    /**
     * Rows filled between two looks at a pending checkpoint barrier (a multiple of 8, 8 to 256): the barrier waits
     * for at most one slice, not for the rest of the batch.
     */
    private final int sliceRows;

    private final ArrayDeque<Cursor> splits = new ArrayDeque<>();
    private boolean noMoreSplits;
    private CompletableFuture<Void> splitsArrived = new CompletableFuture<>();
    private CompletableFuture<Void> available = AVAILABLE;

    private VectorSchemaRoot root;
    private double tokens;
    private long refilledAt;
    /** Rows the last {@link #ready} allowed. */
    private int granted;

    /** Whether the first split's batch, being filled, was kept for after a pending barrier. */
    private boolean keeping;
    /** The batch being filled: its rows (granted), the rows filled, the time its rows carry. */
    private int batchWanted;

    private int batchRows;
    private long batchNow;

    DatagenReader(DatagenSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        this.generators = source.generators().toArray(new FieldGenerator[0]);
        long rowBytes = 0;
        for (FieldGenerator generator : generators) {
            rowBytes += generator.bytesPerRow();
        }
        this.batchSize = (int) Math.max(1, Math.min(context.batchSize(), MAX_BATCH_BYTES / Math.max(1, rowBytes)));
        this.sliceRows = (int) (Math.max(8, Math.min(256, SLICE_BYTES / Math.max(1, rowBytes))) & ~7L);
        double rowsPerSecond = (double) source.rowsPerSecond() / context.table().parallelism();
        this.rowsPerNano = rowsPerSecond / 1e9;
        this.minRows = (int) Math.max(1, Math.min(batchSize, Math.floor(rowsPerSecond * EMIT_INTERVAL_SECONDS)));
        this.burst = Math.max(minRows, rowsPerSecond * BURST_SECONDS);
    }

    @Override
    public void start() {
        root = VectorSchemaRoot.create(source.schema(), context.allocator());
        refilledAt = System.nanoTime();
    }

    @Override
    public InputStatus pollNext(BatchOutput output) {
        Cursor cursor = splits.peekFirst();
        if (!keeping) {
            InputStatus status = ready();
            if (status != InputStatus.MORE_AVAILABLE) {
                return status;
            }
            cursor = splits.peekFirst();
            batchWanted = granted;
            batchRows = 0;
            batchNow = System.currentTimeMillis();
            for (int c = 0; c < generators.length; c++) {
                generators[c].allocateBatch(root.getVector(c), batchWanted);
            }
        } // else: the batch kept at the last barrier goes on, within the grant it had
        int wanted = batchWanted;
        long now = batchNow;
        long seed = cursor.split.seed();
        int rows = batchRows;
        while (rows < wanted) {
            if (context.barrierPending()) {
                // the barrier goes out before these rows: kept, the cursor still at their first
                batchRows = rows;
                keeping = true;
                return InputStatus.MORE_AVAILABLE;
            }
            int n = Math.min(sliceRows, wanted - rows);
            for (int c = 0; c < generators.length; c++) {
                generators[c].fillSlice(root.getVector(c), seed, cursor.next + rows, rows, n, now);
            }
            rows += n;
        }
        keeping = false;
        for (int c = 0; c < generators.length; c++) {
            generators[c].finish(root.getVector(c), rows);
        }
        root.setRowCount(rows);
        if (rows > 0) {
            output.emit(cursor.split.splitId(), root);
        } else {
            root.clear();
        }
        tokens -= rows;
        cursor.next += rows;
        if (cursor.next == cursor.split.end()) {
            splits.pollFirst();
        }
        return ready();
    }

    /**
     * Decides what the next poll can do: emit {@link #granted} rows, wait (and arm {@link #available}), or end.
     */
    private InputStatus ready() {
        Cursor cursor = splits.peekFirst();
        if (cursor == null) {
            if (noMoreSplits) {
                available = AVAILABLE;
                return InputStatus.END_OF_INPUT;
            }
            if (splitsArrived.isDone()) {
                splitsArrived = new CompletableFuture<>();
            }
            available = splitsArrived;
            return InputStatus.NOTHING_AVAILABLE;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * rowsPerNano);
        refilledAt = now;
        int wanted = (int) Math.min(batchSize, cursor.remaining());
        int threshold = Math.min(minRows, wanted);
        if (tokens >= threshold) {
            granted = (int) Math.min(wanted, (long) tokens);
            available = AVAILABLE;
            return InputStatus.MORE_AVAILABLE;
        }
        long waitNanos = (long) Math.ceil((threshold - tokens) / rowsPerNano);
        available = CompletableFuture.runAsync(
                () -> {}, CompletableFuture.delayedExecutor(Math.max(1, waitNanos), TimeUnit.NANOSECONDS));
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<DatagenSplit> newSplits) {
        for (DatagenSplit split : newSplits) {
            if (split.remaining() > 0) {
                splits.addLast(new Cursor(split));
            }
        }
        splitsArrived.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        splitsArrived.complete(null);
    }

    @Override
    public List<DatagenSplit> snapshotState(long checkpointId) {
        List<DatagenSplit> state = new ArrayList<>(splits.size());
        for (Cursor cursor : splits) {
            state.add(cursor.split.at(cursor.next));
        }
        return state;
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
        keeping = false;
        splits.clear();
    }

    /** A split being read: the split as assigned and the next row index. */
    private static final class Cursor {
        final DatagenSplit split;
        long next;

        Cursor(DatagenSplit split) {
            this.split = split;
            this.next = split.next();
        }

        long remaining() {
            return split.end() - next;
        }
    }
}
