package io.sabot.connector.spi.source;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads the splits assigned to one parallel subtask and emits their rows as Arrow batches.
 *
 * <p><b>Threading.</b> Every method is called from the subtask's single task thread, never concurrently, so a reader
 * needs no locks. A reader may run its own I/O threads (a Kafka consumer, a file prefetcher) and hand data to the
 * task thread, completing the {@link #isAvailable()} future when it does.
 *
 * <p><b>Checkpoints.</b> The runtime calls {@link #snapshotState} between two {@link #pollNext} calls, then emits the
 * barrier: every row emitted before belongs to the checkpoint, every row after does not. The returned positions
 * must therefore be exactly those after the last emitted batch: the position of the first row not yet emitted. A
 * reader that checks {@link SourceReaderContext#barrierPending()} while it fills a batch may cut the batch short, or
 * (since 1.5) keep the rows it has made for after the barrier without emitting them, so the barrier waits neither
 * for the rest of the batch nor for the rows to pass the operators after the source; its positions are then those
 * right after the shorter batch, or at the first kept row.
 *
 * @param <SplitT> the split type
 */
@ConsumerType
public interface SourceReader<SplitT extends SourceSplit> extends AutoCloseable {

    /** Starts the reader: allocate, connect, start I/O threads. Called once before anything else. */
    void start() throws Exception;

    /**
     * Emits what is ready, at most a few batches, and returns without blocking.
     *
     * @param output where batches go
     * @return whether more is ready now, nothing is, or the input has ended
     * @throws io.sabot.plugin.PluginException for a problem of the outside world, naming split and position
     */
    InputStatus pollNext(BatchOutput output) throws Exception;

    /**
     * A future that completes when {@link #pollNext} may have something to emit. Called after {@link
     * InputStatus#NOTHING_AVAILABLE}; return an already completed future if data may already be there.
     */
    CompletableFuture<Void> isAvailable();

    /** Adds splits to read, at first assignment or restored from a checkpoint with their positions. */
    void addSplits(List<SplitT> splits);

    /** No more splits will be assigned: once the current ones finish, {@link #pollNext} returns END_OF_INPUT. */
    void notifyNoMoreSplits();

    /**
     * The reader's unfinished splits with their current positions, for checkpoint {@code checkpointId}: for each, the
     * position of its first row not yet emitted, also when the reader keeps rows it made for after the barrier (see
     * {@link SourceReaderContext#barrierPending()}); a split whose rows are all kept is still in the list. Returns
     * copies the reader will not change afterwards.
     */
    List<SplitT> snapshotState(long checkpointId);

    /** Checkpoint {@code checkpointId} is complete everywhere (e.g. commit offsets back to Kafka). Default: nothing. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {}

    /** Releases every resource and buffer; called once, even after a failure. */
    @Override
    void close() throws Exception;
}
