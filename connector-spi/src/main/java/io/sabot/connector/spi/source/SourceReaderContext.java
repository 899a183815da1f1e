package io.sabot.connector.spi.source;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordFailurePolicy;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ProviderType;

/** The runtime's side of a reader: which subtask, where memory comes from, how to ask for work. */
@ProviderType
public interface SourceReaderContext {

    /** The table being read. */
    TableContext table();

    /** This reader's subtask index, 0-based, below {@link TableContext#parallelism()}. */
    int subtaskIndex();

    /**
     * The allocator for every buffer this reader creates. It is a child of the job's (and tenant's) allocator, so its
     * limit is the memory budget: an allocation beyond it fails with Arrow's {@code OutOfMemoryException} rather than
     * taking the container down. The runtime closes it after the reader; leaked buffers are reported then.
     */
    BufferAllocator allocator();

    /** The preferred number of rows per batch (a hint: emit fewer when less is ready, never wait to fill a batch). */
    int batchSize();

    /** Asks the enumerator for another split (pull-based sources). */
    void sendSplitRequest();

    /**
     * The job's policy for records that do not decode, for the reader's {@link
     * io.sabot.connector.spi.format.DecodeFailures}: the table's (or job's) error handlers skip them, dead-letter
     * them, or let them fail the read. Default: every failure fails.
     *
     * @since 1.1
     */
    default RecordFailurePolicy recordFailurePolicy() {
        return RecordFailurePolicy.FAIL;
    }

    /**
     * Whether a checkpoint barrier waits for this reader: the runtime injects it as soon as the current {@link
     * SourceReader#pollNext} returns. A reader that fills a batch row by row may check this every few dozen rows and,
     * when it is true, stop filling: emit the rows it has (a shorter batch, or none), leave its split positions right
     * after them and return ({@link InputStatus#MORE_AVAILABLE} when there is more to read). The barrier then follows
     * those rows at once instead of after a whole batch, and {@link SourceReader#snapshotState} records the positions
     * at the cut, so a restore replays exactly the rows after it. A reader that never calls this still works: its
     * barriers follow its current batch.
     *
     * <p><b>Cost and threading.</b> One volatile read, no allocation; call it from the task thread, during {@code
     * pollNext}. Once true it stays true until the barrier is injected, so a reader may check it as rarely as it
     * likes; checking it once per row is wasteful, checking it every 32 to 256 rows is free next to making the rows.
     * A reader emitting several batches in one poll should also return after the batch it cut.
     *
     * <p>Default: always false (a context that does not know of barriers, as in a reader's unit test).
     *
     * @since 1.3
     */
    default boolean barrierPending() {
        return false;
    }
}
