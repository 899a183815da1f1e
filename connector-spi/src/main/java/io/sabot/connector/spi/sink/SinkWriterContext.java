package io.sabot.connector.spi.sink;

import io.sabot.connector.spi.TableContext;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ProviderType;

/** The runtime's side of a sink writer. */
@ProviderType
public interface SinkWriterContext {

    /** The table written. */
    TableContext table();

    /** This writer's subtask index, 0-based. */
    int subtaskIndex();

    /** The allocator for buffers the writer keeps (copies of batches, encode buffers); closed after the writer. */
    BufferAllocator allocator();

    /**
     * The checkpoint the job restored from, if any. A transactional writer aborts what it (or its predecessor with the
     * same subtask index) opened after that checkpoint: such output was never committed and will be written again.
     */
    OptionalLong restoredCheckpointId();

    /**
     * The job's periodic checkpoint interval in milliseconds; empty when the job takes no periodic checkpoints. A
     * transactional writer keeps a transaction open from one checkpoint to the completion of the next, so it checks
     * here that its transactions outlive an interval, and refuses to start otherwise.
     *
     * @since 1.1
     */
    default OptionalLong checkpointIntervalMillis() {
        return OptionalLong.empty();
    }
}
