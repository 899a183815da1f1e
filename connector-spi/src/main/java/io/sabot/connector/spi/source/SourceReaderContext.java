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
}
