package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One accumulator row per key to which input rows are added with a {@link BatchAggregateFunction}, read as the
 * function's result ({@link StateType#AGGREGATING}): an {@code AVG} keeps (sum, count) and is read as sum / count.
 * Created by {@link KeyedStateBackend#aggregatingState(StateDescriptor, BatchAggregateFunction)}; the accumulator
 * columns are {@link StateDescriptor#valueSchema()} and are what is stored and snapshotted; input and result columns
 * are the function's.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, borrowed inputs, caller-owned outputs.
 */
@ConsumerType
public interface AggregatingState extends KeyedState {

    /**
     * Writes, for every row {@code i}, the function's result for key {@code i}'s accumulator into row {@code i} of
     * {@code results} (nulls if the key has no accumulator) and {@code present[i]}. Sets the row count of {@code
     * results} to {@code keys.rowCount()}.
     *
     * @param keys the keys to read
     * @param results where results are written, columns matching the function's result columns; owned by the caller
     * @param present where presence is written, or null
     * @return the number of keys that have an accumulator
     */
    int get(KeyBatch keys, VectorSchemaRoot results, boolean[] present);

    /**
     * Adds row {@code i} of {@code inputs} to the accumulator of key {@code i}, for every row in row order, creating
     * the accumulator with {@link BatchAggregateFunction#createAccumulators} for a key that has none. A key occurring
     * in several rows receives each row, in row order.
     *
     * @param keys the keys to aggregate into
     * @param inputs the input rows, at least {@code keys.rowCount()} rows, columns matching the function's inputs
     */
    void add(KeyBatch keys, VectorSchemaRoot inputs);
}
