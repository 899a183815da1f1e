package io.sabot.connector.spi.sink;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes the batches of one parallel subtask. Every method is called from that subtask's task thread.
 *
 * <h2>Failures and retries</h2>
 * Since 1.2. When {@link #write}, {@link #prepareCommit} or {@link #endOfInput} throws, the runtime hands the failure
 * to the sink table's error handlers ({@code error.handler}), which may have the same call made again, with the same
 * batch or checkpoint id, after a delay. The runtime repeats a call only when the writer declared its failure
 * <em>retriable</em>:
 *
 * <ul>
 *   <li>a {@link io.sabot.plugin.PluginException} with {@link io.sabot.plugin.PluginException#isRetriable()} true, or
 *   <li>an {@link java.io.IOException} or a {@link java.util.concurrent.TimeoutException}, thrown as such (not
 *       wrapped).
 * </ul>
 *
 * <p>By throwing a retriable failure the writer promises that <b>the failed call had no effect a repeated call would
 * duplicate</b>: nothing of the batch reached the target, or what did will never become visible, and the writer is
 * still usable. Only then is a retried write neither lost nor doubled. A writer that cannot promise it (part of the
 * batch was sent or appended, a transaction broke) throws a non-retriable {@code PluginException}: the job fails and
 * restarts from its latest checkpoint, where output that was not pre-committed is discarded (exactly-once sinks) or
 * written again (at-least-once sinks). Any other exception is not retriable. Between a failed call and its repetition
 * the writer receives no other call.
 *
 * <h2>Rows that cannot be written</h2>
 * Since 1.3. A row the format cannot encode, or the target would refuse on its own (a record over the target's size
 * limit), is not a failure of the write: the writer reports it to {@link SinkWriterContext#encodeErrors()} (encoders
 * do so when given it) before it sends or appends anything of the batch, and writes the batch's other rows. The sink
 * table's error handlers skip the row or dead-letter it with its values; when they (or the default, no handler)
 * decide that it fails, {@code encodeErrors()} throws and the writer lets the exception propagate. A retried write
 * reports the same rows again; the runtime sets each aside once.
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
     * @throws io.sabot.plugin.PluginException for a problem of the outside world, naming the table and target;
     *     retriable only if the batch may be written again as a whole (see above)
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
