package io.sabot.state.spi.replicated;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A cluster-wide store of named {@link ReplicatedMap}s, registered as an OSGi service with {@value
 * ReplicatedStores#REPLICATED_STORE_PROPERTY} set to {@link #identifier()}. Implemented by a store bundle (Hazelcast
 * first); used by the runtime for dimension tables and published source offsets. The consistency, threading and
 * blocking rules are those of {@link io.sabot.state.spi.replicated}.
 *
 * <p><b>Lifecycle.</b> The service is registered once the node has joined its cluster and unregistered before the
 * store shuts down. Maps obtained from it are valid while it is registered; afterwards their methods throw {@link
 * IllegalStateException}, and the runtime obtains new maps from the replacement service. Data outlives a single
 * node's store (it is replicated), not the whole cluster.
 */
@ConsumerType
public interface ReplicatedStore {

    /** The store's identifier, e.g. {@code hazelcast}; equal to its service property. */
    String identifier();

    /**
     * The map named {@code name}, created (empty, on every node) if it does not exist. Cheap and idempotent: calls
     * with the same name return equivalent handles onto the same data.
     *
     * @param name a map name per {@link ReplicatedStores#checkMapName}
     * @throws IllegalArgumentException if the name is invalid
     * @throws io.sabot.plugin.PluginException if the cluster cannot be reached to create it
     */
    ReplicatedMap map(String name);

    /** The names of the existing maps, as seen by this node; a snapshot, for consoles and cleanup. */
    Set<String> mapNames();

    /**
     * Deletes the map named {@code name} and its data on every node. Handles onto it then behave as an empty map that
     * is created again on the next write.
     *
     * @return whether the map existed
     * @throws io.sabot.plugin.PluginException if the cluster cannot be reached
     */
    boolean destroy(String name);

    /**
     * Whether reads ({@link ReplicatedMap#get}, {@link ReplicatedMap#getAll}) are served from a full local replica
     * without network I/O. When true, a task thread may do lookups on its data path; when false (a remote store such
     * as Redis), the runtime does them from I/O threads.
     */
    boolean readsLocally();
}
