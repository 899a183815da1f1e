package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One value row per key ({@link StateType#VALUE}): the state an aggregation's accumulators or a deduplication's
 * "seen" flags live in. The value columns are those of {@link StateDescriptor#valueSchema()}.
 *
 * <p>A key either has a value (a row, whose columns may individually be null) or has none. {@link #get} tells the two
 * apart with its {@code present} array; operators whose values are never all-null can skip it and read absence as
 * null.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, borrowed inputs, caller-owned outputs.
 *
 * <h2>Example: a running count per user, one state call per batch</h2>
 *
 * <pre>{@code
 * // when the operator opens
 * ValueState counts = backend.valueState(COUNTS);
 * VectorSchemaRoot current = VectorSchemaRoot.create(COUNTS.valueSchema(), allocator); // reused for every batch
 * VectorSchemaRoot next = VectorSchemaRoot.create(COUNTS.valueSchema(), allocator);
 * boolean[] present = new boolean[maxBatchSize];
 *
 * // for every input batch; keyGroups[] came with the batch from the keyed exchange
 * KeyBatch keys = KeyBatch.of(List.of(input.getVector("user_id")), keyGroups, input.getRowCount());
 * current.clear();
 * counts.get(keys, current, present);                      // one lookup for the whole batch
 * BigIntVector before = (BigIntVector) current.getVector(0);
 * BigIntVector after = (BigIntVector) next.getVector(0);
 * for (int i = 0; i < keys.rowCount(); i++) {               // a tight loop over primitives, no virtual call per row
 *     after.setSafe(i, (present[i] ? before.get(i) : 0) + 1);
 * }
 * next.setRowCount(keys.rowCount());
 * counts.put(keys, next);                                  // one write for the whole batch
 * }</pre>
 *
 * <p>A key occurring twice in one batch would be counted once here (the last row wins in {@link #put}); an operator
 * that can see duplicate keys aggregates them within the batch first, in its own hash table, which it does anyway to
 * keep state calls per batch, not per row.
 */
@ConsumerType
public interface ValueState extends KeyedState {

    /**
     * Looks up the value of every key of the batch.
     *
     * <p>For each row {@code i < keys.rowCount()}, writes the key's value into row {@code i} of {@code values}, or
     * nulls in every column if the key has none, and {@code present[i]}. Sets the row count of {@code values} to
     * {@code keys.rowCount()}.
     *
     * @param keys the keys to look up
     * @param values where values are written; its vectors match the value schema in order and type; owned by the
     *     caller, who should pass vectors that are empty or were reset since the last use (the backend writes from row
     *     0 and overwrites)
     * @param present where presence is written, at least {@code keys.rowCount()} long; or null if the caller does not
     *     need it
     * @return the number of keys that have a value
     */
    int get(KeyBatch keys, VectorSchemaRoot values, boolean[] present);

    /**
     * Sets the value of every key of the batch to row {@code i} of {@code values}. If a key occurs in several rows,
     * the last row wins.
     *
     * @param keys the keys to write
     * @param values the new values, at least {@code keys.rowCount()} rows, columns matching the value schema
     */
    void put(KeyBatch keys, VectorSchemaRoot values);
}
