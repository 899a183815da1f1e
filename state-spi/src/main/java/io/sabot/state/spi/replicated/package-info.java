/**
 * Replicated key-value maps: small, read-mostly data that every node of a Sabot cluster must see, such as dimension
 * tables for lookup joins and source offsets for monitoring and hand-over, without going through a job's keyed state.
 *
 * <p>A store bundle (Hazelcast first) registers a {@link io.sabot.state.spi.replicated.ReplicatedStore} service with
 * the service property {@value io.sabot.state.spi.replicated.ReplicatedStores#REPLICATED_STORE_PROPERTY} set to its
 * identifier. The store is configured as a node-level component (cluster members, timeouts), not per job, which is
 * why it is registered directly rather than through a factory; its configuration is a metatype-described Config
 * Admin configuration like every other tunable. The runtime picks a store by identifier with a {@code .target}
 * filter.
 *
 * <h2>Bytes, not objects</h2>
 * Keys and values are byte arrays. A store never deserialises anything: it cannot see the classes of the bundles
 * that use it (and must not, or a bundle update would strand stale classes in the cluster), and a byte contract
 * survives upgrades of either side. Encoding is the caller's: the runtime encodes a dimension table's key columns with
 * its canonical key encoding and a row as a small Arrow IPC message, and two keys are equal exactly when their bytes
 * are.
 *
 * <h2>Consistency</h2>
 * The guarantees are deliberately those of an eventually consistent replicated map (Hazelcast's {@code
 * ReplicatedMap}), which every reasonable implementation can give:
 *
 * <ul>
 *   <li><b>Read your writes</b> on the node that wrote: a {@code get} after a {@code put} returns on the same node what
 *       was put (or something newer).
 *   <li><b>Per-key order</b>: updates of one key made by one node are applied on every node in the order made.
 *   <li><b>Eventual visibility</b>: other nodes see a write after a short, unbounded delay; concurrent writes of the
 *       same key from different nodes converge on one of the values, implementation-defined.
 *   <li><b>No transactions</b>: no atomicity across keys or maps; {@code putAll} may become visible key by key.
 *   <li><b>Durability</b>: data survives the loss of nodes as long as one replica remains; it does not survive the
 *       loss of the whole cluster unless the implementation persists it.
 * </ul>
 *
 * <p>Therefore a replicated map is never the source of truth for exactly-once recovery: checkpoints are. Source
 * offsets written here are a published copy; dimension tables are reloaded from their source when the cluster
 * restarts.
 *
 * <h2>Threading and blocking</h2>
 * Stores and maps are thread-safe and may be used from any thread. Reads of a store whose {@link
 * io.sabot.state.spi.replicated.ReplicatedStore#readsLocally()} is true are served from local memory and never block
 * on the network, so a task thread may call {@code getAll} on its data path; otherwise every call may wait for the
 * network, up to the store's configured timeout, and the runtime calls it from I/O threads only. Writes may always
 * block up to that timeout. A timeout or lost connection surfaces as {@link io.sabot.plugin.PluginException} with
 * {@code isRetriable() == true}, handled by the job's error handler as a {@code NETWORK} or {@code TIMEOUT} failure.
 */
@Version("1.0.0")
package io.sabot.state.spi.replicated;

import org.osgi.annotation.versioning.Version;
