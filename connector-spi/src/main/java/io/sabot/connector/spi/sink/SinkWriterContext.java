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
}
