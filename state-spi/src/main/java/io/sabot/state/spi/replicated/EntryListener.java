package io.sabot.state.spi.replicated;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives changes of a {@link ReplicatedMap}. Implemented by the map's users (the runtime keeping a dimension table's
 * local index up to date, a console), called by the store; {@code @ConsumerType} because its implementers are the
 * store's clients.
 *
 * <p><b>Threading.</b> Called on the store's event threads, never on the thread that made the change. Events of one
 * key arrive in the order they were applied; events of different keys may arrive concurrently, on different threads,
 * so an implementation that keeps shared state synchronises it. The method must return quickly and must not block
 * (hand work to another thread instead), or it delays every listener of the store.
 *
 * <p><b>Errors.</b> An exception thrown here is logged by the store and otherwise ignored; the listener stays
 * registered.
 */
@ConsumerType
public interface EntryListener {

    /** One key was added, updated or removed. */
    void onEvent(EntryEvent event);
}
