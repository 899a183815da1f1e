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
     * SourceReader#pollNext} returns, before it polls again. A reader that fills a batch row by row may check this
     * every few rows and, when it is true, stop filling and return ({@link InputStatus#MORE_AVAILABLE} when there is
     * more to read) in one of two ways:
     *
     * <ul>
     *   <li><b>Cut</b> (since 1.3): emit the rows it has (a shorter batch, or none) and leave its split positions
     *       right after them. The barrier follows those rows, after the runtime has pushed them through the operators
     *       chained to the source.
     *   <li><b>Keep</b> (since 1.5): emit nothing more in this poll and keep the rows made since its last emitted
     *       batch for after the barrier, with its split positions still at the first of them (the first row not yet
     *       emitted). The barrier goes out at once; {@link SourceReader#snapshotState} records those positions, so a
     *       restore makes the kept rows again after the barrier, and the reader emits them in a later poll, usually
     *       with more rows appended. A reader that can make its rows again from a position (a generator, a file or
     *       log it can seek) keeps them without copying; one that cannot replay them must cut.
     * </ul>
     *
     * Either way the rule of {@link SourceReader#snapshotState} holds: the positions are those right after the last
     * emitted row. A reader that never calls this still works: its barriers follow its current batch.
     *
     * <p><b>Cost and threading.</b> One volatile read (a plain load on x86), no allocation; call it from the task
     * thread, during {@code pollNext}. The runtime sets it first thing when a checkpoint is triggered, before any other
     * work of the coordinator's, and it stays true until the barrier is injected, so a reader may check it as rarely
     * as it likes: checking it every 4 to 32 rows keeps the barrier's wait to a microsecond or so and is free next to
     * making the rows. A reader emitting several batches in one poll should also return after the batch it cut.
     *
     * <p>Default: always false (a context that does not know of barriers, as in a reader's unit test).
     *
     * @since 1.3 (keeping the rows for after the barrier: since 1.5)
     */
    default boolean barrierPending() {
        return false;
    }
}
