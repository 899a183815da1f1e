package io.sabot.connector.spi.sink;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes the batches of one parallel subtask. Every method is called from that subtask's task thread.
 *
 * @param <CommT> the committable type; {@link Void} for at-least-once sinks
 */
@ConsumerType
public interface SinkWriter<CommT> extends AutoCloseable {

    /**
     * Writes a batch. May block while the external system pushes back (that is how backpressure reaches the
     * sources), but should not otherwise wait.
     *
     * <p><b>Ownership:</b> the batch belongs to the runtime and is reused after this returns: copy (or encode) what
     * must outlive the call.
     *
     * @throws io.sabot.plugin.PluginException for a problem of the outside world, naming the table and target
     */
    void write(VectorSchemaRoot batch) throws Exception;

    /**
     * Pre-commits everything written since the last call, for checkpoint {@code checkpointId}: make it durable but
     * not yet visible, and describe it. An at-least-once writer flushes and returns an empty list.
     *
     * @return the committables to store in the checkpoint; the runtime owns the list
     */
    List<CommT> prepareCommit(long checkpointId) throws Exception;

    /** The input has ended (bounded job): flush what is buffered before the final {@link #prepareCommit}. */
    default void endOfInput() throws Exception {}

    /** Releases resources; output not pre-committed is discarded (it will be replayed). Called once. */
    @Override
    void close() throws Exception;
}
