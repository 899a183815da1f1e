package io.sabot.errors.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides what happens after a failure. Created per job by an {@link ErrorHandlerFactory}, one link of the job's
 * handler chain (see {@link ErrorHandlers#decide}).
 *
 * <p><b>Threading.</b> One instance serves every subtask of its job, and is asked from task threads and the
 * coordinator, possibly at the same time: implementations are thread-safe. {@link #handle} is on the data path: it
 * returns quickly, does no I/O and never blocks; a handler that wants to wait returns {@link Decision#retry} with a
 * delay.
 *
 * <p><b>State.</b> A handler may keep counters (attempts per component, a breaker's window); they live as long as the
 * instance, that is across restarts of the job's execution but not across a replacement of the handler's bundle, and
 * are not checkpointed. Per-record retry counting needs no state: {@link Failure#attempt()} carries it.
 */
@ConsumerType
public interface ErrorHandler extends AutoCloseable {

    /**
     * Decides about one failure.
     *
     * @param failure the failure; never null
     * @return the decision; {@link Decision#pass()} to leave it to the next handler. Never null: null, like an
     *     exception thrown here, is taken as {@code FAIL}.
     */
    Decision handle(Failure failure);

    /**
     * Releases what the handler holds. Called once, when the job stops or the handler is replaced; no {@link #handle}
     * call is in progress or follows. Default: nothing.
     */
    @Override
    default void close() {}
}
