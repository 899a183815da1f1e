package io.sabot.state.spi.replicated;

import java.util.function.BiConsumer;
import org.apache.arrow.vector.VarBinaryVector;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One named map of a {@link ReplicatedStore}, from byte-array keys to byte-array values. Thread-safe; the
 * consistency and blocking rules are those of {@link io.sabot.state.spi.replicated}.
 *
 * <p><b>Arrays.</b> The store neither modifies arrays passed to it nor expects the caller to keep them unchanged after
 * the call returns (it copies or serialises what it keeps). Arrays it returns are new and belong to the caller.
 * Values may be at most a store-specific size (at least 1 MiB); keys should be short.
 *
 * <p><b>Batches.</b> {@link #getAll} and {@link #putAll} take Arrow vectors, so that a lookup join resolves a whole
 * batch of keys with one call (one network round trip for a remote store). Input vectors are borrowed for the call;
 * the output vector is the caller's, written from row 0 in order with {@code setSafe}, value count set.
 *
 * <h2>Example: a lookup join against a dimension table</h2>
 *
 * <pre>{@code
 * ReplicatedMap rates = store.map(ReplicatedStores.mapName(tenant, ReplicatedStores.PURPOSE_DIMENSION, "rates"));
 * // per probe batch: the runtime encodes each row's join key with its canonical key encoding
 * keyEncoder.encode(input.getVector("currency"), input.getRowCount(), encodedKeys);
 * rates.getAll(encodedKeys, input.getRowCount(), encodedRows);   // one call, one round trip at most
 * // encodedRows[i] is the dimension row matching input row i, or null: no match (an inner join drops the row)
 * }</pre>
 */
@ConsumerType
public interface ReplicatedMap {

    /** The map's name. */
    String name();

    /**
     * The value of {@code key}, or null if absent.
     *
     * @throws io.sabot.plugin.PluginException (retriable) if a remote store cannot be reached in time
     */
    byte[] get(byte[] key);

    /**
     * Looks up a batch of keys: for every row {@code i < rowCount}, writes the value of key {@code keys[i]} into row
     * {@code i} of {@code values}, or null if absent (or if {@code keys[i]} is null). Sets the value count of {@code
     * values} to {@code rowCount}.
     *
     * @param keys the keys, at least {@code rowCount} values; borrowed
     * @param rowCount the number of rows to look up
     * @param values where values are written; owned by the caller
     * @return the number of keys found
     * @throws io.sabot.plugin.PluginException (retriable) if a remote store cannot be reached in time
     */
    int getAll(VarBinaryVector keys, int rowCount, VarBinaryVector values);

    /**
     * Sets the value of {@code key}, replacing any previous one.
     *
     * @throws io.sabot.plugin.PluginException (retriable) if the write cannot be accepted in time
     */
    void put(byte[] key, byte[] value);

    /**
     * Applies a batch of changes: for every row {@code i < rowCount}, sets key {@code keys[i]} to {@code values[i]},
     * or removes it if {@code values[i]} is null (so a changelog of upserts and deletes is one call). Rows are applied
     * in order, so for a key occurring twice the later row wins; the batch as a whole is not atomic.
     *
     * @param keys the keys, none null; borrowed
     * @param values the values or nulls; borrowed
     * @param rowCount the number of rows
     * @throws IllegalArgumentException if a key is null
     * @throws io.sabot.plugin.PluginException (retriable) if the writes cannot be accepted in time; some rows may have
     *     been applied, and applying the batch again is safe
     */
    void putAll(VarBinaryVector keys, VarBinaryVector values, int rowCount);

    /**
     * Removes {@code key}.
     *
     * @return whether the key was present on this node
     * @throws io.sabot.plugin.PluginException (retriable) if the write cannot be accepted in time
     */
    boolean remove(byte[] key);

    /** The number of entries as seen by this node. */
    long size();

    /**
     * Calls {@code action} with every entry as seen by this node, on the calling thread. Weakly consistent: entries
     * changed during the iteration may or may not be seen, and none is seen twice. For cold paths (loading a local
     * cache, a console view); {@code action} must not modify the map.
     */
    void forEach(BiConsumer<byte[], byte[]> action);

    /**
     * Registers a listener for changes made from now on, on any node. To build a consistent local copy, register
     * first, then read with {@link #forEach}: changes made in between arrive as events, which are idempotent to apply.
     *
     * @return the registration; closing it stops the events (events already dispatched may still arrive)
     */
    ListenerRegistration addListener(EntryListener listener);
}
