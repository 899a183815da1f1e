package io.sabot.state.spi;

import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Per key, a map from user-key rows to value rows ({@link StateType#MAP}): a join side indexed by row id, per-key
 * sets, an upsert buffer. User-key columns are those of {@link StateDescriptor#userKeySchema()}, value columns those
 * of {@link StateDescriptor#valueSchema()}. User keys are compared like keys (null equals null, floating point by
 * bits).
 *
 * <p>Point operations ({@link #get}, {@link #put}, {@link #remove}) are row-aligned: row {@code i} of the user-key
 * batch goes with key row {@code i}. {@link #entries} returns a flattened result, like {@link ListState#get}.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, borrowed inputs, caller-owned outputs.
 */
@ConsumerType
public interface MapState extends KeyedState {

    /**
     * Looks up, for every row {@code i}, the value of user key {@code userKeys[i]} in the map of key {@code i}; writes
     * it into row {@code i} of {@code values} (nulls if absent) and {@code present[i]}. Sets the row count of {@code
     * values} to {@code keys.rowCount()}.
     *
     * @param keys the keys whose maps are read
     * @param userKeys the user keys, at least {@code keys.rowCount()} rows, columns matching the user-key schema
     * @param values where values are written; owned by the caller
     * @param present where presence is written, at least {@code keys.rowCount()} long; or null
     * @return the number of entries found
     */
    int get(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values, boolean[] present);

    /**
     * Puts, for every row {@code i}, the entry {@code userKeys[i] -> values[i]} into the map of key {@code i}. If the
     * same (key, user key) occurs in several rows, the last row wins.
     *
     * @param keys the keys whose maps are written
     * @param userKeys the user keys, at least {@code keys.rowCount()} rows
     * @param values the values, at least {@code keys.rowCount()} rows
     */
    void put(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values);

    /**
     * Removes, for every row {@code i}, user key {@code userKeys[i]} from the map of key {@code i}; absent entries are
     * ignored.
     *
     * @param keys the keys whose maps are changed
     * @param userKeys the user keys to remove, at least {@code keys.rowCount()} rows
     */
    void remove(KeyBatch keys, VectorSchemaRoot userKeys);

    /**
     * Reads the whole maps of every key of the batch: one output row per entry, its user key in {@code userKeysOut},
     * its value in {@code valuesOut}, and the index of its key row in {@code keyRows}, grouped by ascending key row.
     * Within one key the order of entries is the backend's, stable as long as the map does not change. Sets the counts
     * of all three outputs to the number of entries written.
     *
     * @param keys the keys whose maps are read
     * @param keyRows where the key row of each entry is written; owned by the caller
     * @param userKeysOut where user keys are written; owned by the caller
     * @param valuesOut where values are written; owned by the caller
     * @return the number of entries written
     */
    int entries(KeyBatch keys, IntVector keyRows, VectorSchemaRoot userKeysOut, VectorSchemaRoot valuesOut);
}
