package io.sabot.state.spi;

import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An ordered list of element rows per key ({@link StateType#LIST}): buffered rows of a join side, the contents of a
 * window that is not pre-aggregated. The element columns are those of {@link StateDescriptor#valueSchema()}.
 *
 * <p>Reads return a <em>flattened</em> result, the shape of a join's output: one output row per element, plus the
 * index of the key row it belongs to. A key with an empty list and a key never written are the same.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, borrowed inputs, caller-owned outputs.
 */
@ConsumerType
public interface ListState extends KeyedState {

    /**
     * Reads the lists of every key of the batch.
     *
     * <p>Writes one row per element into {@code elements}, and the index of the element's key row (in {@code keys})
     * at the same index of {@code keyRows}: first all elements of key row 0 in list order, then those of key row 1,
     * and so on. A key occurring in several rows has its list written once per row. Sets the value count of {@code
     * keyRows} and the row count of {@code elements} to the number of elements written.
     *
     * <p>The output size is not known in advance: the vectors grow from their own allocators. Callers bound it by the
     * size of their key batches.
     *
     * @param keys the keys to read
     * @param keyRows where the key row of each element is written; owned by the caller
     * @param elements where the elements are written; columns matching the element schema; owned by the caller
     * @return the number of elements written
     */
    int get(KeyBatch keys, IntVector keyRows, VectorSchemaRoot elements);

    /**
     * Appends row {@code i} of {@code elements} to the list of key {@code i}, for every row, in row order: a key
     * occurring in several rows gets several elements, in that order.
     *
     * @param keys the keys to append to
     * @param elements the new elements, at least {@code keys.rowCount()} rows, columns matching the element schema
     */
    void add(KeyBatch keys, VectorSchemaRoot elements);

    /**
     * Replaces the lists of the batch's keys: afterwards, the list of each distinct key of the batch holds exactly the
     * element rows of that key's rows, in row order. Keys not in the batch are untouched. Equivalent to {@link #clear}
     * then {@link #add}, in one call.
     *
     * @param keys the keys whose lists are replaced
     * @param elements the new elements, at least {@code keys.rowCount()} rows
     */
    void replace(KeyBatch keys, VectorSchemaRoot elements);
}
