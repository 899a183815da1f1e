package io.sabot.connector.nexmark.internal;

import io.sabot.connector.nexmark.internal.NexmarkGenerator.Event;
import io.sabot.connector.nexmark.internal.NexmarkGenerator.Kind;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Generates the events of its splits and writes those of the table's kind into Arrow vectors, one batch per {@link
 * #pollNext}, paced by a token bucket counted in events (of all kinds: the rate is the event rate). Splits take turns
 * batch by batch, so event time advances alike in all of them. A pending checkpoint barrier ({@link
 * SourceReaderContext#barrierPending()}) stops the fill within 4 events: the reader returns without emitting and
 * keeps the rows made so far for after the barrier, its split still at the first event of the batch (the snapshot's
 * position), then goes on with the same batch. Everything runs on the subtask's task thread; the only other thread
 * involved is the JDK's shared delay scheduler, which completes the {@link #isAvailable()} future when the next
 * events are due.
 */
final class NexmarkReader implements SourceReader<NexmarkSplit> {

    /** At low rates, gather about this much time's worth of events per batch instead of emitting them one by one. */
    private static final double EMIT_INTERVAL_SECONDS = 0.05;

    /** Like Guava's RateLimiter, save up at most one second of unused rate (e.g. while backpressured). */
    private static final double BURST_SECONDS = 1.0;

    /** Caps a batch's bytes, so that large average sizes shrink batches instead of overflowing 32-bit offsets. */
    private static final long MAX_BATCH_BYTES = 16L << 20;

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    /**
     * Every this many events (a power of two, minus one as a mask) the fill asks whether a checkpoint barrier waits:
     * a few hundred nanoseconds of generation, so a barrier does not wait for the rest of a 4,096-row batch, and one
     * volatile read per 4 events costs nothing next to generating them.
     */
    private static final int BARRIER_CHECK_MASK = 3;

    private final NexmarkSource source;
    private final SourceReaderContext context;
    private final Kind kind;
    private final int[] fields;
    private final TablePlan.ValueType[] types;
    private final Event event;
    /** The most rows in a batch. */
    private final int rowCapacity;
    /** The events that fill a batch of the table's kind, on average. */
    private final long eventsPerBatch;

    private final ArrayDeque<Cursor> splits = new ArrayDeque<>();
    private boolean noMoreSplits;
    private CompletableFuture<Void> splitsArrived = new CompletableFuture<>();
    private CompletableFuture<Void> available = AVAILABLE;

    private VectorSchemaRoot root;
    private BigIntVector[] longs;
    private TimeStampVector[] timestamps;
    private VarCharVector[] strings;
    /** Per text column, the bytes its last batch took per row, to size the next one. */
    private int[] stringBytesPerRow;

    private double tokens;
    private long refilledAt;
    /** Events the last {@link #ready} allowed. */
    private long granted;

    /** The cursor whose batch, being filled, was kept for after a pending barrier; null: none. */
    private Cursor kept;
    /** The batch being filled: its events (granted), the next event number, the events generated, the rows. */
    private long batchEvents;

    private long batchPosition;
    private long batchScanned;
    private int batchRows;

    NexmarkReader(NexmarkSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        TablePlan plan = source.plan();
        this.kind = plan.kind;
        this.fields = plan.fields;
        this.types = plan.types;
        this.event = kind == Kind.PERSON
                ? new NexmarkGenerator.Person()
                : kind == Kind.AUCTION ? new NexmarkGenerator.Auction() : new NexmarkGenerator.Bid();
        NexmarkConfig config = source.config();
        int avgBytes = kind == Kind.PERSON
                ? config.avgPersonByteSize()
                : kind == Kind.AUCTION ? config.avgAuctionByteSize() : config.avgBidByteSize();
        long rowBytes = 2L * Math.max(avgBytes, 100) + 16L * fields.length;
        this.rowCapacity = (int) Math.max(1, Math.min(context.batchSize(), MAX_BATCH_BYTES / rowBytes));
        int share = kind == Kind.PERSON
                ? config.personProportion()
                : kind == Kind.AUCTION ? config.auctionProportion() : config.bidProportion();
        this.eventsPerBatch = ((long) rowCapacity * config.totalProportion() + share - 1) / share;
    }

    @Override
    public void start() {
        root = VectorSchemaRoot.create(source.schema(), context.allocator());
        int columns = fields.length;
        longs = new BigIntVector[columns];
        timestamps = new TimeStampVector[columns];
        strings = new VarCharVector[columns];
        stringBytesPerRow = new int[columns];
        for (int c = 0; c < columns; c++) {
            FieldVector vector = root.getVector(c);
            switch (types[c]) {
                case BIGINT:
                    longs[c] = (BigIntVector) vector;
                    break;
                case TIMESTAMP:
                    timestamps[c] = (TimeStampVector) vector;
                    break;
                default:
                    strings[c] = (VarCharVector) vector;
                    stringBytesPerRow[c] = 32;
            }
        }
        refilledAt = System.nanoTime();
    }

    @Override
    public InputStatus pollNext(BatchOutput output) {
        Cursor cursor = kept;
        if (cursor == null) {
            InputStatus status = ready();
            if (status != InputStatus.MORE_AVAILABLE) {
                return status;
            }
            cursor = splits.peekFirst();
            startBatch(cursor, granted);
        } // else: the batch kept at the last barrier goes on, within the grant it had
        if (!fill(cursor)) {
            kept = cursor; // a barrier is pending: it goes out before these rows, the cursor still at their first
            return InputStatus.MORE_AVAILABLE;
        }
        kept = null;
        int rows = batchRows;
        if (rows > 0) {
            output.emit(cursor.split.splitId(), root);
        } else {
            root.clear();
        }
        cursor.next = batchPosition;
        splits.pollFirst();
        if (!cursor.finished()) {
            splits.addLast(cursor);
        }
        return ready();
    }

    /** Starts a batch of up to {@code events} events of the cursor's split: empty vectors, the fill at its start. */
    private void startBatch(Cursor cursor, long events) {
        for (int c = 0; c < fields.length; c++) {
            FieldVector vector = root.getVector(c);
            vector.clear();
            if (strings[c] != null) {
                strings[c].allocateNew((long) rowCapacity * stringBytesPerRow[c], rowCapacity);
            } else {
                vector.setInitialCapacity(rowCapacity);
                vector.allocateNew();
            }
        }
        batchEvents = events;
        batchPosition = cursor.next;
        batchScanned = 0;
        batchRows = 0;
    }

    /**
     * Goes on generating the batch's events, stopping when the batch is full, its events are generated, or a
     * checkpoint barrier is pending, and writes those of the table's kind as rows.
     *
     * @return whether the batch is complete; false: a barrier is pending, the rows so far are kept for after it
     */
    private boolean fill(Cursor cursor) {
        NexmarkGenerator generator = cursor.generator;
        NexmarkSplit split = cursor.split;
        long events = batchEvents;
        long position = batchPosition;
        long scanned = batchScanned;
        int rows = batchRows;
        boolean cut = false;
        while (scanned < events && rows < rowCapacity && position < split.end()) {
            if ((scanned & BARRIER_CHECK_MASK) == 0 && context.barrierPending()) {
                cut = true;
                break;
            }
            if (generator.kind(position) == kind) {
                generator.generate(position, event);
                writeRow(rows++);
            }
            scanned++;
            position = split.after(position);
        }
        batchPosition = position;
        batchScanned = scanned;
        batchRows = rows;
        if (cut) {
            return false;
        }
        if (!source.maxEmitSpeed()) {
            tokens -= scanned;
        }
        root.setRowCount(rows);
        if (rows > 0) {
            for (int c = 0; c < fields.length; c++) {
                if (strings[c] != null) {
                    int bytes = strings[c].getOffsetBuffer().getInt((long) rows * 4);
                    stringBytesPerRow[c] = Math.max(1, (bytes + rows - 1) / rows + 1);
                }
            }
        }
        return true;
    }

    private void writeRow(int row) {
        for (int c = 0; c < fields.length; c++) {
            switch (types[c]) {
                case BIGINT:
                    longs[c].set(row, event.longValue(fields[c]));
                    break;
                case TIMESTAMP:
                    timestamps[c].set(row, event.longValue(fields[c]));
                    break;
                default:
                    AsciiString value = event.stringValue(fields[c]);
                    strings[c].setSafe(row, value.bytes(), 0, value.length());
            }
        }
    }

    /**
     * Decides what the next poll can do: generate {@link #granted} events, wait (and arm {@link #available}), or
     * end.
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
        long wanted = Math.min(eventsPerBatch, cursor.remaining());
        if (source.maxEmitSpeed()) {
            granted = wanted;
            available = AVAILABLE;
            return InputStatus.MORE_AVAILABLE;
        }
        // each split makes its share of the source's rate, so event time advances alike everywhere
        double eventsPerSecond = (double) source.config().eventsPerSecond() * splits.size() / cursor.split.count();
        double eventsPerNano = eventsPerSecond / 1e9;
        double minEvents = Math.max(1, Math.min(eventsPerBatch, Math.floor(eventsPerSecond * EMIT_INTERVAL_SECONDS)));
        double burst = Math.max(minEvents, eventsPerSecond * BURST_SECONDS);
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * eventsPerNano);
        refilledAt = now;
        double threshold = Math.min(minEvents, wanted);
        if (tokens >= threshold) {
            granted = Math.min(wanted, (long) tokens);
            available = AVAILABLE;
            return InputStatus.MORE_AVAILABLE;
        }
        long waitNanos = (long) Math.ceil((threshold - tokens) / eventsPerNano);
        available = CompletableFuture.runAsync(
                () -> {}, CompletableFuture.delayedExecutor(Math.max(1, waitNanos), TimeUnit.NANOSECONDS));
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<NexmarkSplit> newSplits) {
        for (NexmarkSplit split : newSplits) {
            if (!split.finished()) {
                splits.addLast(new Cursor(split, generatorFor(split)));
            }
        }
        splitsArrived.complete(null);
    }

    /** A generator with the split's base time and end, which may differ from this run's options after a restore. */
    private NexmarkGenerator generatorFor(NexmarkSplit split) {
        NexmarkConfig config = source.config();
        if (split.baseTime() != config.baseTime() || split.end() != config.maxEvents()) {
            NexmarkConfig.Builder builder = config.toBuilder().baseTime(split.baseTime());
            config = (split.end() == NexmarkConfig.UNBOUNDED ? builder : builder.maxEvents(split.end())).build();
        }
        return new NexmarkGenerator(config);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        splitsArrived.complete(null);
    }

    @Override
    public List<NexmarkSplit> snapshotState(long checkpointId) {
        List<NexmarkSplit> state = new ArrayList<>(splits.size());
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
        kept = null;
        splits.clear();
    }

    /** A split being read: the split as assigned, its generator and the next event number. */
    private static final class Cursor {
        final NexmarkSplit split;
        final NexmarkGenerator generator;
        long next;

        Cursor(NexmarkSplit split, NexmarkGenerator generator) {
            this.split = split;
            this.generator = generator;
            this.next = split.next();
        }

        boolean finished() {
            return next >= split.end();
        }

        long remaining() {
            return split.remainingFrom(next);
        }
    }
}
