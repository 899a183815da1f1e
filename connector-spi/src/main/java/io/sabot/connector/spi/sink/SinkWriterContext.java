package io.sabot.connector.spi.sink;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.EncodeErrors;
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

    /**
     * Where rows of the batch being written that cannot be encoded or written go (see {@link SinkWriter}, "Rows that
     * cannot be written"): pass it to {@link io.sabot.connector.spi.format.RecordEncoder#encode(
     * org.apache.arrow.vector.VectorSchemaRoot, io.sabot.connector.spi.format.BinaryRecords, EncodeErrors)}, and
     * report rows the target would refuse (a record over its size limit) to it before sending anything of the batch.
     * Default: every such row fails the write.
     *
     * @since 1.3
     */
    default EncodeErrors encodeErrors() {
        return EncodeErrors.FAIL;
    }
}
