package io.sabot.state.spi.replicated;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The handle of an {@link EntryListener} registered with {@link ReplicatedMap#addListener}. Implemented by the store.
 * Thread-safe.
 */
@ConsumerType
public interface ListenerRegistration extends AutoCloseable {

    /**
     * Unregisters the listener; idempotent. Events already being dispatched may still arrive after this returns.
     * Unregistering never throws: if the cluster is unreachable, the store unregisters locally and cleans up later.
     */
    @Override
    void close();
}
