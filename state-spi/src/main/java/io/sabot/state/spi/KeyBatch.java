package io.sabot.state.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The keys of one batch call: the key columns, the key group of every row, and the number of rows. Every state and
 * timer operation takes one, so an operator addresses a whole batch of keys with a single call.
 *
 * <p>Row {@code i}'s key is the tuple of the key columns' values at index {@code i}, and its key group is {@code
 * keyGroups()[i]}. The columns correspond, in order, to the fields of the descriptor's key schema ({@link
 * StateDescriptor#keySchema()} or {@link TimerDescriptor#keySchema()}): same count, same Arrow types; names are not
 * compared, so an operator may pass its input batch's own columns without renaming them.
 *
 * <p><b>A view, not a copy.</b> A {@code KeyBatch} owns nothing: it refers to the caller's vectors and array, which
 * must stay unchanged while a call runs and which a backend must not keep after the call returns (it copies what it
 * stores). Creating one is cheap (no buffer is touched), so callers create one per batch. Not thread-safe, like the
 * vectors it refers to.
 *
 * <p>The same key may occur in several rows of one batch. What that means is defined per operation (for {@link
 * ValueState#put}, the last row wins; for {@link ListState#add}, each row appends an element in row order).
 */
public final class KeyBatch {

    private final List<FieldVector> columns;
    private final int[] keyGroups;
    private final int rowCount;

    private KeyBatch(List<FieldVector> columns, int[] keyGroups, int rowCount) {
        this.columns = columns;
        this.keyGroups = keyGroups;
        this.rowCount = rowCount;
    }

    /**
     * A batch whose keys are every vector of {@code keys}, for {@code keys.getRowCount()} rows.
     *
     * @param keys the key columns, in key-schema order
     * @param keyGroups the key group of every row; at least as long as the row count (longer arrays are fine, so a
     *     caller can reuse one array for all batches)
     * @throws IllegalArgumentException if {@code keys} has no vector, a vector holds fewer values than the row count,
     *     or {@code keyGroups} is too short
     */
    public static KeyBatch of(VectorSchemaRoot keys, int[] keyGroups) {
        Objects.requireNonNull(keys, "keys");
        return of(keys.getFieldVectors(), keyGroups, keys.getRowCount());
    }

    /**
     * A batch of {@code rowCount} rows whose keys are the given columns, for instance some columns of an input batch.
     *
     * @param columns the key columns, in key-schema order; the list is copied, the vectors are not
     * @param keyGroups the key group of every row; at least {@code rowCount} long
     * @param rowCount the number of rows, {@code >= 0}
     * @throws IllegalArgumentException if {@code columns} is empty, {@code rowCount} is negative, a column holds fewer
     *     than {@code rowCount} values, or {@code keyGroups} is shorter than {@code rowCount}
     */
    public static KeyBatch of(List<? extends FieldVector> columns, int[] keyGroups, int rowCount) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(keyGroups, "keyGroups");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a key batch needs at least one key column");
        }
        if (rowCount < 0) {
            throw new IllegalArgumentException("negative row count " + rowCount);
        }
        if (keyGroups.length < rowCount) {
            throw new IllegalArgumentException(
                    "key groups for " + keyGroups.length + " rows, but the batch has " + rowCount + " rows");
        }
        List<FieldVector> copy = new ArrayList<>(columns.size());
        for (FieldVector column : columns) {
            Objects.requireNonNull(column, "key column");
            if (column.getValueCount() < rowCount) {
                throw new IllegalArgumentException("key column '" + column.getName() + "' holds "
                        + column.getValueCount() + " values, but the batch has " + rowCount + " rows");
            }
            copy.add(column);
        }
        return new KeyBatch(Collections.unmodifiableList(copy), keyGroups, rowCount);
    }

    /** The key columns, in key-schema order; unmodifiable. */
    public List<FieldVector> columns() {
        return columns;
    }

    /** Key column {@code index}, 0-based. */
    public FieldVector column(int index) {
        return columns.get(index);
    }

    /** The number of key columns. */
    public int columnCount() {
        return columns.size();
    }

    /**
     * The key group of every row, at the row's index; the caller's array itself (not a copy), possibly longer than
     * {@link #rowCount()}. Not to be modified by a backend.
     */
    public int[] keyGroups() {
        return keyGroups;
    }

    /** The key group of row {@code row}. */
    public int keyGroup(int row) {
        Objects.checkIndex(row, rowCount);
        return keyGroups[row];
    }

    /** The number of rows (keys) in the batch; may be 0, in which case every operation does nothing. */
    public int rowCount() {
        return rowCount;
    }

    /**
     * Checks that every row's key group lies in {@code range}: what a backend calls before writing, since a key group
     * outside its range means the row was routed to the wrong subtask.
     *
     * @throws IllegalArgumentException naming the first offending row and key group
     */
    public void checkKeyGroupsIn(KeyGroupRange range) {
        for (int i = 0; i < rowCount; i++) {
            if (!range.contains(keyGroups[i])) {
                throw new IllegalArgumentException(
                        "row " + i + " has key group " + keyGroups[i] + ", outside this subtask's range " + range);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder names = new StringBuilder();
        for (FieldVector column : columns) {
            names.append(names.length() == 0 ? "" : ", ").append(column.getName());
        }
        return "KeyBatch[" + rowCount + " rows; " + names + "]";
    }
}
