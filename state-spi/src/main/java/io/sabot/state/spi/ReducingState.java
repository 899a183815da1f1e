package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One value row per key into which new rows of the same columns are folded with a {@link BatchReduceFunction} ({@link
 * StateType#REDUCING}): a running {@code MAX}, a running sum. Created by {@link
 * KeyedStateBackend#reducingState(StateDescriptor, BatchReduceFunction)}; stored and snapshotted like {@link
 * ValueState}.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, borrowed inputs, caller-owned outputs.
 */
@ConsumerType
public interface ReducingState extends KeyedState {

    /**
     * Looks up the reduced value of every key, exactly like {@link ValueState#get}.
     *
     * @param keys the keys to look up
     * @param values where values are written; owned by the caller
     * @param present where presence is written, or null
     * @return the number of keys that have a value
     */
    int get(KeyBatch keys, VectorSchemaRoot values, boolean[] present);

    /**
     * Folds row {@code i} of {@code values} into the value of key {@code i}, for every row in row order: a key without
     * a value takes the row as it is; a key with one gets {@code reduce(stored, row)}. A key occurring in several rows
     * is folded once per row, in row order, so the result is the same as for one row per call.
     *
     * <p>The backend calls the function with row-aligned batches of (stored value, new row) pairs, at most one pair
     * per key per call, and stores the results; how it groups rows into calls is its own business.
     *
     * @param keys the keys to fold into
     * @param values the new rows, at least {@code keys.rowCount()} rows, columns matching the value schema
     */
    void add(KeyBatch keys, VectorSchemaRoot values);
}
