package io.sabot.connector.spi.sink;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes pre-committed output visible once its checkpoint has completed, or discards it. Called from one committer
 * thread per sink; may block on I/O.
 *
 * @param <CommT> the committable type
 */
@ConsumerType
public interface Committer<CommT> extends AutoCloseable {

    /**
     * Commits. Must be idempotent: after a crash the same committables are committed again on recovery, and
     * committing one that is already visible is a success.
     *
     * @throws io.sabot.plugin.PluginException if a committable can no longer be committed (e.g. a transaction timed
     *     out); the message names it, and the job fails rather than silently losing the output. A {@code
     *     PluginException} marked retriable (the target is unreachable for now) does not fail the job after a
     *     checkpoint: the committables are recorded again in the next checkpoint and committed with its own
     */
    void commit(List<CommT> committables) throws Exception;

    /** Discards pre-committed output that will never be committed (a checkpoint that failed). */
    void abort(List<CommT> committables) throws Exception;

    @Override
    default void close() throws Exception {}
}
