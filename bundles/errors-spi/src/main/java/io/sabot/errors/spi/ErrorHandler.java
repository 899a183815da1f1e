package io.sabot.errors.spi;

import java.util.Optional;
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
 *
 * <p><b>Signals besides failures</b> (since 1.1). For operations the runtime may repeat (today: a sink table's writes,
 * pre-commits and flushes), it also tells the chain when an attempt succeeded ({@link #onSuccess}) and asks before
 * each attempt whether a handler keeps the target's circuit open ({@link #circuit}). A circuit breaker needs both; the
 * other handlers ignore them.
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
     * An attempt of an operation of {@code component} succeeded, whether or not earlier attempts failed. Called for
     * every handler of the chain (not only the one that decided about an earlier failure), on the task thread after
     * each successful attempt, so once per batch a sink writes: cheap, no I/O, never blocks. A handler that throws is
     * ignored. Default: nothing.
     *
     * @param component the job, operator and subtask, table and connector of the operation
     * @since 1.1
     */
    default void onSuccess(ComponentId component) {}

    /**
     * The circuit this handler keeps for the target of {@code component}, if it keeps one. Before each attempt of an
     * operation of {@code component}, the runtime asks every handler of the chain; while one reports {@link
     * CircuitState.State#OPEN}, the operation is not attempted: the task waits {@link CircuitState#remainingDelay()}
     * (interruptibly, so cancelling the job still stops it) and asks again. The runtime also reads it for its metrics,
     * from any thread. Cheap and non-blocking; asking after the open delay has passed may move the circuit to
     * half-open. A handler that throws counts as keeping no circuit. Default: none.
     *
     * @param component the job, operator and subtask, table and connector of the operation
     * @return the circuit's state, or empty if this handler keeps no circuit for it
     * @since 1.1
     */
    default Optional<CircuitState> circuit(ComponentId component) {
        return Optional.empty();
    }

    /**
     * Releases what the handler holds. Called once, when the job stops or the handler is replaced; no {@link #handle}
     * call is in progress or follows. Default: nothing.
     */
    @Override
    default void close() {}
}
